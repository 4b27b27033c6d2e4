"""Weekday names, the parts of a day, and the words news uses for days and periods relative to its
own date: the one home for them.

«أمس الخميس»، «اليوم»، «أول أمس»، «الإثنين الماضي»، «مساء الجمعة»، «العام المقبل»: a news sentence
places events by the day it was written. ``retrieval.time_expressions`` finds these in sentences;
``retrieval.relative_dates`` turns a relative day into a date when the article's date is known;
``retrieval.extract`` knows that they end a name («بوتين اليوم»). Words are in reading form;
compare them after ``retrieval.normalize.normalize``.
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
WEEKDAY_NAMES: tuple[str, ...] = tuple(name for _, name in WEEKDAYS)

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
RELATIVE_DAY_PHRASES: tuple[str, ...] = tuple(phrase for _, phrase in RELATIVE_DAYS)

# Words after a weekday, a month or a year that place it before, after or at the article's date:
# «الإثنين الماضي»، «العام المقبل»، «الشهر الجاري».
PAST_WORDS: tuple[str, ...] = ("الماضي", "الماضية", "المنصرم", "الفائت")
NEXT_WORDS: tuple[str, ...] = ("المقبل", "القادم", "المقبلة", "القادمة")
CURRENT_WORDS: tuple[str, ...] = ("الجاري", "الحالي", "الجارية", "الحالية")

# Parts of a day, which may come before a day without changing which day it is: «مساء أمس»،
# «يوم الأحد»، «ليل الجمعة».
DAY_PARTS: tuple[str, ...] = (
    "يوم", "صباح", "مساء", "ظهر", "ظهيرة", "عصر", "فجر", "ليل", "ليلة", "نهار", "عشية",
    "صبيحة", "منتصف",
)  # fmt: skip
# Prepositions that may come before a day without changing which day it is: «منذ أمس».
DAY_PREPOSITIONS: tuple[str, ...] = ("في", "منذ", "حتى")
