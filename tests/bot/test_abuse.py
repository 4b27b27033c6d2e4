"""Abuse through the real Application: the per-user rate limit, allowed chats, admin commands."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import wording
from bot.format import plain
from bot.settings import Settings
from tests.support.app import BuildApp, Process
from tests.support.botapi import (
    GROUP_CHAT,
    GROUP_ID,
    PRIVATE_CHAT,
    USER,
    USER_ID,
    FakeBotApi,
    UpdateFactory,
)
from tests.support.corpora import NEW_QUESTION, NEW_TITLE, add_new_article, copy_of_seeds
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE

OTHER_USER = {**USER, "id": USER_ID + 1, "first_name": "سامي"}
OTHER_CHAT = {**PRIVATE_CHAT, "id": USER_ID + 1, "first_name": "سامي"}


def feeder(application: Application) -> Process:
    """Feed update dicts to ``application``, one at a time."""

    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    return process


async def test_a_user_over_the_limit_gets_one_notice_then_silence(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=3)))
    for _ in range(6):
        await process(updates.message(MISSION_QUESTION))
    texts = [sent["text"] for sent in api.sent()]
    assert len(texts) == 4
    assert all(MISSION_TITLE in text for text in texts[:3])
    notice = texts[3]
    assert notice.startswith(plain("وصلتني أسئلة كثيرة منك في وقت قصير."))
    assert "يمكنك أن تسأل من جديد بعد" in notice
    assert len(api.sent("sendChatAction")) == 3  # no work is done for the silenced ones

    api.clear()  # another user is not held back by the first one's flood
    msg = updates.message(MISSION_QUESTION, chat=OTHER_CHAT)
    msg["message"]["from"] = OTHER_USER
    await process(msg)
    [sent] = api.sent()
    assert sent["chat_id"] == OTHER_CHAT["id"] and MISSION_TITLE in sent["text"]


@pytest.mark.parametrize(
    "flood",
    ["/help", "/start", "/sources", "/nosuchcommand", "/ask", "/reload", "sticker"],
)
async def test_every_message_the_bot_would_answer_counts_against_the_limit(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory, flood: str
) -> None:
    # 300 /help used to be answered 300 times, each reply paced by the flood limiter.
    process = feeder(await build_app(replace(settings, rate_limit=3)))
    for _ in range(10):
        if flood == "sticker":
            await process(updates.message(sticker=True))
        else:
            await process(updates.message(flood))
    await process(updates.message(MISSION_QUESTION))
    texts = [sent["text"] for sent in api.sent()]
    assert len(texts) == 4  # three answered, then one notice, then silence
    assert "يمكنك أن تسأل من جديد بعد" in texts[3]


async def test_commands_in_a_group_count_but_chatter_not_addressed_to_the_bot_does_not(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=2)))
    for _ in range(5):
        await process(updates.message("صباح الخير يا جماعة", chat=GROUP_CHAT))
    await process(updates.message("/help", chat=GROUP_CHAT))
    await process(updates.message(f"/ask {MISSION_QUESTION}", chat=GROUP_CHAT))
    texts = [sent["text"] for sent in api.sent()]
    assert len(texts) == 2
    assert MISSION_TITLE in texts[1]


GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
OTHER_GROUP = {**GROUP_CHAT, "id": GROUP_ID - 1, "title": "مجموعة أخرى"}


def anonymous_ask(updates: UpdateFactory, group: dict[str, Any]) -> dict[str, Any]:
    """``/ask`` from an anonymous admin of ``group``: Telegram's placeholder user, as the group."""
    update = updates.message(f"/ask {MISSION_QUESTION}", chat=group)
    update["message"]["from"] = GROUP_ANONYMOUS_BOT
    update["message"]["sender_chat"] = group
    return update


async def test_anonymous_admins_of_different_groups_have_separate_limits(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=3)))
    for _ in range(5):
        await process(anonymous_ask(updates, GROUP_CHAT))
    api.clear()
    await process(anonymous_ask(updates, OTHER_GROUP))
    [sent] = api.sent()
    assert sent["chat_id"] == OTHER_GROUP["id"]
    assert MISSION_TITLE in sent["text"]


async def test_a_more_press_refused_by_the_limit_leaves_its_page_for_later(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=1, top_k=1)))
    question = updates.message(f"/ask {MISSION_QUESTION}", chat=GROUP_CHAT)
    await process(question)
    [[button]] = api.sent()[0]["reply_markup"]["inline_keyboard"]
    data = button["callback_data"]
    reply = updates.bot_reply(question["message"], callback_data=data)
    await process(updates.callback(reply, data))  # the asker is over the limit: a toast
    assert "يمكنك أن تسأل من جديد بعد" in api.sent("answerCallbackQuery")[0]["text"]
    api.clear()
    press = updates.callback(reply, data)  # another member presses the same button
    press["callback_query"]["from"] = OTHER_USER
    await process(press)
    [page] = api.sent()
    assert page["chat_id"] == GROUP_ID
    assert wording.MORE_HEADER in page["text"]


async def test_a_more_page_whose_send_failed_can_be_asked_for_again(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=0, top_k=1)))
    question = updates.message(MISSION_QUESTION)
    await process(question)
    [[button]] = api.sent()[0]["reply_markup"]["inline_keyboard"]
    data = button["callback_data"]
    reply = updates.bot_reply(question["message"], callback_data=data)
    api.fail_next("sendMessage")  # Telegram refuses the page: it never arrived
    await process(updates.callback(reply, data))
    api.clear()
    await process(updates.callback(reply, data))
    [page] = api.sent()
    assert wording.MORE_HEADER in page["text"]
    toasts = [toast.get("text") for toast in api.sent("answerCallbackQuery")]
    assert wording.ALREADY_SHOWN not in toasts


async def test_more_button_over_the_limit_answers_with_a_toast(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=1, top_k=1)))
    question = updates.message(MISSION_QUESTION)
    await process(question)
    [[button]] = api.sent()[0]["reply_markup"]["inline_keyboard"]
    api.clear()
    data = button["callback_data"]
    reply = updates.bot_reply(question["message"], callback_data=data)
    await process(updates.callback(reply, data))
    assert api.methods() == ["answerCallbackQuery"]
    assert "يمكنك أن تسأل من جديد بعد" in api.sent("answerCallbackQuery")[0]["text"]


async def test_limit_zero_answers_every_question(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, rate_limit=0)))
    for _ in range(25):
        await process(updates.message(MISSION_QUESTION))
    assert len(api.sent()) == 25


async def test_button_on_an_inline_message_is_refused_when_chats_are_restricted(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    process = feeder(await build_app(replace(settings, allowed_chats=frozenset({GROUP_ID}))))
    press = {
        "update_id": 1,
        "callback_query": {
            "id": "cbq-inline",
            "from": USER,
            "chat_instance": "-1",
            "inline_message_id": "AAAA",
            "data": "more:1:1",
        },
    }
    await process(press)
    assert api.methods() == ["answerCallbackQuery"]
    assert api.sent("answerCallbackQuery")[0]["text"] == wording.NOT_ALLOWED


async def test_admin_chat_may_use_the_bot_even_outside_allowed_chats(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    restricted = replace(
        settings, allowed_chats=frozenset({GROUP_ID}), admin_chats=frozenset({USER_ID})
    )
    process = feeder(await build_app(restricted))
    await process(updates.message(MISSION_QUESTION))
    assert MISSION_TITLE in api.sent()[0]["text"]


@pytest.mark.parametrize("chat", [PRIVATE_CHAT, GROUP_CHAT], ids=["private", "group"])
async def test_reload_from_a_chat_that_is_not_an_admin_is_politely_refused(
    build_app: BuildApp,
    settings: Settings,
    api: FakeBotApi,
    updates: UpdateFactory,
    tmp_path: Path,
    chat: dict[str, Any],
) -> None:
    corpus = copy_of_seeds(tmp_path / "corpus")
    process = feeder(await build_app(replace(settings, corpus=corpus)))
    add_new_article(corpus)
    await process(updates.message("/reload", chat=chat))
    assert [sent["text"] for sent in api.sent()] == [plain(wording.ADMIN_ONLY)]
    api.clear()
    await process(updates.message(NEW_QUESTION))
    assert NEW_TITLE not in api.sent()[-1]["text"]  # the old index is still in use


async def test_reload_from_an_admin_chat_swaps_in_the_new_corpus(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory, tmp_path: Path
) -> None:
    corpus = copy_of_seeds(tmp_path / "corpus")
    admin = replace(settings, corpus=corpus, admin_chats=frozenset({USER_ID}))
    process = feeder(await build_app(admin))
    await process(updates.message(NEW_QUESTION))
    assert NEW_TITLE not in api.sent()[-1]["text"]

    add_new_article(corpus)
    api.clear()
    await process(updates.message("/reload"))
    [sent] = api.sent()
    assert sent["text"] == plain(wording.reloaded(6, sent_sentences(sent["text"])))
    api.clear()
    await process(updates.message(NEW_QUESTION))
    assert NEW_TITLE in api.sent()[-1]["text"]
    assert "3 آذار/مارس" in api.sent()[-1]["text"]


def sent_sentences(text: str) -> int:
    """The sentence count in a «reloaded» reply."""
    return int(text.rsplit("عدد الجمل: ", 1)[1].split(")")[0])


async def test_reload_of_a_broken_corpus_keeps_the_old_index_and_tells_the_admin_why(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory, tmp_path: Path
) -> None:
    corpus = copy_of_seeds(tmp_path / "corpus")
    admin = replace(settings, corpus=corpus, admin_chats=frozenset({USER_ID}))
    process = feeder(await build_app(admin))
    shutil.rmtree(corpus)
    await process(updates.message("/reload"))
    [sent] = api.sent()
    assert sent["text"].startswith(plain(wording.reload_failed("")))
    assert "corpus folder not found" in sent["text"]
    assert str(corpus) in sent["text"]
    api.clear()
    await process(updates.message(MISSION_QUESTION))
    assert MISSION_TITLE in api.sent()[-1]["text"]  # still answering from the old index
