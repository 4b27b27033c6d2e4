"""The bot's one seam to the engine: asking a question, with the conversation so far.

After each answered question a front end remembers a ``Turn``: the question, the article its
top answer came from, and when. The next question of the same user in the same place (a chat,
and in groups a reply thread; see ``bot.conversation``) is asked with that turn for 15 minutes
(``FOLLOW_UP_WINDOW``), so that «ومتى؟» can lean on «أين التقى بوتين علييف وباشينيان؟». /new
forgets it. The Telegram bot keeps turns in SQLite (``bot.state``); the terminal chat in memory.

Deciding whether a message leans on the previous question, and building the combined question,
is the engine's job (``retrieval.followup``). ``ask`` is the one place the front ends call the
engine with a turn; ``question_kind`` is the one place they read a question's type. Pure Python,
no Telegram: the terminal chat uses this module too.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.engine import Engine
from retrieval.followup import FollowUpContext
from retrieval.question import analyze_question
from retrieval.results import Answer

# How long a question stays the context of the next one, in seconds.
FOLLOW_UP_WINDOW = 15 * 60


@dataclass(frozen=True, slots=True)
class Turn:
    """What the next question may lean on: the last question, its top answer's article, when.

    ``message_id`` is the Telegram message that asked it (0 outside Telegram); an edit of that
    message replaces the turn rather than following up on it.
    """

    question: str
    doc_id: str | None
    at: float
    message_id: int = 0


@dataclass(frozen=True, slots=True)
class Asked:
    """An answer, and the turn it leaves for the next question."""

    answer: Answer
    turn: Turn


def current(turn: Turn | None, now: float) -> Turn | None:
    """``turn`` if a question asked at ``now`` may still lean on it, else None."""
    if turn is None or not 0 <= now - turn.at <= FOLLOW_UP_WINDOW:
        return None
    return turn


def ask(
    engine: Engine,
    question: str,
    *,
    top_k: int,
    previous: Turn | None,
    at: float,
    message_id: int = 0,
) -> Asked:
    """Answer ``question``, leaning on ``previous`` (a ``current`` turn) where it follows up on it.

    When the engine read it as a follow-up, the turn it leaves remembers both questions, so a
    third message («ومن رعاه؟») still knows the subject.
    """
    context = None if previous is None else FollowUpContext(previous.question, previous.doc_id)
    answer = engine.answer(question, top_k=top_k, context=context)
    top = answer.hits[0].doc_id if answer.found and answer.hits else None
    asked = f"{answer.followed} {question}" if answer.followed else question
    return Asked(answer, Turn(asked, top, at, message_id))


def question_kind(question: str) -> str:
    """The type of answer ``question`` asks for («متى»: time), for the question log."""
    return analyze_question(question).qtype.value
