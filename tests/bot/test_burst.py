"""Bursts: many chats at once, each served, none held up by another's slow answer.

The throughput and latency figures come from ``bench/burst.py``; these tests check correctness
under load, with bounded counts and times.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from telegram import Update

from bot.settings import DEFAULT_RATE_LIMIT, Settings
from retrieval.answer import Answer, Engine
from tests.bot.botapi import PRIVATE_CHAT, USER, FakeBotApi, UpdateFactory
from tests.bot.conftest import BuildApp
from tests.bot.http_botapi import HttpBotApi, running_bot_api
from tests.bot.live_bot import delivered, polling
from tests.conftest import QUESTIONS

CHATS = 60
QUESTIONS_PER_CHAT = 5
BURST_SECONDS = 30.0  # the bound on the whole burst; it takes a few seconds


def chat(number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A private chat and its user, both with id ``number``."""
    return (
        {**PRIVATE_CHAT, "id": number, "first_name": f"قارئ {number}"},
        {**USER, "id": number, "first_name": f"قارئ {number}"},
    )


def burst_questions() -> list[dict[str, Any]]:
    """Questions with the document that answers them, from the evaluation set."""
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if row.get("doc_id")][:QUESTIONS_PER_CHAT]


@pytest.fixture
def bot_api() -> Iterator[HttpBotApi]:
    with running_bot_api() as server:
        yield server


async def test_300_questions_from_60_chats_each_get_one_reply_in_the_right_chat_in_order(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    questions = burst_questions()
    assert len(questions) == QUESTIONS_PER_CHAT
    asked: dict[int, list[tuple[int, str]]] = defaultdict(list)  # chat -> (message id, doc)
    for round_ in questions:  # interleaved, as a burst from many chats arrives
        for number in range(7_000_000, 7_000_000 + CHATS):
            private_chat, user = chat(number)
            update = updates.message(round_["question"], chat=private_chat)
            update["message"]["from"] = user
            asked[number].append((update["message"]["message_id"], round_["doc_id"]))
            bot_api.push(update)

    async with polling(bot_api, engine, rate_limit=DEFAULT_RATE_LIMIT):
        await delivered(bot_api, CHATS * QUESTIONS_PER_CHAT, timeout=BURST_SECONDS)
    sent = bot_api.sent_texts()  # after a clean stop: anything doubled would be here too

    assert len(sent) == CHATS * QUESTIONS_PER_CHAT
    replies: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for params in sent:
        replies[params["chat_id"]].append(
            (params["reply_parameters"]["message_id"], params["text"])
        )
    assert replies.keys() == asked.keys()
    for number, questions_asked in asked.items():
        answered = replies[number]
        # Each question answered once, in its own chat, in the order it was asked.
        assert [message_id for message_id, _ in answered] == [m for m, _ in questions_asked]
        for (_, text), (_, doc_id) in zip(answered, questions_asked, strict=True):
            assert doc_id in text


class SlowFor:
    """An engine that holds one question's answer until released; others answer at once."""

    def __init__(self, engine: Engine, question: str) -> None:
        self.corpus = engine.corpus
        self._engine = engine
        self._question = question
        self.release = threading.Event()

    def answer(self, question: str, *, top_k: int = 3) -> Answer:
        if question == self._question:
            assert self.release.wait(10), "the test never released the slow answer"
        return self._engine.answer(question, top_k=top_k)


async def wait_until(condition: Any, *, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_a_slow_answer_does_not_hold_up_other_chats(
    build_app: BuildApp,
    settings: Settings,
    engine: Engine,
    api: FakeBotApi,
    updates: UpdateFactory,
) -> None:
    slow_question = "متى اتفقا على الهدنة الإنسانية؟"
    slow = SlowFor(engine, slow_question)
    application = await build_app(settings, slow)  # type: ignore[arg-type]
    other_chat, other_user = chat(42)
    fast = updates.message("من رعى اجتماع باشينيان وعلييف في بروكسل؟", chat=other_chat)
    fast["message"]["from"] = other_user
    await application.start()
    try:
        await application.update_queue.put(
            Update.de_json(updates.message(slow_question), application.bot)
        )
        await application.update_queue.put(Update.de_json(fast, application.bot))
        await wait_until(lambda: len(api.sent()) == 1)
        assert api.sent()[0]["chat_id"] == 42  # answered while the slow one is still working
        slow.release.set()
        await wait_until(lambda: len(api.sent()) == 2)
        assert api.sent()[1]["chat_id"] == PRIVATE_CHAT["id"]
    finally:
        slow.release.set()
        await application.stop()
