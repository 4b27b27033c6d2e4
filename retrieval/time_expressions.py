"""Time expressions in a sentence, as Arabic news and encyclopedias write them: the words, the
patterns that find them in folded text (``retrieval.patterns``), and what a date says
(``read_date``). An article's own publication date is ``retrieval.dates``'s.

The forms found:
- a day and a month of either calendar, with its year: «18 تشرين الأول/أكتوبر 2020»، «الأول من
  سبتمبر من عام 1939»، «السابع عشر من رمضان»، «يومي 28 و29 يوليو»؛
- a month with a year or «الماضي/المقبل»: «ديسمبر 2021»، «رجب الماضي»، «شهر ذي القعدة»؛
- numeric dates: «27/9/2020»، «٢٦ – ١٠ – ١٤٣٦هـ»، «2020-09-27»؛
- any year with its era or after «عام/سنة»: «1517م»، «سنة 2 هـ»، «753 ق.م»، «2800 قبل الميلاد»،
  «1157 هـ / 1744»؛ ranges «(1165 - 1227م)»، «بين عامي 1908 و 1914»؛ a bare year of 1000-2099
  only after «في، منذ، حتى…» or «بداية، أواخر…» («نحو 2000 جندي» is a count);
- centuries: «القرن التاسع عشر»، «القرنين السادس عشر والسابع عشر»، «القرن 19»؛
- decades, weekdays, «اليوم»، «أمس»، «الأسبوع الماضي»، seasons, and durations after «منذ/قبل/بعد».

Month names come from ``retrieval.months``; number words from ``retrieval.numerals``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from retrieval.days import (
    CURRENT_WORDS,
    DAY_PARTS,
    NEXT_WORDS,
    PAST_WORDS,
    RELATIVE_DAY_PHRASES,
    WEEKDAY_NAMES,
)
from retrieval.letters import ALEF_LAM, WAW
from retrieval.months import HIJRI_MONTHS, month_names
from retrieval.normalize import normalize
from retrieval.numerals import NUMBER, ORDINAL, read_ordinal
from retrieval.patterns import COMMA_SPACE, END, START, alternation, fold, listed

# ---- words --------------------------------------------------------------------------------------

# «رجب الماضي»، «العام المقبل»، «الشهر الجاري»: a period placed by the article's own date.
RELATIVE = (*PAST_WORDS, *NEXT_WORDS, *CURRENT_WORDS)
# Parts of a period: «مطلع تشرين الأول»، «أواخر عام 1939»، «منتصف التسعينيات».
PERIOD_PARTS = (
    *("مطلع", "منتصف", "أواخر", "أوائل", "أواسط", "بداية", "بدايات", "نهاية", "مستهل", "أول"),
    *("آخر", "أول يوم", "آخر يوم", "الثلث الأول", "الثلث الأخير", "النصف الأول", "النصف الثاني"),
    *("الربع الأول", "الربع الثاني", "الربع الثالث", "الربع الأخير", "الأسبوع الأول"),
    *("الأسبوع الأخير",),
)
SAME_PERIOD = "ذاته نفسه ذاتها نفسها الجاري الحالي الماضي المقبل"
# What may come before a weekday: «أمس الخميس»، «ليل الجمعة»، «أول أمس الإثنين».
BEFORE_WEEKDAY = (*RELATIVE_DAY_PHRASES, *DAY_PARTS)
SEASONS = "الصيف الشتاء الربيع الخريف"
SEASONS_OF_YEAR = "صيف شتاء ربيع خريف"
PERIOD_EDGES = "انتهاء نهاية بداية حلول انقضاء مطلع منتصف"
TIME_UNITS = (
    "عقود عقد عقدين سنوات سنة سنين عاما عام أعوام أشهر شهور شهرا شهر أسابيع أسبوعا أسبوع "
    "أيام يوما يوم ساعات ساعة دقائق دقيقة"
)
YEAR_WORDS = "عام العام سنة السنة عامي سنتي أعوام الأعوام"
# «منذ عقود»، «قبل سنوات»: a duration with no number says when only vaguely; no answer to «متى».
PLURAL_TIME_UNITS = "عقود سنوات سنين أعوام أشهر شهور أسابيع أيام ساعات دقائق"
# «في ذلك اليوم»، «في نفس اليوم»، «ففي هذا اليوم»: a day named through another is not today.
ANAPHORIC_DAY_WORDS = "ذلك تلك ذات نفس هذا"
# «اليوم الذي قتل فيه…»: a day a relative clause describes is not today either.
RELATIVE_PRONOUNS = "الذي التي"
# The eras a year is counted in. One-letter ones («1517م»، «١٤٣٦هـ») need a three- or four-digit
# year («5 م» is five metres).
GREGORIAN_ERAS = ("ميلادي", "ميلادية", "ميلاديا", "للميلاد", "بعد الميلاد")
HIJRI_ERAS = ("هجري", "هجرية", "هجريا", "للهجرة", "من الهجرة")
BEFORE_CHRIST = ("قبل الميلاد",)
# Words of a life's two ends: «متى ولد…» asks for the first date of «(1332 - 1406م)».
BIRTH_WORDS = "ولد ولدت مولد ميلاد مواليد يولد"
DEATH_WORDS = "توفي توفيت وفاة وفاته توفى مات ماتت موت رحيل رحل قتل اغتيل استشهد"


class Calendar(StrEnum):
    """The calendar a date is written in."""

    GREGORIAN = "gregorian"
    HIJRI = "hijri"


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a date says; each part None when the text does not give it. A year before Christ is
    negative."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: Calendar | None = None


# ---- pattern pieces -----------------------------------------------------------------------------

_MONTH = alternation(name for _, name in month_names())
_HIJRI = alternation(name for _, name in HIJRI_MONTHS)
_MONTH_PAIR = rf"{_MONTH}(?:\s*+/\s*+{_MONTH}|\s*+\(\s*+{_MONTH}\s*+\))?+"
_ANY_MONTH = rf"(?:{_MONTH_PAIR}|{_HIJRI})"
_HEH = "\u0647"  # هـ once tatweel is gone
_MEEM = "\u0645"  # م
# «ق.م»، «ق. م»، «ق م»
_BC_LETTERS = r"\u0642\s*+\.?+\s*+\u0645\.?+"
_WORD_ERA = rf"(?:{alternation((*GREGORIAN_ERAS, *HIJRI_ERAS, *BEFORE_CHRIST))}|{_BC_LETTERS})"
_LETTER_ERA = rf"[{_MEEM}{_HEH}]"
_YEAR_DIGITS = r"\d{1,4}+(?!\d)"
# A year with its era: «1517م»، «753 ق.م»، «2 للهجرة».
_ERA_YEAR = rf"(?:\d{{3,4}}+\s*+{_LETTER_ERA}|{_YEAR_DIGITS}\s*+{_WORD_ERA}){END}"
_ERA = rf"(?:\s*+(?:{_WORD_ERA}|{_LETTER_ERA}){END})"
_YEAR_WORD = listed(YEAR_WORDS)
_BARE_YEAR = r"(?:1\d|20)\d{2}(?!\d)"
_RANGE = r"\s*+[-\u2013\u2014/]\s*+"
_RELATIVE = alternation(RELATIVE)
# After a month: «سبتمبر 2020»، «سبتمبر، 2020»، «سبتمبر من عام 1939»، «مارس 624م»، «الماضي».
_YEAR_AFTER_MONTH = (
    rf"(?:{COMMA_SPACE}(?:\u0645\u0646\s++)?(?:{_YEAR_WORD}\s++)?\d{{3,4}}+(?!\d){_ERA}?+"
    rf"|\s++{_RELATIVE})"
)
_DAY = r"[0-3]?\d(?!\d)"
_DAYS = rf"{_DAY}(?:\s*+(?:{WAW}|-|\u2013)\s*+{_DAY})?+"
_PART = alternation(PERIOD_PARTS)
_WEEKDAY = alternation(WEEKDAY_NAMES)
_DECADE = rf"{ALEF_LAM}(?:عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)(?:يات|ات)"
_CENTURY = (
    rf"{ALEF_LAM}?\u0642\u0631\u0646(?:\u064a\u0646)?\s++(?:{ORDINAL}|\d{{1,2}}+(?!\d))"
    rf"(?:\s*+{WAW}\s*+{ORDINAL})?+(?:\s++{listed('الميلادي الهجري')})?+"
    rf"|{ALEF_LAM}\u0642\u0631\u0646\s++{listed('الماضي الحالي المنصرم')}"
)
_NUMERIC_DATE = (
    r"(?<![\d.,/])(?:\d{1,2}\s*+([/\-\u2013.])\s*+\d{1,2}\s*+\1\s*+\d{2,4}+"
    r"|\d{4}\s*+([/\-.])\s*+\d{1,2}\s*+\2\s*+\d{1,2})(?![\d/])"
)
# Prepositions after which a bare year is a year: «في 2020»، «منذ 1956».
_AFTER_YEAR_PREPOSITION = (
    "(?:"
    + "|".join(
        rf"(?<=(?<!\w){re.escape(normalize(word))}\s)" for word in "في منذ حتى بعد قبل خلال".split()
    )
    + ")"
)


@dataclass(frozen=True, slots=True)
class TimePattern:
    """One way of writing a time."""

    pattern: re.Pattern[str]
    # A date or a moment (as opposed to a duration such as «منذ ثلاثة عقود»): its numbers are
    # not counts.
    is_date: bool
    # Bare «اليوم» or «الجمعة» says less than «18 تشرين الأول»; on a tie the specific one wins.
    specific: bool


def _time(body: str, *, is_date: bool = True, specific: bool = True) -> TimePattern:
    return TimePattern(re.compile(START + "(?:" + body + ")" + END), is_date, specific)


TIME_PATTERNS: tuple[TimePattern, ...] = (
    # 18 تشرين الأول/أكتوبر، الـ 9 من تشرين الثاني 2020، يومي 28 و29 يوليو، 17 رمضان
    _time(
        rf"(?:(?:\u064a\u0648\u0645\u064a?|{ALEF_LAM})\s*+)?{_DAYS}\s++(?:\u0645\u0646\s++)?"
        rf"(?:\u0634\u0647\u0631\s++)?{_ANY_MONTH}{_YEAR_AFTER_MONTH}?+"
    ),
    # العاشر من نوفمبر/تشرين الثاني 2020، السابع عشر من رمضان
    _time(rf"{ORDINAL}\s++(?:\u0645\u0646\s++)?(?:شهر\s++)?{_ANY_MONTH}{_YEAR_AFTER_MONTH}?+"),
    # ديسمبر 2021، شهر تشرين الأول 2022، رجب الماضي
    _time(rf"(?:{_PART}\s++)?(?:شهر\s++)?{_ANY_MONTH}{_YEAR_AFTER_MONTH}"),
    # مطلع تشرين الأول، شهر أيار، شهري جمادى الأولى، الثلث الأخير من أغسطس
    _time(rf"(?:{_PART}\s++(?:\u0645\u0646\s++)?(?:شهر\s++)?|شهري?\s++){_ANY_MONTH}"),
    # الربع الثاني من العام الحالي
    _time(rf"{_PART}\s++\u0645\u0646\s++{listed('العام السنة الشهر')}\s++{_RELATIVE}"),
    # 27/9/2020، ٢٦ – ١٠ – ١٤٣٦هـ
    _time(rf"{_NUMERIC_DATE}{_ERA}?+"),
    # يوم 10 من الشهر ذاته
    _time(
        rf"(?:(?:يوم|{ALEF_LAM})\s*+)?{_DAY}\s++من\s++(?:الشهر|العام|السنه)\s++{listed(SAME_PERIOD)}"
    ),
    _time(rf"يوم\s++{_DAY}(?!\s*+[/.:-]\s*+\d)"),
    # اليوم الجمعة، أمس الخميس، ليل الجمعة، أول أمس الإثنين, or a bare weekday
    _time(rf"{alternation(BEFORE_WEEKDAY)}{COMMA_SPACE}{_WEEKDAY}"),
    _time(_WEEKDAY, specific=False),
    _time(alternation(RELATIVE_DAY_PHRASES), specific=False),
    # عام 2020، سنة 2 هـ، بين عامي 1908 و 1914، سنة 1157 هـ / 1744
    _time(
        rf"(?:{_PART}\s++)?{_YEAR_WORD}\s++{_YEAR_DIGITS}{_ERA}?+"
        rf"(?:(?:{_RANGE}|\s++{WAW}\s*+|\s*+{WAW})(?:{_YEAR_WORD}\s++)?{_YEAR_DIGITS}{_ERA}?+)?+"
    ),
    # 1517م، 753 ق.م، (1165 - 1227م), 1138 - 1193 م
    _time(_ERA_YEAR),
    _time(rf"{_YEAR_DIGITS}{_RANGE}(?:{_ERA_YEAR})"),
    # في 2020، منذ 1956, في بداية 2006 (a bare year only after these)
    _time(rf"{_AFTER_YEAR_PREPOSITION}{_BARE_YEAR}(?:\s*+-\s*+{_BARE_YEAR})?+"),
    _time(rf"{_PART}\s++{_BARE_YEAR}"),
    # القرن التاسع عشر، أواخر القرن 19
    _time(rf"(?:{_PART}\s++)?(?:{_CENTURY})"),
    # منتصف التسعينيات
    _time(rf"(?:{_PART}\s++)?(?:عقد\s++)?{_DECADE}(?:\s++من\s++القرن\s++(?:الماضي|العشرين))?+"),
    # منذ قرابة ثلاثة عقود، منذ أكثر من 30 عاما، منذ عقود، قبل ثلاثة أيام، بعد يوم واحد
    _time(
        rf"{listed('منذ قبل بعد')}\s++(?:{alternation(('قرابة', 'نحو', 'حوالي', 'أكثر من'))}"
        rf"\s++)?(?:{NUMBER}\s++)?{listed(TIME_UNITS)}(?:\s++{listed('واحد واحدة')})?+",
        is_date=False,
    ),
    # الأسبوع الماضي، العام المقبل، الشهر الجاري
    _time(rf"{listed('الأسبوع الشهر العام السنة')}\s++{_RELATIVE}"),
    # هذا العام، هذه السنة، هذا الأسبوع
    _time(rf"{listed('هذا هذه')}\s++{listed('الأسبوع الشهر العام السنة')}"),
    # بعد انتهاء فصل الصيف، صيف 2020
    _time(
        rf"(?:{listed('بعد قبل مع عقب حتى')}\s++{listed(PERIOD_EDGES)}\s++)?(?:(?:فصل|موسم)\s++)?"
        rf"{listed(SEASONS)}(?:\s++{_RELATIVE})?+"
    ),
    _time(rf"{listed(SEASONS_OF_YEAR)}\s++{_BARE_YEAR}"),
)
# Two times joined by و، أو، إلى، حتى، ولغاية or a dash: «تشرين الأول 2022 وأيار 2023»،
# «ليل الجمعة أو السبت»، «14 يونيو ولغاية 15 يوليو».
TIME_COORDINATION = re.compile(
    rf"{COMMA_SPACE}(?:{WAW}\s*+|{listed('أو إلى حتى ولغاية لغاية')}\s++|[-\u2013\u2014/]\s*+)"
)
# The dash between the two ends of a life or a range.
RANGE_DASH = re.compile(r"\s*+[-\u2013\u2014]\s*+")

# ---- reading ------------------------------------------------------------------------------------

_READ_NUMERIC = re.compile(
    r"(?<!\d)(?:(?P<y2>\d{4})\s*([/\-.])\s*(?P<m2>\d{1,2})\s*\2\s*(?P<d2>\d{1,2})"
    r"|(?P<d>\d{1,2})\s*([/\-\u2013.])\s*(?P<m>\d{1,2})\s*\6\s*(?P<y>\d{2,4}))"
)
_READ_MONTH = re.compile(
    # The spaces belong to the day: a leading «\s*» would be tried from every space of a run.
    rf"(?:(?:(?P<d>{_DAY})|(?P<od>{ORDINAL}))\s*+)?(?:\u0645\u0646\s++)?(?:شهر\s++)?"
    rf"(?P<month>{_ANY_MONTH})(?:{COMMA_SPACE}(?:\u0645\u0646\s++)?(?:{_YEAR_WORD}\s++)?"
    rf"(?P<y>\d{{1,4}}+)(?!\d))?"
)
# A year, and the other end of its range, after which the era is written: «(1165 - 1227م)».
_READ_YEAR = re.compile(rf"(?:{_YEAR_WORD}\s++)?(?P<y>\d{{1,4}}+)(?!\d)(?:{_RANGE}\d{{1,4}}+)?+")
_READ_ERA = re.compile(rf"^{_ERA}")
_READ_CENTURY = re.compile(
    rf"\u0642\u0631\u0646(?:\u064a\u0646)?\s++(?:(?P<o>{ORDINAL})|(?P<n>\d+))"
)


@cache
def _month_numbers() -> tuple[dict[str, int], dict[str, int]]:
    gregorian = {normalize(name): number for number, name in month_names()}
    hijri = {normalize(name): number for number, name in HIJRI_MONTHS}
    return gregorian, hijri


def _era(after: str) -> tuple[Calendar | None, bool]:
    """The calendar an era marker at the start of ``after`` names, and whether it is BC."""
    match = _READ_ERA.match(after)
    if match is None:
        return None, False
    era = normalize(match.group())
    if era.startswith("\u0642"):  # ق.م، قبل الميلاد
        return Calendar.GREGORIAN, True
    hijri = {normalize(word) for word in HIJRI_ERAS} | {_HEH}
    return (Calendar.HIJRI if era.split()[-1] in hijri else Calendar.GREGORIAN), False


def read_date(text: str) -> DateReading | None:
    """What the first date in ``text`` says: «٢٦ – ١٠ – ١٤٣٦هـ» → day 26, month 10, year 1436,
    Hijri; «السابع عشر من رمضان» → day 17, month 9, Hijri; «753 ق.م» → year -753."""
    folded = fold(text)
    numeric = _READ_NUMERIC.search(folded)
    named = _READ_MONTH.search(folded)
    if numeric is not None and (named is None or numeric.start() <= named.start()):
        day = numeric.group("d") or numeric.group("d2")
        month = numeric.group("m") or numeric.group("m2")
        year = numeric.group("y") or numeric.group("y2")
        calendar, bc = _era(folded[numeric.end() :])
        return DateReading(_signed(year, bc), int(month), int(day), calendar)
    if named is not None:
        gregorian, hijri = _month_numbers()
        name = normalize(named.group("month").split("/")[0].split("(")[0])
        calendar = Calendar.HIJRI if name in hijri else Calendar.GREGORIAN
        month = hijri.get(name) or gregorian.get(name)
        day = int(named.group("d")) if named.group("d") else read_ordinal(named.group("od") or "")
        year = named.group("y")
        era, bc = _era(folded[named.end() :]) if year else (None, False)
        return DateReading(_signed(year, bc) if year else None, month, day, era or calendar)
    year_match = _READ_YEAR.search(folded)
    if year_match is None:
        return None
    calendar, bc = _era(folded[year_match.end() :])
    return DateReading(_signed(year_match.group("y"), bc), None, None, calendar)


def read_century(text: str) -> int | None:
    """The century a text names: «القرن التاسع عشر» → 19, «القرن 19» → 19; None without one."""
    match = _READ_CENTURY.search(fold(text))
    if match is None:
        return None
    if match.group("n"):
        return int(match.group("n"))
    return read_ordinal(match.group("o"))


def _signed(year: str, before_christ: bool) -> int:
    return -int(year) if before_christ else int(year)
