"""Updates through the real Application, against the offline Bot API stand-in."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import wording
from bot.bidi import isolate_latin
from bot.format import format_not_found, plain
from bot.live_index import LiveIndex
from bot.settings import Settings
from retrieval.engine import Engine
from retrieval.followup import FollowUpContext
from tests.support.app import BuildApp, Process
from tests.support.botapi import (
    BOT_USER,
    BOT_USERNAME,
    GROUP_CHAT,
    GROUP_ID,
    USER_ID,
    FakeBotApi,
    UpdateFactory,
)
from tests.support.paths import MISSION_DOC, MISSION_QUESTION, MISSION_TITLE
from tests.support.telegram_html import html_problems, visible_text

UNANSWERABLE = "ما هي عاصمة اليابان؟"


def assert_html_reply(sent: dict[str, Any], *, chat_id: int, reply_to: int) -> None:
    """A reply in HTML to message ``reply_to`` in ``chat_id``, without link previews."""
    assert sent["chat_id"] == chat_id
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == reply_to
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert html_problems(sent["text"]) == []


async def test_start_welcomes_lists_sources_and_suggests_a_question(
    api: FakeBotApi, process: Process, updates: UpdateFactory, engine: Engine
) -> None:
    update = updates.message("/start")
    await process(update)
    assert api.methods() == ["sendMessage"]
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=update["message"]["message_id"])
    text = visible_text(sent["text"])
    assert wording.WELCOME in text
    assert f"<code>{wording.EXAMPLE_QUESTION}</code>" in sent["text"]
    for document in engine.corpus.documents:
        assert document.title in text


async def test_help_explains_groups_and_lists_every_command(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    await process(updates.message("/help"))
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=1)
    text = visible_text(sent["text"])
    assert isolate_latin(wording.HELP_GROUPS) in text
    for command, description in wording.COMMANDS:
        assert isolate_latin(f"/{command} — {description}") in text


async def test_sources_lists_the_few_articles_of_no_known_paper_by_title_without_ids(
    api: FakeBotApi, process: Process, updates: UpdateFactory, engine: Engine
) -> None:
    await process(updates.message("/sources"))
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=1)
    text = visible_text(sent["text"])
    for document in engine.corpus.documents:
        assert document.title in text
        assert document.doc_id not in text
    assert "1 مارس 2024 — " in text  # seed 002's publication line


async def test_mission_question_quotes_the_date_and_cites_its_sentence(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    update = updates.message(MISSION_QUESTION)
    await process(update)
    assert api.methods() == ["sendChatAction", "sendMessage"]
    [action] = api.sent("sendChatAction")
    assert action == {"chat_id": USER_ID, "action": "typing"}
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=update["message"]["message_id"])
    lead, _, quotes = sent["text"].partition("<blockquote>")
    # Before the first quote: nothing, or the short answer in bold once the engine has one.
    assert lead == "" or (
        lead.startswith(f"<b>{wording.ANSWER_LABEL}: ") and lead.endswith("</b>\n\n")
    )
    first_quote, _, after = quotes.partition("</blockquote>")
    assert "18 تشرين الأول/أكتوبر" in first_quote
    assert "<b>هدنة</b> <b>إنسانية</b>" in first_quote
    # The seed has no paper, date or link: the citation is its title, and no internal id.
    assert after.startswith(f"\n<i>{MISSION_TITLE}</i>")
    assert MISSION_DOC not in sent["text"]
    # More sentences than the three shown qualify: «المزيد» offers them.
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["callback_data"] == f"more:{update['message']['message_id']}:3"


async def test_unanswerable_question_says_so_without_any_snippet(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    await process(updates.message(UNANSWERABLE))
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=1)
    assert sent["text"] == format_not_found()
    assert wording.NOT_FOUND in sent["text"]
    assert "/sources" in sent["text"]
    assert "blockquote" not in sent["text"]


@pytest.mark.parametrize(
    "question",
    [
        f'<b>x</b> & <a href="https://evil.example/">{MISSION_QUESTION}</a>',
        '<b>x</b> & <a href="https://evil.example/">y</a> &amp; &lt;script&gt;',
    ],
)
async def test_markup_in_the_question_never_reaches_the_reply_as_markup(
    api: FakeBotApi, process: Process, updates: UpdateFactory, question: str
) -> None:
    await process(updates.message(question))
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=1)
    assert "<a" not in sent["text"]
    assert "evil.example" not in sent["text"]
    assert "<b>x</b>" not in sent["text"]


async def test_question_with_markup_still_gets_its_answer(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    await process(updates.message(f"<b>{MISSION_QUESTION}</b> & <i>"))
    [sent] = api.sent()
    assert "18 تشرين الأول/أكتوبر" in sent["text"]
    assert MISSION_TITLE in sent["text"]


async def test_sticker_in_private_chat_gets_a_one_line_hint(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    await process(updates.message(sticker=True))
    assert api.methods() == ["sendMessage"]
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=1)
    assert sent["text"] == plain(wording.NON_TEXT_HINT)
    assert "\n" not in sent["text"]


@pytest.mark.parametrize(
    "media",
    [
        {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u2", "duration": 3}},
        {"document": {"file_id": "d1", "file_unique_id": "u3", "file_name": "q.pdf"}},
    ],
    ids=["photo", "voice", "document"],
)
async def test_other_non_text_messages_in_private_chat_get_the_hint(
    api: FakeBotApi, process: Process, updates: UpdateFactory, media: dict[str, Any]
) -> None:
    await process(updates.message(media=media))
    assert [sent["text"] for sent in api.sent()] == [plain(wording.NON_TEXT_HINT)]


async def test_unknown_command_in_private_chat_gets_the_help(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    await process(updates.message("/weather"))
    [sent] = api.sent()
    assert isolate_latin(wording.HELP_GROUPS) in visible_text(sent["text"])


@pytest.mark.parametrize(
    "text",
    [
        MISSION_QUESTION,
        f"@other_bot {MISSION_QUESTION}",
        f"{MISSION_QUESTION} sanad_test_bot",
    ],
)
async def test_group_message_not_addressed_to_the_bot_gets_no_reply(
    api: FakeBotApi, process: Process, updates: UpdateFactory, text: str
) -> None:
    await process(updates.message(text, chat=GROUP_CHAT))
    await process(updates.message(sticker=True, chat=GROUP_CHAT))
    assert api.calls == []


@pytest.mark.parametrize(
    "text",
    [
        f"@{BOT_USERNAME} {MISSION_QUESTION}",
        f"{MISSION_QUESTION} @{BOT_USERNAME.upper()}",
        f"/ask {MISSION_QUESTION}",
        f"/ask@{BOT_USERNAME} {MISSION_QUESTION}",
    ],
)
async def test_group_message_that_mentions_the_bot_or_uses_ask_gets_an_answer(
    api: FakeBotApi, process: Process, updates: UpdateFactory, text: str
) -> None:
    update = updates.message(text, chat=GROUP_CHAT)
    await process(update)
    assert api.methods() == ["sendChatAction", "sendMessage"]
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=GROUP_ID, reply_to=update["message"]["message_id"])
    assert "18 تشرين الأول/أكتوبر" in sent["text"]


async def test_group_reply_to_the_bot_is_a_question(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    bots_message = {
        "message_id": 77,
        "date": 1,
        "chat": GROUP_CHAT,
        "from": BOT_USER,
        "text": "…",
    }
    await process(updates.message(MISSION_QUESTION, chat=GROUP_CHAT, reply_to=bots_message))
    [sent] = api.sent()
    assert sent["chat_id"] == GROUP_ID
    assert MISSION_TITLE in sent["text"]


@pytest.mark.parametrize(
    ("text", "hint"),
    [("/ask", wording.ASK_USAGE), (f"@{BOT_USERNAME}", wording.EMPTY_QUESTION)],
)
async def test_group_message_without_a_question_gets_a_usage_hint(
    api: FakeBotApi, process: Process, updates: UpdateFactory, text: str, hint: str
) -> None:
    await process(updates.message(text, chat=GROUP_CHAT))
    [sent] = api.sent()
    assert sent["text"] == plain(hint)


@pytest.fixture
def one_hit_settings(settings: Settings) -> Settings:
    return replace(settings, top_k=1)


async def ask_with_button(
    application: Application, api: FakeBotApi, updates: UpdateFactory
) -> tuple[dict[str, Any], str]:
    """Ask the mission question; the question's message dict and its «المزيد» callback data."""
    update = updates.message(MISSION_QUESTION)
    await application.process_update(Update.de_json(update, application.bot))
    [sent] = api.sent()
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["text"] == wording.MORE_BUTTON
    api.clear()
    return update["message"], button["callback_data"]


async def test_more_button_appears_when_more_hits_exist_and_its_data_is_small(
    build_app: BuildApp, one_hit_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(one_hit_settings)
    question, data = await ask_with_button(application, api, updates)
    assert data == f"more:{question['message_id']}:1"
    assert len(data.encode()) < 64


async def test_more_button_sends_the_next_hits_even_after_a_restart(
    build_app: BuildApp, one_hit_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    first_run = await build_app(one_hit_settings)
    question, data = await ask_with_button(first_run, api, updates)
    restarted = await build_app(one_hit_settings)  # no state shared with the first run
    press = updates.callback(updates.bot_reply(question, callback_data=data), data)
    await restarted.process_update(Update.de_json(press, restarted.bot))

    assert api.methods() == [
        "answerCallbackQuery",
        "sendChatAction",
        "editMessageReplyMarkup",
        "sendMessage",
    ]
    [answered] = api.sent("answerCallbackQuery")
    assert "text" not in answered
    [edited] = api.sent("editMessageReplyMarkup")
    assert edited["message_id"] == 8000
    assert "reply_markup" not in edited  # the pressed button is removed
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=question["message_id"])
    assert sent["text"].startswith(wording.MORE_HEADER)
    assert "وأعلنت أذربيجان وأرمينيا توصلهما" not in sent["text"]  # the first page's hit
    assert sent["text"].count("<blockquote>") == 1
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["callback_data"] == f"more:{question['message_id']}:2"


async def test_a_second_press_of_the_same_button_sends_nothing_again(
    build_app: BuildApp, one_hit_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(one_hit_settings)
    question, data = await ask_with_button(application, api, updates)
    pressed = updates.bot_reply(question, callback_data=data)
    for _ in range(2):
        await application.process_update(
            Update.de_json(updates.callback(pressed, data), application.bot)
        )
    assert len(api.sent()) == 1
    toasts = [call.get("text") for call in api.sent("answerCallbackQuery")]
    assert toasts == [None, wording.ALREADY_SHOWN]


async def test_more_button_pressed_while_the_index_loads_says_so_at_once(
    build_app: BuildApp, one_hit_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    first_run = await build_app(one_hit_settings)
    question, data = await ask_with_button(first_run, api, updates)
    restarted = await build_app(one_hit_settings, index=LiveIndex(None, one_hit_settings.corpus))
    press = updates.callback(updates.bot_reply(question, callback_data=data), data)
    await asyncio.wait_for(restarted.process_update(Update.de_json(press, restarted.bot)), 1)
    assert api.methods() == ["answerCallbackQuery"]
    [answered] = api.sent("answerCallbackQuery")
    assert answered["text"] == wording.STILL_LOADING
    assert answered["show_alert"] is True


@pytest.mark.parametrize("case", ["question deleted", "other message", "bad data"])
async def test_more_button_asks_again_when_the_question_cannot_be_recovered(
    build_app: BuildApp,
    one_hit_settings: Settings,
    api: FakeBotApi,
    updates: UpdateFactory,
    case: str,
) -> None:
    application = await build_app(one_hit_settings)
    question, data = await ask_with_button(application, api, updates)
    if case == "question deleted":
        message = updates.bot_reply(None, callback_data=data)
    elif case == "other message":
        message = updates.bot_reply({**question, "message_id": 4242}, callback_data=data)
    else:
        data = "more:not-a-number:1"
        message = updates.bot_reply(question, callback_data=data)
    await application.process_update(
        Update.de_json(updates.callback(message, data), application.bot)
    )
    assert api.methods() == ["answerCallbackQuery"]
    [answered] = api.sent("answerCallbackQuery")
    assert answered["text"] == wording.ASK_AGAIN
    assert answered["show_alert"] is True


async def test_more_button_past_the_last_hit_says_there_is_no_more(
    build_app: BuildApp, one_hit_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(one_hit_settings)
    question, _ = await ask_with_button(application, api, updates)
    data = f"more:{question['message_id']}:99"
    press = updates.callback(updates.bot_reply(question, callback_data=data), data)
    await application.process_update(Update.de_json(press, application.bot))
    assert api.methods() == ["answerCallbackQuery"]
    assert api.sent("answerCallbackQuery")[0]["text"] == wording.NO_MORE


async def test_chat_outside_allowed_chats_is_refused_once_then_ignored(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, allowed_chats=frozenset({GROUP_ID})))

    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    await process(updates.message(MISSION_QUESTION))
    await process(updates.message("/start"))
    assert api.methods() == ["sendMessage"]
    assert api.sent()[0]["text"] == plain(wording.NOT_ALLOWED)
    assert api.sent()[0]["chat_id"] == USER_ID

    api.clear()
    data = "more:1:1"
    await process(updates.callback(updates.bot_reply(None, callback_data=data), data))
    assert api.methods() == ["answerCallbackQuery"]
    assert api.sent("answerCallbackQuery")[0]["text"] == wording.NOT_ALLOWED

    api.clear()
    await process(updates.message(f"/ask {MISSION_QUESTION}", chat=GROUP_CHAT))
    assert api.methods() == ["sendChatAction", "sendMessage"]
    assert MISSION_TITLE in api.sent()[0]["text"]


class BrokenEngine:
    """An engine whose every answer fails, to exercise the error handler."""

    def __init__(self, engine: Engine) -> None:
        self.corpus = engine.corpus

    def answer(
        self, question: str, *, top_k: int = 3, context: FollowUpContext | None = None
    ) -> None:
        raise RuntimeError("index exploded")


async def test_failing_update_is_logged_with_its_id_and_the_user_gets_an_apology(
    build_app: BuildApp,
    settings: Settings,
    engine: Engine,
    api: FakeBotApi,
    updates: UpdateFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    application = await build_app(settings, BrokenEngine(engine))
    update = updates.message(MISSION_QUESTION)
    with caplog.at_level(logging.ERROR, logger="bot"):
        await application.process_update(Update.de_json(update, application.bot))
    assert api.sent()[-1]["text"] == plain(wording.APOLOGY)
    assert api.sent()[-1]["reply_parameters"]["message_id"] == update["message"]["message_id"]
    [record] = [r for r in caplog.records if r.name == "bot.handlers"]
    assert record.getMessage() == f"update {update['update_id']} failed"
    assert record.exc_info is not None

    api.clear()
    await application.process_update(Update.de_json(updates.message("/help"), application.bot))
    assert api.methods() == ["sendMessage"]  # the next update is handled as usual


async def test_start_up_sets_the_command_menu_in_arabic(app: Application, api: FakeBotApi) -> None:
    assert app.post_init is not None
    await app.post_init(app)
    [call] = api.sent("setMyCommands")
    assert call["commands"] == [
        {"command": command, "description": description}
        for command, description in wording.COMMANDS
    ]


async def test_group_outside_allowed_chats_is_refused_only_when_it_addresses_the_bot(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, allowed_chats=frozenset({USER_ID})))

    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    await process(updates.message(MISSION_QUESTION, chat=GROUP_CHAT))
    assert api.calls == []
    await process(updates.message(f"@{BOT_USERNAME} {MISSION_QUESTION}", chat=GROUP_CHAT))
    assert [(sent["chat_id"], sent["text"]) for sent in api.sent()] == [
        (GROUP_ID, plain(wording.NOT_ALLOWED))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "؟؟؟!!!",
        "😀🎉👍",
        "متى",
        "متى اتفقا على الهدنة الإنسانية؟ " * 120,  # about 4000 characters
        "ب" * 4000,
        "{{ user.token }} ${HOME} '; DROP TABLE hits; --",
        "متى\x00 اتفقا\x07 على\x1b[31m الهدنة؟",
        "\u200f\u202eمتى اتفقا\u200b على الهدنة\u2066؟",
        "ﻻ ﻷ ﻹ",
        "When did they agree on the ceasefire?",
        "هدنة ١٨ تشرين الأول ۱۸",
        " \n\t\u00a0\u3000 ",
        ("هدنة إنسانية " * 400)[:4096],
        "Ceasefire هدنة ١٨ October <i>تشرين</i> 2020",
        "<script>alert(1)</script> &amp; &lt;b&gt; <a href='javascript:x'>هدنة</a>",
    ],
    ids=[
        "punctuation",
        "emoji",
        "question-word",
        "long-message",
        "long-word",
        "template-sql",
        "control-chars",
        "bidi-zero-width",
        "ligatures",
        "latin",
        "arabic-indic-digits",
        "whitespace-only",
        "exactly-4096",
        "mixed-scripts",
        "script-and-entities",
    ],
)
async def test_hostile_text_gets_exactly_one_valid_reply(
    api: FakeBotApi, process: Process, updates: UpdateFactory, text: str
) -> None:
    update = updates.message(text)
    await process(update)
    [sent] = api.sent()
    assert_html_reply(sent, chat_id=USER_ID, reply_to=update["message"]["message_id"])
    assert len(sent["text"].encode("utf-16-le")) // 2 <= 4096
