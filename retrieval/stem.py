"""Light stemming of normalized Arabic words, in the spirit of Lucene's ArabicStemmer and light10.

The input is a word that already went through ``normalize`` (so ة is ه and ى is ي). Only affixes
are removed; there is no root extraction. A stem is never cut below ``MIN_STEM_LENGTH`` letters.

Two choices differ from light10:
- A bare ب, ك or ل is not stripped from the stem (only as part of بال/كال/لل), because many
  names start with them (بوتين، باكو، بروكسل، لافروف); ``stem_readings`` offers the stripped
  reading as a second stem instead.
- Past-tense verb endings (ت، ا، تا، وا) and attached pronouns are stripped, so that اتفقا
  meets اتفق. The skeleton key in ``retrieval.terms`` then lets اتفق meet اتفاق.
"""

from __future__ import annotations

from functools import cache

from retrieval.letters import CONJUNCTIONS, PREPOSITIONS, WAW

MIN_STEM_LENGTH = 3

# Longest first, so that وال wins over و.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_CONJUNCTION_PREFIXES = CONJUNCTIONS
_PREPOSITION_LETTERS = PREPOSITIONS
# Common news nouns whose first letter و belongs to the root. Stripping it as a conjunction
# would make وزارة meet زار ("visited") and وزير meet زيارة.
ROOT_WAW_NOUNS = (
    "وزير", "وزيرة", "وزراء", "وزارة", "وزارات", "وكالة", "وكالات", "وثيقة", "وثائق", "وفود",
    "وحدة", "وحدات", "ولاية", "ولايات", "وقود", "وجود", "وصول", "وساطة", "وسائل", "وطني", "وطنية",
)  # fmt: skip
# A glued ب/ل/ك is read as a preposition only if a word of this length remains after it.
MIN_PREPOSITION_REMAINDER = 4
# Longest first. Normalized forms: يه stands for ية, ه for ة. Besides light10's noun suffixes:
# attached pronouns (هما، هم، كم، نا) and past-tense verb endings (وا، تا، ت، ا).
_SUFFIXES = (
    "هما", "ها", "هم", "كم", "نا", "ان", "ات", "ون", "ين", "يه", "وا", "تا", "ه", "ي", "ت", "ا",
)  # fmt: skip
_PRONOUN_SUFFIXES = frozenset(("هما", "ها", "هم", "كم", "نا", "ه"))


def strip_prefix(word: str) -> str:
    """Remove an article (ال، وال، بال، كال، فال، لل) and a conjunction (و، ف), in either order.

    The conjunction is also removed after an article, so that الوزير and وزير meet (both زير):
    a word-initial و is stripped the same way wherever it stands.
    """
    word = _strip_article(word)
    if _has_root_waw(word):
        return word
    for conjunction in _CONJUNCTION_PREFIXES:
        if word.startswith(conjunction) and len(word) - len(conjunction) >= MIN_STEM_LENGTH:
            return _strip_article(word[len(conjunction) :])
    return word


def _has_root_waw(word: str) -> bool:
    """Whether the word's initial و is its first root letter (وزارة), not the conjunction."""
    return word.startswith(WAW) and strip_suffixes(word) in _root_waw_stems()


@cache
def _root_waw_stems() -> frozenset[str]:
    from retrieval.normalize import normalize  # normalize does not depend on this module

    return frozenset(strip_suffixes(normalize(word)) for word in ROOT_WAW_NOUNS)


def _strip_article(word: str) -> str:
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def strip_suffixes(word: str) -> str:
    """Remove up to two suffixes, keeping MIN_STEM_LENGTH letters.

    Before an attached pronoun, ة is written ت (عمليته = عملية + ه); a stem left ending in يت is
    given its ة back, so that عمليته and عملية meet.
    """
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH:
                word = word[: -len(suffix)]
                if suffix in _PRONOUN_SUFFIXES and word.endswith("يت"):
                    word = word[:-1] + "ه"
                break
        else:
            break
    return word


def light_stem(word: str) -> str:
    """Stem a normalized word: prefixes first, then suffixes. Non-Arabic words pass unchanged."""
    if not word or not _is_arabic(word):
        return word
    return strip_suffixes(strip_prefix(word))


def stem_readings(word: str) -> tuple[str, ...]:
    """The stem, plus a second one when the word may start with the preposition ب، ل or ك.

    A glued ب/ل/ك is either a preposition (لحقوق = ل + حقوق) or the word's own first letter
    (بوتين، لافروف). Rather than guess, both readings are indexed, so لحقوق meets حقوق while
    بوتين still meets بوتين.
    """
    if not word or not _is_arabic(word):
        return (word,)
    base = strip_prefix(word)
    stem = strip_suffixes(base)
    if base[:1] in _PREPOSITION_LETTERS and len(base) - 1 >= MIN_PREPOSITION_REMAINDER:
        other = strip_suffixes(base[1:])
        if other != stem:
            return (stem, other)
    return (stem,)


def _is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"
