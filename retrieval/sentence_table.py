"""Where each indexed sentence sits in its article, as arrays: which article, the range of indexed
sentences that article spans, and the sentence's number in it.

Indexed sentences are numbered in reading order, so each article's sentences form one contiguous
range of ids: "is this word anywhere in the article?" is a range query on a postings list, and
the sentences before and after one are its neighbours when they fall in the same range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.corpus import Corpus


@dataclass(frozen=True, slots=True)
class SentenceTable:
    """Per indexed sentence id: its article's index in the corpus, the ``[start, end)`` ids of
    that article's indexed sentences, and its sentence number (1 is the title)."""

    article: np.ndarray  # int32
    start: np.ndarray  # int32
    end: np.ndarray  # int32
    number: np.ndarray  # int32

    @classmethod
    def build(cls, corpus: Corpus, positions: Sequence[int] | np.ndarray) -> SentenceTable:
        """The table for sentences at ``positions`` of the corpus' reading order (ascending)."""
        counts = np.fromiter(
            (len(document.sentences) for document in corpus.documents),
            dtype=np.int64,
            count=len(corpus.documents),
        )
        first = np.concatenate(([0], np.cumsum(counts)[:-1])) if counts.size else counts
        where = np.asarray(positions, dtype=np.int64)
        article = np.searchsorted(first, where, side="right") - 1
        start = np.searchsorted(article, article, side="left")
        end = np.searchsorted(article, article, side="right")
        number = where - first[article] + 1 if where.size else where
        return cls(
            article=article.astype(np.int32),
            start=start.astype(np.int32),
            end=end.astype(np.int32),
            number=np.asarray(number, dtype=np.int32),
        )

    def __len__(self) -> int:
        return int(self.article.size)

    def previous(self, ids: np.ndarray) -> np.ndarray:
        """The indexed sentence before each id in the same article, or -1."""
        before = ids - 1
        return np.where(before >= self.start[ids], before, -1)

    def following(self, ids: np.ndarray) -> np.ndarray:
        """The indexed sentence after each id in the same article, or -1."""
        after = ids + 1
        return np.where(after < self.end[ids], after, -1)
