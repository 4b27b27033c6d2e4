"""Inline mode: «@bot question» in any chat offers answers, under the same limits as messages."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import wording
from bot.concurrency import queue_key
from bot.format import plain
from bot.inline import INLINE_CACHE_SECONDS, INLINE_RESULTS
from bot.live_index import LiveIndex
from bot.settings import Settings
from tests.support.app import BuildApp, Process
from tests.support.botapi import USER, USER_ID, FakeBotApi, UpdateFactory
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE
from tests.support.telegram_html import html_problems

STRANGER = {"id": 5550009, "is_bot": False, "first_name": "غريب"}


def answered(api: FakeBotApi) -> list[dict[str, Any]]:
    """Each answerInlineQuery call, its results decoded."""
    calls = api.sent("answerInlineQuery")
    for call in calls:
        if isinstance(call["results"], str):
            call["results"] = json.loads(call["results"])
    return calls


async def test_an_inline_question_offers_its_answers_with_citations(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    update = updates.inline_query(MISSION_QUESTION)
    await process(update)
    [call] = answered(api)
    assert call["inline_query_id"] == update["inline_query"]["id"]
    assert call["cache_time"] == INLINE_CACHE_SECONDS
    assert not call.get("is_personal")
    results = call["results"]
    assert 1 <= len(results) <= INLINE_RESULTS
    assert len({result["id"] for result in results}) == len(results)
    first = results[0]
    assert first["type"] == "article"
    assert first["title"] == "18 تشرين الأول/أكتوبر"  # the short answer
    assert MISSION_TITLE in first["description"]
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert MISSION_QUESTION in content["message_text"]
    assert "<blockquote>" in content["message_text"]
    assert html_problems(content["message_text"]) == []


async def test_empty_and_non_question_queries_get_one_helpful_result(
    api: FakeBotApi, process: Process, updates: UpdateFactory
) -> None:
    for query in ["", "   ", "مرحبا", "hello", "ما هي عاصمة اليابان؟"]:
        await process(updates.inline_query(query))
    calls = answered(api)
    assert [len(call["results"]) for call in calls] == [1, 1, 1, 1, 1]
    empty, blank, hello, english, unanswered = (call["results"][0] for call in calls)
    assert empty["title"] == wording.INLINE_EMPTY_TITLE == blank["title"]
    assert wording.EXAMPLE_QUESTION in empty["description"]
    assert wording.SMALL_TALK_EXAMPLE in hello["input_message_content"]["message_text"]
    assert "Sanad answers" in english["input_message_content"]["message_text"]
    assert unanswered["title"] == wording.INLINE_NOT_FOUND_TITLE
    assert unanswered["input_message_content"]["message_text"] == plain(wording.NOT_FOUND)


async def test_inline_queries_count_against_the_rate_limit_with_messages(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, rate_limit=2))
    process = _feeder(application)
    await process(updates.message(MISSION_QUESTION))
    await process(updates.inline_query(MISSION_QUESTION))
    api.clear()
    await process(updates.inline_query(MISSION_QUESTION))
    await process(updates.inline_query(MISSION_QUESTION))
    calls = answered(api)
    assert len(calls) == 2  # each over-limit query is told, in its one result
    for call in calls:
        [result] = call["results"]
        assert result["title"].startswith("وصلتني أسئلة كثيرة منك")
        assert call["cache_time"] == 0
        assert call["is_personal"] is True
    assert api.sent() == []


async def test_the_allow_list_applies_to_the_user_of_an_inline_query(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(replace(settings, allowed_chats=frozenset({USER_ID})))
    process = _feeder(application)
    await process(updates.inline_query(MISSION_QUESTION, user=USER))
    await process(updates.inline_query(MISSION_QUESTION, user=STRANGER))
    allowed, refused = answered(api)
    assert allowed["is_personal"] is True  # never served from cache to someone not allowed
    assert MISSION_TITLE in allowed["results"][0]["description"]
    [refusal] = refused["results"]
    assert refusal["title"] == wording.NOT_ALLOWED
    assert refused["is_personal"] is True


async def test_an_inline_query_while_the_index_loads_says_so_at_once(
    build_app: BuildApp, settings: Settings, api: FakeBotApi, updates: UpdateFactory
) -> None:
    application = await build_app(settings, index=LiveIndex(None, settings.corpus))
    await _feeder(application)(updates.inline_query(MISSION_QUESTION))
    [call] = answered(api)
    [result] = call["results"]
    assert result["title"] == wording.STILL_LOADING
    assert call["cache_time"] == 0


def test_inline_queries_wait_in_their_senders_queue(updates: UpdateFactory) -> None:
    inline = Update.de_json(updates.inline_query(MISSION_QUESTION), None)
    private = Update.de_json(updates.message(MISSION_QUESTION), None)
    assert queue_key(inline) == queue_key(private) == USER_ID


def _feeder(application: Application) -> Process:
    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    return process
