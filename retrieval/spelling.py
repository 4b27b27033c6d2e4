"""Typos in questions: a word the corpus has never seen, read as the nearest word it has.

Users type fast: «متلازكة» for «متلازمة», «بالصرطان» for «بالسرطان», «اللتى» for «التي», two words
run together («الاسكندرالاكبر»). An unseen word weighs as much as the rarest word, so one typo can
make an answerable question look unanswered. For a question word none of whose terms the index
knows, ``correct`` looks for, in this order:

1. a stopword one edit away (a letter dropped, added, replaced, or two swapped): the word is
   dropped, as its correct spelling would have been;
2. the known stem that most sentences hold among those one confusable letter away from the
   word's stem (ص for س, ظ for ض, ط for ت…), or, for stems of ``_MIN_FREE_STEM`` letters or more,
   one edit of any kind away; editing the stem, not the word, keeps the prefixes and suffixes out
   of the guess («بالصرطان» → «سرطان»);
3. a split into two known words.

Only words of at least ``MIN_LETTERS`` letters are corrected: short words have too many
neighbours to guess from. A name the corpus never mentions stays unseen unless a stem one letter
away is in the corpus; the answer model sees how much of the question was corrected
(``retrieval.evidence``), so a guess weighs less than a match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from retrieval.letters import ALEF_LAM
from retrieval.stem import stem_readings
from retrieval.stopwords import is_stopword
from retrieval.terms import WordTerms, analyze_normalized, stem_terms

MIN_LETTERS = 3
# Longer "words" are pasted junk, not typos; trying every edit of one would cost its length times
# the alphabet.
MAX_LETTERS = 20
# The letters of normalized Arabic text (ة is ه, ى is ي, every alef is ا).
_ALPHABET = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
# A split is tried only when both parts have at least this many letters.
_MIN_PART = 2
# No stem is read as one shorter than this.
_MIN_STEM = 3
# Any single edit is tried only on stems this long; shorter stems (too many of which are one edit
# apart) only swap letters that typists confuse.
_MIN_FREE_STEM = 5
# Letters typed for one another: by sound (س/ص، ت/ط، ذ/ز، ض/ظ) or by shape (ح/خ/ج، ع/غ).
_CONFUSABLE = ("سصث", "تط", "ذزظض", "ضظد", "حخجه", "عغء", "قك", "يءا", "هت")


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word read differently: as no word (a stopword) or as one or two known words."""

    original: WordTerms
    words: tuple[WordTerms, ...]


def correct(word: WordTerms, frequency: Callable[[str], int]) -> Correction | None:
    """The likeliest reading of an unseen question word, or None to leave it as it is.

    ``frequency`` gives how many indexed sentences hold a term (0 for an unknown one).
    """
    text = word.word
    if not MIN_LETTERS <= len(text) <= MAX_LETTERS or not text.isalpha():
        return None
    if any(frequency(term) for term in word.terms):
        return None
    if any(is_stopword(candidate) for candidate in one_edit_away(text)):
        return Correction(word, ())
    best: tuple[int, tuple[WordTerms, ...]] | None = None
    stem = stem_readings(text)[0]
    edits = list(_confusions(stem))
    if not any(frequency(candidate) for candidate in edits) and len(stem) >= _MIN_FREE_STEM:
        edits = list(one_edit_away(stem))
    for candidate in edits:
        known = frequency(candidate) if len(candidate) >= _MIN_STEM else 0
        if known and (best is None or known > best[0]):
            best = (known, (WordTerms(candidate, stem_terms(candidate)),))
    for left, right in _splits(text):
        reading = analyze_normalized(f"{left} {right}")
        if len(reading) == 2 and all(frequency(w.terms[0]) for w in reading):
            known = min(frequency(w.terms[0]) for w in reading)
            if best is None or known > best[0]:
                best = (known, reading)
    return Correction(word, best[1]) if best is not None else None


def _confusions(stem: str) -> Iterator[str]:
    """The stem with one letter swapped for one typists confuse it with."""
    for i, letter in enumerate(stem):
        for group in _CONFUSABLE:
            if letter in group:
                for other in group:
                    if other != letter:
                        yield stem[:i] + other + stem[i + 1 :]


def one_edit_away(word: str) -> Iterator[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    seen = {word}
    halves = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = (
        [left + right[1:] for left, right in halves if right]
        + [left + right[1] + right[0] + right[2:] for left, right in halves if len(right) > 1]
        + [left + letter + right[1:] for left, right in halves if right for letter in _ALPHABET]
        + [left + letter + right for left, right in halves for letter in _ALPHABET]
    )
    for candidate in candidates:
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


def _splits(word: str) -> Iterator[tuple[str, str]]:
    """Two words run together: «الاسكندرالاكبر» → «الاسكندر» + «الاكبر» (also at an article)."""
    for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
        left, right = word[:i], word[i:]
        if right.startswith(ALEF_LAM) or len(left) >= MIN_LETTERS:
            yield left, right
