"""Reading an article's date as archives and pages write it, and writing it as a reader expects.

``parse_date`` accepts what exports and scraped pages hold: ISO dates with or without a time
(«2015-07-21 02:16:26», «2015-07-21T02:16:00+03:00»), numeric dates («2015/07/21»; day first
otherwise, as the Arab world writes them: «21/07/2015»), and dates with a month name in Arabic
(Gregorian or Levantine names, «21 يوليو 2015», «الثلاثاء 21 تموز/يوليو 2015») or English
(«1st, March 2024 GMT», «Tue, 21 Jul 2015 10:00:00 GMT», «July 21, 2015»), in any digits. The
calendar date is taken as written; a time zone is not converted. Hijri dates are not read.

``format_date`` writes «20 يوليو 2015», with the Gregorian month names of ``retrieval.months``.
"""

from __future__ import annotations

import re
from datetime import date

from retrieval.months import ENGLISH_MONTHS, MONTHS, month_names
from retrieval.normalize import ascii_digits, normalize

# Dates outside these years are typos or placeholders (0001-01-01), not publication dates.
MIN_YEAR = 1900
MAX_YEAR = 2100
_YEAR_FIRST = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
# «2015م», «2020ء»: a year marked as Gregorian.
_YEAR = re.compile(r"^(\d{4})[\u0645\u0621]?$")
# Texts longer than this are not a date field; the scan stops there.
_MAX_DATE_CHARS = 200


def _month_words() -> dict[tuple[str, ...], int]:
    """Normalized month names (as word tuples) to month numbers, longest names first."""
    words: dict[tuple[str, ...], int] = {}
    for number, name in month_names():
        words[tuple(normalize(name).split())] = number
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        words[(name,)] = number
        words[(name[:3],)] = number
    words[("sept",)] = 9
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))


_MONTH_WORDS = _month_words()
_LONGEST_MONTH = max(len(words) for words in _MONTH_WORDS)


def parse_date(text: str) -> date | None:
    """The calendar date ``text`` states, or None when it states none this module reads."""
    text = ascii_digits(text[:_MAX_DATE_CHARS])
    numeric = _YEAR_FIRST.match(text)
    if numeric is not None:
        return _date(int(numeric[1]), int(numeric[2]), int(numeric[3]))
    numeric = _DAY_FIRST.match(text)
    if numeric is not None:
        return _date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    return _named_month_date(normalize(text).split())


def format_date(day: date) -> str:
    """«20 يوليو 2015»: day, Gregorian month name, year."""
    return f"{day.day} {MONTHS[day.month - 1][1]} {day.year}"


def _named_month_date(words: list[str]) -> date | None:
    """The first «day month year» or «month day year» in the words («تموز يوليو» is one month)."""
    at = 0
    while at < len(words):
        month, length = _month_at(words, at)
        if month is None:
            at += 1
            continue
        end = at + length
        # «تموز/يوليو»: a second name of the same month right after the first.
        second, second_length = _month_at(words, end)
        if second == month:
            end += second_length
        before = _DAY.match(words[at - 1]) if at > 0 else None
        after = words[end : end + 2]
        if before is not None and after and (year := _YEAR.match(after[0])):
            return _date(int(year[1]), month, int(before[1]))
        if len(after) == 2 and (day := _DAY.match(after[0])) and (year := _YEAR.match(after[1])):
            return _date(int(year[1]), month, int(day[1]))
        at = end
    return None


def _month_at(words: list[str], at: int) -> tuple[int | None, int]:
    for length in range(min(_LONGEST_MONTH, len(words) - at), 0, -1):
        month = _MONTH_WORDS.get(tuple(words[at : at + length]))
        if month is not None:
            return month, length
    return None, 0


def _date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
