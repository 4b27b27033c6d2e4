"""Light stemming of normalized Arabic words, in the spirit of Lucene's ArabicStemmer and light10.

The input is a word that already went through ``normalize`` (so ة is ه and ى is ي). Only affixes
are removed; there is no root extraction. A stem is never cut below ``MIN_STEM_LENGTH`` letters.

Two choices differ from light10:
- A bare ب, ك or ل is not stripped (only as part of بال/كال/لل), because many names start with
  them (بوتين، باكو، بروكسل، لافروف) and stripping would merge unrelated words.
- Past-tense verb endings (ت، ا، تا، وا) and attached pronouns are stripped, so that اتفقا meets
  اتفق. The skeleton key in ``retrieval.terms`` then lets اتفق meet اتفاق.
"""

from __future__ import annotations

MIN_STEM_LENGTH = 3

# Longest first, so that وال wins over و.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_CONJUNCTION_PREFIXES = ("و", "ف")
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
    for conjunction in _CONJUNCTION_PREFIXES:
        if word.startswith(conjunction) and len(word) - len(conjunction) >= MIN_STEM_LENGTH:
            return _strip_article(word[len(conjunction) :])
    return word


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


def _is_arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u064a"
