"""Reading article dates as archives and pages write them, and writing them for readers."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.dates import format_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-07-21", date(2015, 7, 21)),
        ("2015-07-21 02:16:26", date(2015, 7, 21)),  # SaudiNewsNet's date_extracted
        ("2015-07-21T23:16:00+03:00", date(2015, 7, 21)),  # as written, not converted
        ("2015/7/1", date(2015, 7, 1)),
        ("21/07/2015", date(2015, 7, 21)),  # day first, as the Arab world writes
        ("21-07-2015", date(2015, 7, 21)),
        ("٢١/٠٧/٢٠١٥", date(2015, 7, 21)),  # Arabic-Indic digits
        ("1st, March 2024 GMT", date(2024, 3, 1)),  # seed 002's publication line
        ("Tue, 21 Jul 2015 10:00:00 GMT", date(2015, 7, 21)),  # RFC 2822
        ("July 21, 2015", date(2015, 7, 21)),
        ("21 Sept 2015", date(2015, 9, 21)),
        ("الثلاثاء 21 يوليو 2015", date(2015, 7, 21)),
        ("21 تموز/يوليو 2015", date(2015, 7, 21)),
        ("21 تشرين الأول 2020", date(2020, 10, 21)),  # a two-word Levantine name
        ("21 اكتوبر 2020ء", date(2020, 10, 21)),  # a year marked Gregorian
        ("الثلاثاء 5 شوال 1436هـ - 21 يوليو 2015م", date(2015, 7, 21)),  # Hijri skipped
        ("٢١ يُولْيُو ٢٠١٥", date(2015, 7, 21)),  # vowelled
    ],
)
def test_reads_the_date_as_written(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "أمس",
        "5 شوال 1436",  # Hijri only
        "2015-02-30",  # no such day
        "0001-01-01",  # a placeholder, not a publication date
        "يوليو 2015",  # no day
        "21 يوليو",  # no year
        "13/13/2015",
    ],
)
def test_states_no_date_when_it_cannot_read_one(text: str) -> None:
    assert parse_date(text) is None


def test_writes_day_gregorian_month_name_and_year() -> None:
    assert format_date(date(2015, 7, 20)) == "20 يوليو 2015"
    assert format_date(date(2020, 10, 1)) == "1 أكتوبر 2020"
