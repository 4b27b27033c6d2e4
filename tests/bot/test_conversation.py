"""A chat, not a search box: small talk, other languages, follow-ups, /new and edited questions,
through the real Application with the offline Bot API stand-in and a real state database.

Most follow-up tests record what the bot hands ``bot.asking.ask``, the one seam to the engine:
which turn a message may lean on is the bot's side of follow-ups; whether it does lean on it is
the engine's (``retrieval.followup``, measured by ``tests/data/conversations.jsonl``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import asking, wording
from bot.asking import FOLLOW_UP_WINDOW, Asked, Turn
from bot.format import plain
from bot.settings import Settings
from bot.state import DATABASE_NAME
from retrieval.engine import Engine
from retrieval.small_talk import Move
from tests.support.app import BuildApp
from tests.support.botapi import BOT_USERNAME, GROUP_CHAT, FakeBotApi, UpdateFactory
from tests.support.paths import MISSION_DOC, MISSION_QUESTION, MISSION_TITLE

UNANSWERABLE = "ما هي عاصمة اليابان؟"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
MEETING_QUESTION = "أين التقى بوتين علييف وباشينيان؟"
OTHER_USER = {"id": 5550002, "is_bot": False, "first_name": "سامي"}
START = 1_800_000_000.0


@dataclass
class Clock:
    """The bot's clock, moved by the test."""

    now: float = START

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Call:
    """What the bot asked the engine seam: the question and the turn it may lean on."""

    question: str
    previous: Turn | None


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Every call of ``bot.asking.ask``, which still answers as it does."""
    calls: list[Call] = []
    real_ask = asking.ask

    def ask(engine: Engine, question: str, **options: Any) -> Asked:
        calls.append(Call(question, options["previous"]))
        return real_ask(engine, question, **options)

    monkeypatch.setattr(asking, "ask", ask)
    return calls


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def chat_app(build_app: BuildApp, settings: Settings, clock: Clock) -> Application:
    return await build_app(settings, clock=clock)


async def feed(application: Application, data: dict[str, Any]) -> None:
    await application.process_update(Update.de_json(data, application.bot))


@pytest.mark.parametrize(
    ("text", "moves"),
    [
        ("السلام عليكم", (Move.SALAM,)),
        ("مرحبا", (Move.HELLO,)),
        ("هلا", (Move.HELLO,)),
        ("صباح الخير", (Move.MORNING,)),
        ("شكرا!", (Move.THANKS,)),
        ("يعطيك العافية", (Move.THANKS,)),
        ("من أنت؟", (Move.WHO_ARE_YOU,)),
        ("مين انت؟", (Move.WHO_ARE_YOU,)),
        ("ماذا تستطيع؟", (Move.WHAT_CAN_YOU_DO,)),
        ("شو بتعمل؟", (Move.WHAT_CAN_YOU_DO,)),
        ("مع السلامة", (Move.GOODBYE,)),
        ("Hello, what can you do?", (Move.OTHER_LANGUAGE,)),
    ],
)
async def test_small_talk_and_other_languages_get_a_reply_in_kind_never_not_found(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory, text: str, moves: tuple[Move]
) -> None:
    update = updates.message(text)
    await feed(chat_app, update)
    assert api.methods() == ["sendMessage"]  # no "typing…": nothing is searched
    [sent] = api.sent()
    assert sent["text"] == plain(wording.small_talk_reply(moves))
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert wording.NOT_FOUND not in sent["text"]


async def test_a_message_in_another_language_gets_one_line_in_arabic_and_english(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    await feed(chat_app, updates.message("Who signed the humanitarian truce?"))
    [sent] = api.sent()
    assert "\n" not in sent["text"]
    assert "بالعربية" in sent["text"]
    assert "Sanad answers questions written in Arabic" in sent["text"]


async def test_small_talk_in_a_group_is_answered_when_addressed_to_the_bot(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    await feed(chat_app, updates.message("صباح الخير يا جماعة", chat=GROUP_CHAT))
    await feed(chat_app, updates.message(f"@{BOT_USERNAME} صباح الخير", chat=GROUP_CHAT))
    await feed(chat_app, updates.message("/ask thanks", chat=GROUP_CHAT))
    assert [sent["text"] for sent in api.sent()] == [
        plain(wording.small_talk_reply((Move.MORNING,))),
        plain(wording.OTHER_LANGUAGE),
    ]


async def test_small_talk_with_a_question_is_a_question(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    await feed(chat_app, updates.message(f"مرحبا، {MISSION_QUESTION}"))
    [sent] = api.sent()
    assert MISSION_TITLE in sent["text"]


async def test_a_question_is_asked_with_the_last_one_then_without_after_15_minutes(
    chat_app: Application,
    updates: UpdateFactory,
    engine_calls: list[Call],
    clock: Clock,
) -> None:
    first = updates.message(MISSION_QUESTION)
    await feed(chat_app, first)
    clock.now += FOLLOW_UP_WINDOW - 60
    await feed(chat_app, updates.message("ومن اتفق عليها؟"))
    clock.now += FOLLOW_UP_WINDOW + 1
    await feed(chat_app, updates.message("وأين؟"))
    assert [call.previous for call in engine_calls] == [
        None,
        Turn(MISSION_QUESTION, MISSION_DOC, START, first["message"]["message_id"]),
        None,  # the follow-up was asked more than 15 minutes before
    ]


async def test_small_talk_leaves_the_conversation_as_it_was(
    chat_app: Application, updates: UpdateFactory, engine_calls: list[Call]
) -> None:
    await feed(chat_app, updates.message(MISSION_QUESTION))
    await feed(chat_app, updates.message("شكرا جزيلا"))
    await feed(chat_app, updates.message("ومتى انتهت؟"))
    assert [call.question for call in engine_calls] == [MISSION_QUESTION, "ومتى انتهت؟"]
    assert engine_calls[1].previous is not None
    assert engine_calls[1].previous.question == MISSION_QUESTION


async def test_new_forgets_the_conversation(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory, engine_calls: list[Call]
) -> None:
    await feed(chat_app, updates.message(MISSION_QUESTION))
    api.clear()
    await feed(chat_app, updates.message("/new"))
    [sent] = api.sent()
    assert sent["text"] == plain(wording.NEW_TOPIC)
    await feed(chat_app, updates.message("ومتى؟"))
    assert engine_calls[-1].previous is None


async def test_the_conversation_survives_a_restart(
    build_app: BuildApp,
    settings: Settings,
    clock: Clock,
    updates: UpdateFactory,
    engine_calls: list[Call],
) -> None:
    await feed(await build_app(settings, clock=clock), updates.message(MISSION_QUESTION))
    restarted = await build_app(settings, clock=clock)  # the same SANAD_DATA_DIR, a new process
    await feed(restarted, updates.message("ومتى؟"))
    previous = engine_calls[-1].previous
    assert previous is not None
    assert (previous.question, previous.doc_id) == (MISSION_QUESTION, MISSION_DOC)


async def test_a_corrupt_database_file_is_replaced_and_the_bot_answers(
    build_app: BuildApp,
    settings: Settings,
    api: FakeBotApi,
    updates: UpdateFactory,
    engine_calls: list[Call],
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert settings.data_dir is not None
    settings.data_dir.mkdir()
    (settings.data_dir / DATABASE_NAME).write_bytes(b"\x00garbage, not SQLite\xff" * 512)
    with caplog.at_level(logging.WARNING, logger="bot.state"):
        application = await build_app(settings)
    assert len(caplog.records) == 1
    assert list(settings.data_dir.glob(f"{DATABASE_NAME}.broken-*"))
    await feed(application, updates.message(MISSION_QUESTION))
    await feed(application, updates.message("ومتى؟"))
    assert MISSION_TITLE in api.sent()[0]["text"]
    assert engine_calls[-1].previous is not None


async def test_in_a_group_each_user_and_each_reply_thread_has_its_own_context(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory, engine_calls: list[Call]
) -> None:
    mention = f"@{BOT_USERNAME} "
    await feed(chat_app, updates.message(mention + MISSION_QUESTION, chat=GROUP_CHAT))
    await feed(chat_app, updates.message(mention + MEETING_QUESTION, chat=GROUP_CHAT))
    mission_answer, meeting_answer = api.messages
    # Replying to the first answer follows up on the first question, not the latest one.
    await feed(chat_app, updates.message("ومتى؟", chat=GROUP_CHAT, reply_to=mission_answer))
    follow_up_answer = api.messages[-1]
    # A mention outside any reply follows up on the user's latest question there.
    await feed(chat_app, updates.message(mention + "ومن حضر؟", chat=GROUP_CHAT))
    # The follow-up's answer continues the first question's thread.
    await feed(chat_app, updates.message("ولماذا؟", chat=GROUP_CHAT, reply_to=follow_up_answer))
    # Another user replying to the same answer does not lean on someone else's question.
    other = updates.message("وأين؟", chat=GROUP_CHAT, reply_to=meeting_answer, sender=OTHER_USER)
    await feed(chat_app, other)
    previous = [call.previous.question if call.previous else None for call in engine_calls]
    # (Whether a message leans on its context or changes the topic is the engine's to decide; a
    # follow-up's turn remembers the question it leaned on too.)
    assert previous == [
        None,
        MISSION_QUESTION,
        MISSION_QUESTION,
        MEETING_QUESTION,
        f"{MISSION_QUESTION} ومتى؟",
        None,
    ]


async def test_an_edited_question_is_answered_again_in_its_earlier_reply(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    question = updates.message(UNANSWERABLE)
    await feed(chat_app, question)
    [reply] = api.messages
    api.clear()
    await feed(chat_app, updates.edited(question, MISSION_QUESTION))
    assert api.methods() == ["sendChatAction", "editMessageText"]
    [edit] = api.sent("editMessageText")
    assert edit["message_id"] == reply["message_id"]
    assert edit["chat_id"] == question["message"]["chat"]["id"]
    assert MISSION_TITLE in edit["text"]
    assert edit["parse_mode"] == "HTML"


async def test_an_edited_question_whose_reply_is_gone_gets_a_new_reply(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    question = updates.message(UNANSWERABLE)
    await feed(chat_app, question)
    api.clear()
    api.fail_next("editMessageText")  # as Telegram does when the reply was deleted
    await feed(chat_app, updates.edited(question, MISSION_QUESTION))
    assert api.methods() == ["sendChatAction", "editMessageText", "sendMessage"]
    [new_reply] = api.messages
    assert api.sent()[0]["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert MISSION_TITLE in new_reply["text"]
    api.clear()
    await feed(chat_app, updates.edited(question, "مرحبا"))  # edits the new reply from now on
    [edit] = api.sent("editMessageText")
    assert edit["message_id"] == new_reply["message_id"]
    assert edit["text"] == plain(wording.small_talk_reply((Move.HELLO,)))


async def test_an_edit_that_leaves_the_answer_as_it_was_sends_nothing_new(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    question = updates.message(MISSION_QUESTION)
    await feed(chat_app, question)
    [reply] = api.messages
    api.clear()
    # Telegram refuses an edit to the very same text: the reply stands, and is not sent twice.
    api.fail_next("editMessageText", NOT_MODIFIED)
    await feed(chat_app, updates.edited(question, MISSION_QUESTION + " "))
    assert api.methods() == ["sendChatAction", "editMessageText"]
    await feed(chat_app, updates.edited(question, UNANSWERABLE))
    [_, edit] = api.sent("editMessageText")
    assert edit["message_id"] == reply["message_id"]


async def test_an_edited_follow_up_is_asked_with_the_context_it_had(
    chat_app: Application, updates: UpdateFactory, engine_calls: list[Call], clock: Clock
) -> None:
    first = updates.message(MISSION_QUESTION)
    await feed(chat_app, first)
    clock.now += 5
    follow_up = updates.message("ومتى؟")
    await feed(chat_app, follow_up)
    clock.now += 5
    await feed(chat_app, updates.edited(follow_up, "وأين؟"))
    await feed(chat_app, updates.edited(first, MEETING_QUESTION))
    await feed(chat_app, updates.message("ومن؟"))
    previous = [call.previous.question if call.previous else None for call in engine_calls]
    # The edited follow-up leans on the first question, not on itself; the edited first
    # question had no context and does not hide the newer follow-up.
    assert previous == [None, MISSION_QUESTION, MISSION_QUESTION, None, f"{MISSION_QUESTION} وأين؟"]


async def test_an_edited_message_the_bot_never_answered_gets_a_reply(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    never_seen = updates.message("سؤال قديم")
    await feed(chat_app, updates.edited(never_seen, MISSION_QUESTION))
    assert api.methods() == ["sendChatAction", "sendMessage"]
    assert MISSION_TITLE in api.sent()[0]["text"]


@pytest.mark.parametrize("command", ["/start", "/help", "/new", "/id"])
async def test_an_edited_command_is_not_run_again(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory, command: str
) -> None:
    sent = updates.message(command)
    await feed(chat_app, sent)
    api.clear()
    await feed(chat_app, updates.edited(sent, f"{command} "))
    assert api.calls == []


async def test_an_edited_ask_in_a_group_edits_its_answer(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    question = updates.message(f"/ask {UNANSWERABLE}", chat=GROUP_CHAT)
    await feed(chat_app, question)
    [reply] = api.messages
    api.clear()
    await feed(chat_app, updates.edited(question, f"/ask {MISSION_QUESTION}"))
    [edit] = api.sent("editMessageText")
    assert edit["message_id"] == reply["message_id"]
    assert MISSION_TITLE in edit["text"]


async def test_more_asks_with_the_context_of_the_first_page(
    build_app: BuildApp,
    settings: Settings,
    api: FakeBotApi,
    updates: UpdateFactory,
    engine_calls: list[Call],
) -> None:
    application = await build_app(replace(settings, top_k=1))
    await feed(application, updates.message(MEETING_QUESTION))
    second = updates.message(MISSION_QUESTION)
    await feed(application, second)
    await feed(application, updates.message("/new"))  # the conversation moves on meanwhile
    [[button]] = api.sent()[1]["reply_markup"]["inline_keyboard"]
    data = button["callback_data"]
    reply = updates.bot_reply(second["message"], callback_data=data)
    await feed(application, updates.callback(reply, data))
    assert [call.question for call in engine_calls] == [MEETING_QUESTION] + [MISSION_QUESTION] * 2
    first_page, more = engine_calls[1].previous, engine_calls[2].previous
    assert first_page is not None and more is not None
    assert (more.question, more.doc_id, more.at) == (
        MEETING_QUESTION,
        first_page.doc_id,
        first_page.at,
    )


async def test_a_follow_up_is_answered_from_the_previous_question_and_not_after_new(
    chat_app: Application, api: FakeBotApi, updates: UpdateFactory
) -> None:
    # «ومن دعا إلى إنشائها؟» names no platform: alone it finds nothing, after the question about
    # the 3+3 platform it finds who called for it.
    await feed(chat_app, updates.message("متى استضافت موسكو الاجتماع الأول لمنصة 3+3؟"))
    await feed(chat_app, updates.message("ومن دعا إلى إنشائها؟"))
    follow_up = api.sent()[-1]["text"]
    assert "أردوغان" in follow_up.split("</blockquote>")[0]
    await feed(chat_app, updates.message("/new"))
    await feed(chat_app, updates.message("ومن دعا إلى إنشائها؟"))
    assert api.sent()[-1]["text"].startswith(plain(wording.NOT_FOUND))
