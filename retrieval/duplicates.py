"""The same wire story in several papers: answered once, with the other papers named.

Two kinds of sameness, found at two times:

- **Word for word.** Indexing keeps the first copy of a sentence that repeats an earlier one
  (after normalization) and drops the others. ``RepeatLog`` notes each dropped copy that sits in
  another article; ``Repeats`` keeps those pairs of reading-order positions (stored in the index
  cache), so that a hit can name every article that printed its sentence.
- **Nearly.** Papers edit wire copy lightly («وأوضح» for «وقال», a title added), so the copies
  are indexed apart and may both be among a question's hits. ``fold`` merges a hit into an
  earlier one when their sentences are ``near_identical``: they share at least
  ``NEAR_IDENTICAL_SHARE`` of the longer one's words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from retrieval.normalize import normalize
from retrieval.results import Hit, Reprint

# The share of the longer sentence's words (counted with repeats) that the two must share: one
# word in five changed still reads as the same sentence; two in five is a different one.
NEAR_IDENTICAL_SHARE = 0.8
# Shorter sentences («وأضاف أن الاجتماع كان مثمرا») are alike by chance: only equal ones fold.
MIN_NEAR_WORDS = 8


@dataclass(frozen=True, slots=True)
class Repeats:
    """Word-for-word copies: ``copies[i]`` repeats the indexed sentence at ``originals[i]``
    (positions in the corpus' reading order, as ``Engine`` counts them), in another article.
    Sorted by original, then copy."""

    originals: np.ndarray  # int64
    copies: np.ndarray  # int64

    @classmethod
    def none(cls) -> Repeats:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    def copies_of(self, position: int) -> list[int]:
        """The positions of the copies of the sentence at ``position``, in reading order."""
        start = int(np.searchsorted(self.originals, position, side="left"))
        end = int(np.searchsorted(self.originals, position, side="right"))
        return [int(copy) for copy in self.copies[start:end]]

    def __len__(self) -> int:
        return int(self.copies.size)


class RepeatLog:
    """Collects (original, copy) positions while a corpus is indexed."""

    def __init__(self) -> None:
        self._originals: list[int] = []
        self._copies: list[int] = []

    def add(self, original: int, copy: int) -> None:
        self._originals.append(original)
        self._copies.append(copy)

    def freeze(self) -> Repeats:
        originals = np.asarray(self._originals, dtype=np.int64)
        copies = np.asarray(self._copies, dtype=np.int64)
        order = np.lexsort((copies, originals))
        return Repeats(originals[order], copies[order])


def near_identical(first: str, second: str) -> bool:
    """Whether two sentences are the same but for light editing (see the module docstring)."""
    return _alike(_Words.of(first), _Words.of(second))


def fold(
    hits: Sequence[Hit],
    reprints: Callable[[Hit], Sequence[Reprint]],
    *,
    limit: int | None = None,
) -> list[Hit]:
    """``hits`` (best first) with each one that repeats an earlier one merged into it, ranked
    1..n again, at most ``limit`` of them; each hit's ``also`` names the other articles that
    carry its sentence: its ``reprints`` and the merged hits' articles and reprints, once each,
    never its own article."""
    kept: list[Hit] = []
    words: list[_Words] = []
    carried: list[list[Reprint]] = []
    for hit in hits:
        mine = _Words.of(hit.snippet)
        for at, theirs in enumerate(words):
            if _alike(theirs, mine):
                carried[at] += [_reprint(hit), *reprints(hit)]
                break
        else:
            if limit is not None and len(kept) >= limit:
                continue
            kept.append(hit)
            words.append(mine)
            carried.append(list(reprints(hit)))
    return [
        replace(hit, rank=rank, also=_distinct(hit, others))
        for rank, (hit, others) in enumerate(zip(kept, carried, strict=True), start=1)
    ]


@dataclass(frozen=True, slots=True)
class _Words:
    """A sentence's normalized words, as a list and as counts."""

    listed: list[str]
    counted: Counter[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        listed = normalize(text).split()
        return cls(listed, Counter(listed))


def _alike(a: _Words, b: _Words) -> bool:
    if a.listed == b.listed:
        return True
    if min(len(a.listed), len(b.listed)) < MIN_NEAR_WORDS:
        return False
    shared = sum((a.counted & b.counted).values())
    return shared >= NEAR_IDENTICAL_SHARE * max(len(a.listed), len(b.listed))


def _reprint(hit: Hit) -> Reprint:
    return Reprint(hit.doc_id, hit.title, hit.sentence, hit.source, hit.published, hit.url)


def _distinct(hit: Hit, reprints: Sequence[Reprint]) -> tuple[Reprint, ...]:
    seen = {hit.doc_id}
    distinct = []
    for reprint in reprints:
        if reprint.doc_id not in seen:
            seen.add(reprint.doc_id)
            distinct.append(reprint)
    return tuple(distinct)
