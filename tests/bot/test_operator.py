"""What an operator needs: a log line per question, /stats for admin chats, /id for anyone."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import wording
from bot.bidi import isolate_latin
from bot.format import plain
from bot.settings import Settings
from tests.support.app import BuildApp
from tests.support.botapi import (
    BOT_USERNAME,
    GROUP_CHAT,
    GROUP_ID,
    USER_ID,
    FakeBotApi,
    UpdateFactory,
)
from tests.support.paths import MISSION_QUESTION
from tests.support.telegram_html import html_problems, visible_text

UNANSWERABLE = "ما هي عاصمة اليابان؟"
QUESTION_LINE = re.compile(
    r"^question: chat=(-?\d+) latency_ms=(\d+) found=(True|False) hits=(\d) type=(\w+)(.*)$"
)


async def feed(application: Application, data: dict[str, Any]) -> None:
    await application.process_update(Update.de_json(data, application.bot))


@pytest.fixture
def admin_settings(settings: Settings) -> Settings:
    return replace(settings, admin_chats=frozenset({USER_ID}))


@pytest.mark.parametrize("log_questions", [False, True])
async def test_each_question_gets_one_info_line_with_its_text_only_when_asked(
    build_app: BuildApp,
    settings: Settings,
    updates: UpdateFactory,
    caplog: pytest.LogCaptureFixture,
    log_questions: bool,
) -> None:
    application = await build_app(replace(settings, log_questions=log_questions))
    with caplog.at_level(logging.INFO, logger="bot.handlers"):
        await feed(application, updates.message(MISSION_QUESTION))
        await feed(application, updates.message(UNANSWERABLE))
        await feed(application, updates.message("شكرا"))
    lines = [record.getMessage() for record in caplog.records]
    matches = [match for line in lines if (match := QUESTION_LINE.match(line))]
    assert len(matches) == 2
    found, not_found = (match.groups() for match in matches)
    assert found[0] == str(USER_ID)
    assert found[2:5] == ("True", "3", "time")
    assert not_found[2:4] == ("False", "0")
    texts = [found[5], not_found[5]]
    if log_questions:
        assert texts == [f" text={MISSION_QUESTION!r}", f" text={UNANSWERABLE!r}"]
    else:
        assert texts == ["", ""]
        assert not any(MISSION_QUESTION in line or UNANSWERABLE in line for line in lines)
    assert any(line.startswith("small talk: ") and "thanks" in line for line in lines)


async def test_stats_show_an_admin_usage_latency_and_the_unanswered_questions(
    build_app: BuildApp, admin_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(admin_settings)
    for text in [MISSION_QUESTION, UNANSWERABLE, "ما هى عاصمة اليابان", "من فاز بكأس العالم؟"]:
        await feed(application, updates.message(text))
    api.clear()
    await feed(application, updates.message("/stats"))
    [sent] = api.sent()
    assert html_problems(sent["text"]) == []
    text = visible_text(sent["text"])
    assert wording.STATS_HEADER in text
    assert f"{wording.LAST_DAY}: 4 أسئلة، أُجيب عن 25٪ منها؛ زمن الرد: الوسيط" in text
    assert f"{wording.LAST_WEEK}: 4 أسئلة" in text
    assert wording.stats_unanswered_header(30) in text
    assert "1. «ما هى عاصمة اليابان» — مرتان" in text
    assert "2. «من فاز بكأس العالم؟» — مرة واحدة" in text
    assert MISSION_QUESTION not in text  # answered questions are not listed


async def test_stats_are_for_admin_chats_only(
    api: FakeBotApi, updates: UpdateFactory, chat_app_plain: Application
) -> None:
    await feed(chat_app_plain, updates.message("/stats"))
    [sent] = api.sent()
    assert sent["text"] == plain(wording.ADMIN_ONLY)


async def test_stats_say_so_when_the_question_log_is_off(
    build_app: BuildApp, admin_settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(admin_settings, log_days=0))
    await feed(application, updates.message(MISSION_QUESTION))
    api.clear()
    await feed(application, updates.message("/stats"))
    [sent] = api.sent()
    assert sent["text"] == plain(wording.STATS_OFF)


async def test_id_tells_anyone_their_ids_even_where_the_bot_is_not_allowed(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, allowed_chats=frozenset({12345})))
    await feed(application, updates.message("/id"))
    await feed(application, updates.message(f"/id@{BOT_USERNAME}", chat=GROUP_CHAT))
    await feed(application, updates.message(MISSION_QUESTION))
    private, group, refusal = (sent["text"] for sent in api.sent())
    assert private == plain(wording.ids_line(USER_ID, USER_ID))
    assert group == plain(wording.ids_line(USER_ID, GROUP_ID))
    assert isolate_latin(str(GROUP_ID)) in group  # a negative id shown in order
    assert refusal == plain(wording.NOT_ALLOWED)


async def test_id_counts_against_the_rate_limit(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, rate_limit=1))
    for _ in range(3):
        await feed(application, updates.message("/id"))
    assert len(api.sent()) == 2  # the ids, then the one "slow down" notice


@pytest.fixture
async def chat_app_plain(build_app: BuildApp, settings: Settings) -> Application:
    return await build_app(settings)


async def test_edited_questions_count_against_the_rate_limit(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, rate_limit=1))
    question = updates.message(UNANSWERABLE)
    await feed(application, question)
    api.clear()
    await feed(application, updates.edited(question, MISSION_QUESTION))
    [notice] = api.sent()
    assert notice["text"].startswith(plain("وصلتني أسئلة كثيرة منك"))
    assert api.sent("editMessageText") == []
