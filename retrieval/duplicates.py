"""The same wire story in several papers: answered once, with the other papers named.

Two kinds of sameness, found at two times:

- **Word for word.** Indexing keeps the first copy of a sentence that repeats an earlier one
  (after normalization) and drops the others. ``RepeatLog`` notes each dropped copy that sits in
  another article; ``Repeats`` keeps those pairs of reading-order positions (stored in the index
  cache), so that a hit can name every article that printed its sentence.
- **Nearly.** Papers edit wire copy lightly («سوريا» for «سورية», «وأوضح» for «وقال»), so the
  copies are indexed apart and may both be among a question's hits. ``fold`` merges a later hit
  into an earlier one when the later one is ``near_identical``: the two share at least
  ``NEAR_IDENTICAL_SHARE`` of the longer one's words, state the same numbers, and the later one
  has no content word the earlier lacks (compared by stem and skeleton, so «بالمملكة» is
  «المملكة» and «سوريا» is «سورية»). Folding must never hide an answer: on the news set, the
  copies that a looser rule folded added a name («الدكتور إسماعيل»), a time («عند الساعة
  16,00»), another verb or another figure (84.5% for 56%), which is what a question may ask for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from retrieval.normalize import normalize
from retrieval.results import Hit, Reprint
from retrieval.terms import analyze

# The share of the longer sentence's words (counted with repeats) that the two must share: one
# word in five changed still reads as the same sentence; two in five is a different one.
NEAR_IDENTICAL_SHARE = 0.8
# Shorter sentences («وأضاف أن الاجتماع كان مثمرا») are alike by chance: only equal ones fold.
MIN_NEAR_WORDS = 8
# The shorter of a sentence and its copy has at least this share of the longer one's words.
COPY_RATIO = 0.7
# A word with a digit in it (normalized text has ASCII digits only).
_HAS_DIGIT = re.compile(r"[0-9]")


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
    """Whether ``second`` is ``first`` but for light editing that adds nothing a reader could ask
    about (see the module docstring)."""
    return _alike(_Words.of(first), _Words.of(second))


def fold(
    hits: Sequence[Hit],
    reprints: Callable[[Hit], Sequence[Reprint]],
    *,
    limit: int | None = None,
    copies: Sequence[Hit] = (),
) -> list[Hit]:
    """``hits`` (best first) with each one that repeats an earlier one merged into it, ranked
    1..n again, at most ``limit`` of them; each hit's ``also`` names the other articles that
    carry its sentence: its ``reprints`` and the merged hits' articles and reprints, once each,
    never its own article. ``copies`` are sentences that may only be merged into a kept hit
    (candidates ranked too low to be shown, which may still be another paper's copy of one)
    whose length is within ``COPY_RATIO`` of theirs."""
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
    lengths = [word_count(hit.snippet) for hit in kept]
    for copy in copies:
        # A copy shares most of the hit's words, so it is about as long: comparing lengths
        # first spares most word comparisons.
        length = word_count(copy.snippet)
        close = [at for at, kept_length in enumerate(lengths) if lengths_close(kept_length, length)]
        if not close:
            continue
        mine = _Words.of(copy.snippet)
        for at in close:
            if _alike(words[at], mine):
                carried[at] += [_reprint(copy), *reprints(copy)]
                break
    return [
        replace(hit, rank=rank, also=_distinct(hit, others))
        for rank, (hit, others) in enumerate(zip(kept, carried, strict=True), start=1)
    ]


@dataclass(frozen=True, slots=True)
class _Words:
    """A sentence as written, its normalized words as a list and as counts, and its numbers."""

    text: str
    listed: list[str]
    counted: Counter[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        listed = normalize(text).split()
        numbers = frozenset(filter(_HAS_DIGIT.search, listed))
        return cls(text, listed, Counter(listed), numbers)


def word_count(sentence: str) -> int:
    """A sentence's words as written (``lengths_close`` compares these)."""
    return len(sentence.split())


def lengths_close(first: int, second: int) -> bool:
    """Whether two sentences' word counts (``word_count``) are within ``COPY_RATIO`` of each
    other, as a copy's and its original's are (a near-identical pair shares
    ``NEAR_IDENTICAL_SHARE`` of the longer one's words; words as written, so the bound is
    looser). Not their BM25 scores: a copy that drops one rare word of the question («طنجة» of
    a dateline) scores far lower."""
    shorter, longer = sorted((first, second))
    return shorter >= COPY_RATIO * longer


def _alike(a: _Words, b: _Words) -> bool:
    """Whether ``b`` (the later hit) may be folded into ``a``."""
    if a.listed == b.listed:
        return True
    if min(len(a.listed), len(b.listed)) < MIN_NEAR_WORDS or a.numbers != b.numbers:
        return False
    shared = sum((a.counted & b.counted).values())
    if shared < NEAR_IDENTICAL_SHARE * max(len(a.listed), len(b.listed)):
        return False
    # Analysis is the costly part, and few pairs get this far.
    known = {term for word in analyze(a.text) for term in word.terms}
    return all(any(term in known for term in word.terms) for word in analyze(b.text))


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
