"""Weekday names and the words news uses for days relative to its own date: the one home for them.

«أمس الخميس»، «اليوم»، «أول أمس»، «الإثنين الماضي»: a news sentence places events by the day it
was written. ``retrieval.relative_dates`` turns these into dates when the article's date is known.
Words are in reading form; compare them after ``retrieval.normalize.normalize``.
"""

from __future__ import annotations

# (Python weekday number, name): Monday is 0, as ``datetime.date.weekday()`` counts.
WEEKDAYS: tuple[tuple[int, str], ...] = (
    (0, "الإثنين"),
    (0, "الاثنين"),
    (1, "الثلاثاء"),
    (2, "الأربعاء"),
    (3, "الخميس"),
    (4, "الجمعة"),
    (5, "السبت"),
    (6, "الأحد"),
)

# (days from the article's date, phrase): the day a relative word names.
RELATIVE_DAYS: tuple[tuple[int, str], ...] = (
    (-2, "أول أمس"),
    (-2, "أول من أمس"),
    (-2, "أمس الأول"),
    (-1, "أمس"),
    (-1, "البارحة"),
    (-1, "الليلة الماضية"),
    (0, "اليوم"),
    (0, "الليلة"),
    (1, "غدا"),
    (1, "غداً"),
    (2, "بعد غد"),
)

# Words after a weekday that place it before or after the article's date: «الإثنين الماضي».
PAST_WEEKDAY_WORDS: tuple[str, ...] = ("الماضي", "الماضية", "المنصرم", "الفائت")
NEXT_WEEKDAY_WORDS: tuple[str, ...] = ("المقبل", "القادم", "المقبلة", "القادمة")

# Words that may come before a day without changing which day it is: «مساء أمس»، «يوم الأحد».
DAY_PART_WORDS: tuple[str, ...] = (
    "يوم", "صباح", "مساء", "ظهر", "ظهيرة", "عصر", "فجر", "ليل", "ليلة", "نهار", "عشية",
    "صبيحة", "منتصف", "في", "منذ", "حتى",
)  # fmt: skip
