"""Character-level normalization of Arabic text for search.

Each rule is a pure ``str -> str`` function doing one thing; ``normalize`` composes them in the
one order that questions and sentences both go through. The rules follow information-retrieval
practice (Lucene's ArabicNormalizer, Larkey's light10) rather than pyarabic's defaults where the
two differ: pyarabic's ``normalize_alef`` maps ى to ا and its ``normalize_hamza`` turns hamza
carriers into a bare ء, both of which split words that users consider the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pyarabic.araby import DIACRITICS as _PYARABIC_DIACRITICS
from pyarabic.araby import strip_tatweel as _untyped_strip_tatweel

# pyarabic ships no type information.
_pyarabic_strip_tatweel: Callable[[str], str] = _untyped_strip_tatweel
# Alef with hamza above/below, alef with madda, alef wasla.
_ALEF_VARIANTS = re.compile("[\u0622\u0623\u0625\u0671\u0672\u0673]")
_LETTER_MAP = {
    "\u0649": "\u064a",  # ى alef maksura -> ي yeh (Lucene), not -> ا as pyarabic does
    "\u0629": "\u0647",  # ة teh marbuta -> ه heh
    "\u0624": "\u0648",  # ؤ waw with hamza -> و
    "\u0626": "\u064a",  # ئ yeh with hamza -> ي
    "\u06cc": "\u064a",  # ی Farsi yeh -> ي (common in scraped pages)
    "\u06d2": "\u064a",  # ے Urdu yeh barree -> ي
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u06d5": "\u0647",  # ە ae -> ه
}
# No replacement letter is itself replaced, so replacing one letter after another gives the same
# text as a single translate; str.replace is several times faster than str.translate on
# non-Latin text, and normalizing is most of the cost of indexing a large corpus.
_LETTER_REPLACEMENTS = tuple(_LETTER_MAP.items())
_NON_ASCII_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_MAP = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
# pyarabic's diacritics (every nonspacing mark in U+0600-U+06FF). Its strip_diacritics does one
# str.replace per mark (52 of them); one character-class regex removes the same characters.
_DIACRITICS = re.compile("[" + "".join(_PYARABIC_DIACRITICS) + "]")
# Zero-width characters, bidi marks/embeddings/overrides/isolates, soft hyphen, BOM.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# C0/C1 control characters (NUL included); tabs and newlines become spaces.
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")
# Anything that is neither a word character nor space, plus underscore; a decimal separator
# between two digits is kept so that 3.5 stays one number.
_PUNCTUATION = re.compile(r"(?!(?<=\d)[.,\u066b](?=\d))[^\w\s]|_")
# Without a decimal number in the text the lookarounds above never apply, and this twice-as-fast
# pattern replaces exactly the same characters.
_DECIMAL_NUMBER = re.compile(r"\d[.,\u066b]\d")
_PUNCTUATION_NO_DECIMALS = re.compile(r"[^\w\s]|_")


def fold_compatibility_forms(text: str) -> str:
    """Fold presentation forms and ligatures (ﻻ, ﷲ) into their base letters (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def strip_invisible(text: str) -> str:
    """Drop zero-width and bidi control characters, which hide inside words."""
    return _INVISIBLE.sub("", text)


def replace_control_characters(text: str) -> str:
    """Turn control characters (NUL, tabs, newlines, C1) into spaces."""
    return _CONTROL.sub(" ", text)


def strip_tashkeel(text: str) -> str:
    """Remove harakat, shadda, sukun, dagger alef and Quranic marks."""
    # pyarabic's strip_tashkeel loops in Python; its strip_diacritics is the set used here.
    return _DIACRITICS.sub("", text)


def strip_tatweel(text: str) -> str:
    """Remove tatweel (kashida), the stretching character ـ."""
    return _pyarabic_strip_tatweel(text)


def unify_alef(text: str) -> str:
    """Map أ إ آ ٱ to a bare ا."""
    return _ALEF_VARIANTS.sub("\u0627", text)


def unify_letters(text: str) -> str:
    """Map ى→ي, ة→ه, ؤ→و, ئ→ي, and Persian/Urdu letter shapes to their Arabic twins."""
    for letter, replacement in _LETTER_REPLACEMENTS:
        if letter in text:
            text = text.replace(letter, replacement)
    return text


def ascii_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits to 0-9."""
    # Most sentences have no such digit, and a search is much cheaper than a translate.
    if _NON_ASCII_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGIT_MAP)


def strip_punctuation(text: str) -> str:
    """Replace punctuation and symbols with spaces, keeping decimal points inside numbers."""
    if _DECIMAL_NUMBER.search(text) is None:
        return _PUNCTUATION_NO_DECIMALS.sub(" ", text)
    return _PUNCTUATION.sub(" ", text)


def lowercase_latin(text: str) -> str:
    """Lowercase Latin letters; Arabic has no case, so this only touches Latin script."""
    return text.lower()


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space into one space and trim the ends."""
    # str.split() and the regex's \s agree on what white space is (str.isspace); split is faster.
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Normalize text for matching: the one pipeline questions and sentences share."""
    text = fold_compatibility_forms(text)
    text = strip_invisible(text)
    text = replace_control_characters(text)
    text = strip_tashkeel(text)
    text = strip_tatweel(text)
    text = unify_alef(text)
    text = unify_letters(text)
    text = ascii_digits(text)
    text = strip_punctuation(text)
    text = lowercase_latin(text)
    return collapse_spaces(text)
