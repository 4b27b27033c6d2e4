"""Building blocks of the regular expressions that read folded text (``retrieval.extract``).

Folded text has the letters of ``retrieval.normalize`` (one alef, ى→ي, ة→ه, no tashkeel or
tatweel, Western digits) but keeps its punctuation. Word lists are written in reading form and
normalized here, so a list never needs a second, normalized copy.

Every pattern built from these pieces must run in linear time: quantifiers that could give the
same characters to two neighbours are possessive (``\\s*+(?:،\\s*+)?``, never ``\\s*،?\\s*``), so
a long run of spaces or commas is read once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from retrieval.normalize import (
    ascii_digits,
    fold_compatibility_forms,
    lowercase_latin,
    normalize,
    replace_control_characters,
    strip_invisible,
    strip_tashkeel,
    strip_tatweel,
    unify_alef,
    unify_letters,
)

# The letter rules of ``normalize`` without its punctuation and space rules: what folding keeps.
# Each works on one character alone (a ligature such as ﻻ may become two), so they can be
# applied a character at a time and every folded character still knows where it came from.
CHARACTER_RULES: tuple[Callable[[str], str], ...] = (
    fold_compatibility_forms,
    strip_invisible,
    replace_control_characters,
    strip_tashkeel,
    strip_tatweel,
    unify_alef,
    unify_letters,
    ascii_digits,
    lowercase_latin,
)

# Letters a word may carry glued in front: و، ف، ب، ل.
GLUED_LETTERS = "\u0648\u0641\u0628\u0644"
# Where a word starts: after a non-word character, or after one glued letter that starts a word.
START = rf"(?:(?<!\w)|(?<=(?<!\w)[{GLUED_LETTERS}]))"
END = r"(?!\w)"
# White space, with at most one comma in it: «18 تشرين الأول، 2020».
COMMA_SPACE = r"\s*+(?:[\u060c,]\s*+)?"


def fold(text: str) -> str:
    """Text with the letters of ``normalize`` and its punctuation kept."""
    for rule in CHARACTER_RULES:
        text = rule(text)
    return text


def alternation(phrases: Iterable[str]) -> str:
    """A regex group matching any of the phrases in normalized form, longest first."""
    forms = {r"\s++".join(map(re.escape, normalize(p).split())) for p in phrases}
    forms.discard("")
    return "(?:" + "|".join(sorted(forms, key=lambda form: (-len(form), form))) + ")"


def listed(words: str) -> str:
    """``alternation`` of the space-separated words of one string."""
    return alternation(words.split())


def normalized_set(words: Iterable[str]) -> frozenset[str]:
    """The normalized forms of words written in reading form (phrases split into words)."""
    return frozenset(part for word in words for part in normalize(word).split())
