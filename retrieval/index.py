"""The BM25 index over normalized sentences.

``SentenceIndex`` is the small interface the answering code relies on. The Engine serves it with
``retrieval.inverted.InvertedBM25Index``; ``BM25Index`` here is the plain full scan, kept as the
reference the inverted index is tested against. Another engine (a search server) could serve
the same interface.

rank-bm25's BM25Okapi computes idf as log((N - n + 0.5) / (n + 0.5)): a term found in exactly
half of the sentences gets idf 0, and one found in more gets a negative idf that is replaced by
``epsilon * average_idf``. On a small corpus (an operator's first few articles) that silently
zeroes real matches. ``BM25Index`` keeps BM25Okapi's scoring and swaps in Lucene's idf,
log(1 + (N - n + 0.5) / (n + 0.5)), which is always positive and falls as n grows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

DEFAULT_K1 = 1.5
DEFAULT_B = 0.75


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    """A sentence id (position in the indexed list) and its BM25 score for a query."""

    sentence_id: int
    score: float


class SentenceIndex(Protocol):
    """What the answering code needs from an index of tokenized sentences."""

    def __len__(self) -> int: ...

    def search(self, query: Sequence[str], *, top_k: int) -> list[ScoredSentence]:
        """The best ``top_k`` sentences with a positive score, best first, ties by id."""
        ...

    def idf(self, term: str) -> float | None:
        """The term's idf, or None if no sentence contains it."""
        ...

    def unseen_idf(self) -> float:
        """The idf a term would have if it occurred in no sentence: the most informative."""
        ...

    def contains(self, sentence_id: int, term: str) -> bool:
        """Whether the sentence has the term."""
        ...


class LuceneIdfBM25Okapi(BM25Okapi):  # type: ignore[misc]  # rank-bm25 has no type information
    """BM25Okapi with Lucene's always-positive idf (see the module docstring for why)."""

    # What rank-bm25 sets and this code reads, typed.
    corpus_size: int
    avgdl: float
    k1: float
    b: float
    idf: dict[str, float]
    average_idf: float

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for term, frequency in nd.items():
            self.idf[term] = lucene_idf(self.corpus_size, frequency)
        self.average_idf = sum(self.idf.values()) / len(self.idf) if self.idf else 0.0


def lucene_idf(sentence_count: int, frequency: int) -> float:
    """log(1 + (N - n + 0.5) / (n + 0.5)): positive for every n <= N."""
    return math.log(1.0 + (sentence_count - frequency + 0.5) / (frequency + 0.5))


class EmptyIndexError(ValueError):
    """An index needs at least one sentence."""


class BM25Index:
    """A full-scan BM25 index over tokenized sentences, built once."""

    def __init__(
        self, tokenized: Sequence[Sequence[str]], *, k1: float = DEFAULT_K1, b: float = DEFAULT_B
    ) -> None:
        if not tokenized:
            raise EmptyIndexError("cannot build a BM25 index over zero sentences")
        self._bm25 = LuceneIdfBM25Okapi([list(tokens) for tokens in tokenized], k1=k1, b=b)

    def __len__(self) -> int:
        return self._bm25.corpus_size

    def search(self, query: Sequence[str], *, top_k: int) -> list[ScoredSentence]:
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        unique = list(dict.fromkeys(term for term in query if term in self._bm25.idf))
        if not unique:
            return []
        scores = self._bm25.get_scores(unique)
        return top_scored(scores, top_k)

    def idf(self, term: str) -> float | None:
        return self._bm25.idf.get(term)

    def unseen_idf(self) -> float:
        return lucene_idf(self._bm25.corpus_size, 0)

    def contains(self, sentence_id: int, term: str) -> bool:
        return term in self._bm25.doc_freqs[sentence_id]


def top_scored(scores: np.ndarray, top_k: int) -> list[ScoredSentence]:
    """The ``top_k`` positive scores, best first; equal scores keep sentence order."""
    positive = np.flatnonzero(scores > 0)
    if positive.size > top_k:
        # argpartition keeps this linear in the number of matches; ties are settled below.
        cutoff = np.partition(scores[positive], -top_k)[-top_k]
        positive = positive[scores[positive] >= cutoff]
    order = sorted(positive.tolist(), key=lambda i: (-scores[i], i))[:top_k]
    return [ScoredSentence(i, float(scores[i])) for i in order]
