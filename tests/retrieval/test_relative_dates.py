"""A relative short answer («أمس») placed in time by its article's date."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.relative_dates import resolve

FRIDAY = date(2015, 7, 24)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("اليوم", FRIDAY),
        ("اليوم الجمعة", FRIDAY),
        ("صباح اليوم", FRIDAY),
        ("أمس", date(2015, 7, 23)),
        ("أمس الخميس", date(2015, 7, 23)),
        ("أمسِ الخميسَ", date(2015, 7, 23)),  # vowelled
        ("مساء أمس", date(2015, 7, 23)),
        ("يوم أمس", date(2015, 7, 23)),
        ("البارحة", date(2015, 7, 23)),
        ("الليلة الماضية", date(2015, 7, 23)),
        ("أول أمس", date(2015, 7, 22)),
        ("أول من أمس", date(2015, 7, 22)),
        ("أمس الأول", date(2015, 7, 22)),
        ("غداً", date(2015, 7, 25)),
        ("غدا السبت", date(2015, 7, 25)),
        ("بعد غد", date(2015, 7, 26)),
        ("الإثنين الماضي", date(2015, 7, 20)),
        ("الاثنين الماضي", date(2015, 7, 20)),
        ("يوم الخميس الماضي", date(2015, 7, 23)),
        ("الجمعة الماضية", date(2015, 7, 17)),  # the article's own weekday: a week back
        ("الأحد المقبل", date(2015, 7, 26)),
        ("يوم الخميس القادم", date(2015, 7, 30)),
        ("الجمعة المقبلة", date(2015, 7, 31)),
    ],
)
def test_relative_days_are_counted_from_the_articles_date(answer: str, expected: date) -> None:
    assert resolve(answer, FRIDAY) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "يوم الأحد",  # past or coming: the verb decides, not the answer
        "الأحد",
        "اليوم الوطني",  # «اليوم» in a name
        "أمس 20 يوليو",  # states its date already
        "20 يوليو 2015",
        "أمس الأربعاء",  # contradicts the article's date: better no date than a wrong one
        "الأسبوع الماضي",  # not one day
        "44 يوما",
        "",
    ],
)
def test_gives_no_date_for_anything_else(answer: str) -> None:
    assert resolve(answer, FRIDAY) is None
