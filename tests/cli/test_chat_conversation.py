"""The terminal chat keeps the bot's conversation in memory: follow-ups, /new, small talk."""

from __future__ import annotations

import io
from typing import Any

import pytest

from bot import asking, wording
from bot.asking import FOLLOW_UP_WINDOW, Asked, Turn
from retrieval.engine import Engine
from retrieval.small_talk import Move
from sanad.cli import ChatMemory, chat, chat_reply
from tests.support.paths import MISSION_DOC, MISSION_QUESTION


@pytest.fixture
def previous_turns(monkeypatch: pytest.MonkeyPatch) -> list[Turn | None]:
    """The turn each question was asked with, through the one engine seam."""
    turns: list[Turn | None] = []
    real_ask = asking.ask

    def ask(engine: Engine, question: str, **options: Any) -> Asked:
        turns.append(options["previous"])
        return real_ask(engine, question, **options)

    monkeypatch.setattr(asking, "ask", ask)
    return turns


def test_a_question_leans_on_the_last_one_for_15_minutes(
    engine: Engine, previous_turns: list[Turn | None]
) -> None:
    now = [1000.0]
    memory = ChatMemory(clock=lambda: now[0])
    for question, minutes_later in [(MISSION_QUESTION, 0), ("ومتى؟", 14), ("وأين؟", 16)]:
        now[0] += 60 * minutes_later
        chat_reply(engine, question, top_k=1, memory=memory)
    assert previous_turns[0] is None
    assert previous_turns[1] == Turn(MISSION_QUESTION, MISSION_DOC, 1000.0)
    assert previous_turns[2] is None
    assert FOLLOW_UP_WINDOW == 15 * 60


def test_new_and_small_talk_in_the_terminal_chat(
    engine: Engine, previous_turns: list[Turn | None]
) -> None:
    stdin = io.StringIO(f"{MISSION_QUESTION}\nشكرا\nومتى؟\n/new\nومتى؟\nhello\n")
    stdout = io.StringIO()
    assert chat(engine, top_k=1, stdin=stdin, stdout=stdout) == 0
    text = stdout.getvalue()
    assert wording.small_talk_reply((Move.THANKS,)) in text
    assert wording.NEW_TOPIC in text
    assert wording.OTHER_LANGUAGE in text
    assert [turn.question if turn else None for turn in previous_turns] == [
        None,
        MISSION_QUESTION,
        None,
    ]


@pytest.mark.parametrize("command", ["/id", "/stats", "/reload", "/foo"])
def test_a_command_the_terminal_chat_does_not_have_gets_its_help(
    engine: Engine, command: str
) -> None:
    # As the bot answers an unknown command in a private chat: with the commands there are, not
    # with the line for messages in another language.
    assert chat_reply(engine, command, top_k=1) == wording.CHAT_HELP


def test_ask_in_the_terminal_chat_asks_the_question_after_it(engine: Engine) -> None:
    asked = chat_reply(engine, f"/ask {MISSION_QUESTION}", top_k=1)
    assert asked == chat_reply(engine, MISSION_QUESTION, top_k=1)
    assert chat_reply(engine, "/ask", top_k=1) == wording.EMPTY_QUESTION
