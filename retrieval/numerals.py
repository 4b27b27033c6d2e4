"""Numbers as Arabic news writes them, and their values: the one home for number words.

The forms read:
- digits of any script (``retrieval.normalize`` folds them to 0-9), with thousands separators
  (1,234,567، 1٬234٬567، 1،648،195، 1.002.000) and decimal points (1.5، 1٫5، 45,44);
- cardinal words, compounds included: «ستة»، «سبع»، «أحد عشر»، «خمسة وعشرين»، «مئة وخمسين»؛
- the multipliers ألف، مليون، مليار after digits or words: «36 ألف»، «1.5 مليون»، «ثلاثة آلاف»؛
- ordinals with the article: «العاشر»، «الحادي عشر»، «الخامسة والعشرين»، «العشرين».

``NUMBER`` and ``ORDINAL`` are regex sources over folded text (``retrieval.patterns``);
``read_number`` and ``read_ordinal`` give the value of the first such phrase in a text, so that
«ستة» and «6», or «العاشر» and «10», can be compared.
"""

from __future__ import annotations

import re
from functools import cache

from retrieval.letters import ALEF_LAM, WAW
from retrieval.normalize import normalize
from retrieval.patterns import GLUED_LETTERS, alternation, fold, listed

# (value, forms in reading form): masculine and feminine, nominative and oblique.
CARDINALS: tuple[tuple[int, str], ...] = (
    (1, "واحد واحدة"),
    (2, "اثنان اثنين اثنتان اثنتين"),
    (3, "ثلاث ثلاثة"),
    (4, "أربع أربعة"),
    (5, "خمس خمسة"),
    (6, "ست ستة"),
    (7, "سبع سبعة"),
    (8, "ثمان ثماني ثمانية"),
    (9, "تسع تسعة"),
    (10, "عشر عشرة"),
    (20, "عشرون عشرين"),
    (30, "ثلاثون ثلاثين"),
    (40, "أربعون أربعين"),
    (50, "خمسون خمسين"),
    (60, "ستون ستين"),
    (70, "سبعون سبعين"),
    (80, "ثمانون ثمانين"),
    (90, "تسعون تسعين"),
    (100, "مئة مائة"),
    (200, "مئتان مئتين مئتا مئتي مائتان مائتين مائتا مائتي"),
    (300, "ثلاثمئة ثلاثمائة"),
    (400, "أربعمئة أربعمائة"),
    (500, "خمسمئة خمسمائة"),
    (600, "ستمئة ستمائة"),
    (700, "سبعمئة سبعمائة"),
    (800, "ثمانمئة ثمانمائة ثمانيمئة"),
    (900, "تسعمئة تسعمائة"),
    (2_000, "ألفان ألفين ألفي"),
    (2_000_000, "مليونان مليونين مليوني"),
    (2_000_000_000, "ملياران مليارين ملياري"),
)
# «أحد» and «إحدى» mean "one of" on their own; before عشر/عشرة they make 11, «اثنا» 12.
TEEN_UNITS: tuple[tuple[int, str], ...] = (
    (1, "أحد إحدى"),
    (2, "اثنا اثنتا اثني اثنتي"),
)
TEN = "عشر عشرة"
# Multipliers: «ثلاثة آلاف»، «36 ألف»، «1.5 مليون».
MULTIPLIERS: tuple[tuple[int, str], ...] = (
    (1_000, "ألف آلاف ألفا"),
    (1_000_000, "مليون ملايين مليونا"),
    (1_000_000_000, "مليار مليارات مليارا بليون"),
)
# Ordinal words without the article, masculine and feminine.
ORDINALS: tuple[tuple[int, str], ...] = (
    (1, "أول أولى حادي حادية"),
    (2, "ثاني ثانية"),
    (3, "ثالث ثالثة"),
    (4, "رابع رابعة"),
    (5, "خامس خامسة"),
    (6, "سادس سادسة"),
    (7, "سابع سابعة"),
    (8, "ثامن ثامنة"),
    (9, "تاسع تاسعة"),
    (10, "عاشر عاشرة"),
)
# Words that make a count vague or approximate: «عشرات القتلى»، «قرابة ثلاثة عقود».
VAGUE_COUNTS = "عشرات مئات آلاف ملايين"
APPROXIMATIONS = (
    *("قرابة", "نحو", "حوالي", "حوالى", "زهاء", "أكثر من", "أقل من", "ما يزيد عن"),
    *("ما يزيد على", "ما يقرب من", "ما يقارب", "يتجاوز", "أكثر", "أقل", "بحدود"),
)
# «40 في المئة»، «40%»، «40 بالمئة».
PERCENT = rf"(?:%|\u066a|(?:في\s++|\u0628){listed('المئة المائة')})"

_TENS = [form for value, forms in CARDINALS if 20 <= value <= 90 for form in forms.split()]
_CARDINAL = alternation([form for _, forms in (*CARDINALS, *MULTIPLIERS) for form in forms.split()])
_TEEN = rf"{alternation(f for _, forms in TEEN_UNITS for f in forms.split())}\s++{listed(TEN)}"
# Digits: thousands in groups of three after a comma, the Arabic thousands separator or the
# Arabic comma (1،648،195), or after two or more dots (1.002.000); else one decimal point.
DIGITS = (
    r"\d{1,3}+(?:[,\u066c\u060c]\d{3}(?!\d))++(?:[.\u066b]\d++)?+"
    r"|\d{1,3}+(?:\.\d{3}(?!\d)){2,}+"
    r"|\d++(?:[.,\u066b]\d++)?+"
)
_WORD_NUMBER = rf"(?:{_TEEN}|{_CARDINAL})(?:\s++{WAW}?\s*+(?:{_TEEN}|{_CARDINAL})(?!\w)){{0,5}}"
MULTIPLIER = alternation(f for _, forms in MULTIPLIERS for f in forms.split())
# A number in digits or words, with its multiplier: «36 ألف»، «ستة»، «مئة وخمسين»، «1,5 مليون».
NUMBER = rf"(?:(?:{DIGITS})(?:\s++{MULTIPLIER}(?!\w))?|{_WORD_NUMBER})(?!\w)"
_ORDINAL_WORD = alternation(f for _, forms in ORDINALS for f in forms.split())
# An ordinal with the article: «العاشر»، «الحادي عشر»، «الخامسة والعشرين»، «العشرين».
ORDINAL = (
    rf"{ALEF_LAM}(?:{_ORDINAL_WORD}(?:\s++{listed(TEN)}|\s++{WAW}\s*+{ALEF_LAM}?"
    rf"{alternation(_TENS)})?|{alternation(_TENS)})(?!\w)"
)

# Separators inside a digit run: thousands when three digits follow, else a decimal point.
_THOUSANDS = re.compile(r"(?<=\d)[,\u066c\u060c](?=\d{3}(?!\d))")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}(?!\d)){2,}")
_DECIMAL = re.compile(r"(?<=\d)[,\u066b](?=\d)")
_DIGIT_WORD = re.compile(r"\d+(?:\.\d+)?")


@cache
def _values() -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    """Normalized word -> value, for cardinals, teen units, multipliers and ordinals."""

    def table(rows: tuple[tuple[int, str], ...]) -> dict[str, int]:
        return {normalize(form): value for value, forms in rows for form in forms.split()}

    return table(CARDINALS), table(TEEN_UNITS), table(MULTIPLIERS), table(ORDINALS)


def _words(text: str) -> list[str]:
    """The normalized words of a number phrase, digit runs as plain decimals («1,5» → «1.5»)."""
    text = fold(text)
    text = _DOTTED_THOUSANDS.sub(lambda m: m.group().replace(".", ""), text)
    text = _DECIMAL.sub(".", _THOUSANDS.sub("", text))
    return normalize(text).split()


def _unglued(word: str, known: set[str]) -> str:
    """The word without a glued و، ف، ب or ل when that leaves a number: «لسبع»، «و200»، «ب104»."""
    if word in known or _DIGIT_WORD.fullmatch(word) or len(word) < 2:
        return word
    rest = word[1:]
    if word[0] in GLUED_LETTERS and (rest in known or _DIGIT_WORD.fullmatch(rest)):
        return rest
    return word


# Every whole number below this is held exactly by a float (2 ** 53).
EXACT_LIMIT = 2.0**53


def read_number(text: str) -> float | None:
    """The value of the first cardinal number in ``text``, in digits or words; None without one.

    «36 ألف» → 36000, «1٬234٬567» → 1234567, «ستة» → 6, «خمسة وعشرين» → 25, «أحد عشر» → 11.
    """
    cardinals, teens, multipliers, _ = _values()
    total = current = 0.0
    last = 0.0
    started = False
    known = cardinals.keys() | teens.keys() | multipliers.keys()
    ten = {normalize(form) for form in TEN.split()}
    words = [_unglued(word, known) for word in _words(text)]
    for index, bare in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if bare in teens and following not in ten:
            bare = ""  # «أحد الأشخاص»: one of, not a count
        if bare == WAW and started:
            continue
        if _DIGIT_WORD.fullmatch(bare):
            value = float(bare)
        elif bare in cardinals:
            value = float(cardinals[bare])
        elif bare in teens:
            value = float(teens[bare])
        elif bare in multipliers:
            current = (current or 1.0) * multipliers[bare]
            total += current
            current = last = 0.0
            started = True
            continue
        elif started:
            break
        else:
            continue
        if value == 100 and 1 <= last <= 9:  # «ثلاث مئة»
            current += last * 99
        else:
            current += value
        last = value
        started = True
    return total + current if started else None


def read_ordinal(text: str) -> int | None:
    """The value of the first ordinal in ``text``: «العاشر» → 10, «الحادي عشر» → 11,
    «الخامسة والعشرين» → 25; None without one."""
    cardinals, _, _, ordinals = _values()
    tens = {normalize(form) for form in TEN.split()}
    value = 0
    for word in _words(text):
        bare = word[1:] if word[:1] == WAW and len(word) > 1 else word
        bare = bare.removeprefix(ALEF_LAM)
        if value == 0:
            if bare in ordinals:
                value = ordinals[bare]
            elif bare in cardinals and 20 <= cardinals[bare] <= 90 and word.startswith(ALEF_LAM):
                return cardinals[bare]
            continue
        if bare in tens:
            return value + 10
        if bare in cardinals and 20 <= cardinals[bare] <= 90:
            return value + cardinals[bare]
        return value
    return value or None


# Single number words below this are left out of ``word_value``: «أول»، «ثاني»، «واحد» and
# «اثنين» are mostly not counts («المرة الأولى»، «يوم الاثنين»).
MIN_WORD_VALUE = 3


def word_value(word: str) -> int | None:
    """The value of one normalized word that is a cardinal or an ordinal on its own («ستة»،
    «العاشر»، «عشرين»), from MIN_WORD_VALUE up; None for any other word."""
    cardinals, _, _, ordinals = _values()
    bare = word.removeprefix(ALEF_LAM)
    value = cardinals.get(word) or cardinals.get(bare) or ordinals.get(bare)
    return value if value is not None and value >= MIN_WORD_VALUE else None


def digits_value(token: str) -> str:
    """A digit token written one way: thousands separators dropped, a decimal comma as a
    point, trailing zeros of the fraction dropped («2,000» → «2000», «1,5» → «1.5»).

    A value a float does not hold exactly (``EXACT_LIMIT`` and up: a reference number, or a
    scraped run of hundreds of digits, which a float cannot hold at all) is kept as written.
    """
    value = read_number(token)
    if value is None or not abs(value) < EXACT_LIMIT:
        return token
    return str(int(value)) if value == int(value) else repr(value)
