"""What answering a question returns: the ranked, cited hits, or an honest "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Reprint:
    """Another article that carries a hit's sentence, word for word or nearly (the same wire
    story in another paper)."""

    doc_id: str
    title: str
    sentence: int
    source: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One cited sentence offered as an answer."""

    rank: int
    snippet: str
    doc_id: str
    title: str
    sentence: int
    # The probability that the sentence answers the question (``retrieval.judge``); orders hits.
    score: float
    bm25: float
    coverage: float
    matched_words: tuple[str, ...]
    matched_terms: frozenset[str]
    answer: str | None = None
    # Where the article comes from (``retrieval.corpus.Document``'s fields; None when unknown).
    source: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    # The date ``answer`` means when it is relative («أمس») and ``published`` is known; ``answer``
    # itself stays as the sentence has it.
    answer_date: date | None = None
    # Other articles that carry the same sentence, in reading order.
    also: tuple[Reprint, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of a question: whether the sources answer it, and the ranked hits."""

    question: str
    found: bool
    hits: tuple[Hit, ...]
    # The previous question this one was read as a follow-up of (``retrieval.followup``), or
    # None when it was asked on its own.
    followed: str | None = None
