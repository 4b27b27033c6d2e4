"""What answering a question returns: the ranked, cited hits, or an honest "not found"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """One cited sentence offered as an answer."""

    rank: int
    snippet: str
    doc_id: str
    title: str
    sentence: int
    # Orders the hits: BM25 times coverage, times ``ANSWER_TYPE_MARGIN`` when the question asks
    # for a place or a person and the sentence names none.
    score: float
    bm25: float
    coverage: float
    matched_words: tuple[str, ...]
    matched_terms: frozenset[str]
    answer: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of a question: whether the sources answer it, and the ranked hits."""

    question: str
    found: bool
    hits: tuple[Hit, ...]
    # The previous question this one was read as a follow-up of (``retrieval.followup``), or
    # None when it was asked on its own.
    followed: str | None = None
