"""Month names: the one home for them.

Arabic news mixes the Levantine/Iraqi names (أيلول، تشرين الأول) with the Egyptian/Maghrebi ones
(سبتمبر، أكتوبر), often side by side ("أيلول/سبتمبر"). Search folds both to the Gregorian
name, and answer extraction recognises all of them. Archive exports also write dates with the
English names («1st, March 2024», «Tue, 21 Jul 2015»), which ``retrieval.dates`` reads.
"""

from __future__ import annotations

# (month number, Gregorian-style name, Levantine name), in reading form.
MONTHS: tuple[tuple[int, str, str], ...] = (
    (1, "يناير", "كانون الثاني"),
    (2, "فبراير", "شباط"),
    (3, "مارس", "آذار"),
    (4, "أبريل", "نيسان"),
    (5, "مايو", "أيار"),
    (6, "يونيو", "حزيران"),
    (7, "يوليو", "تموز"),
    (8, "أغسطس", "آب"),
    (9, "سبتمبر", "أيلول"),
    (10, "أكتوبر", "تشرين الأول"),
    (11, "نوفمبر", "تشرين الثاني"),
    (12, "ديسمبر", "كانون الأول"),
)

# Common spelling variants of the Gregorian names, mapped to the month number.
MONTH_SPELLING_VARIANTS: tuple[tuple[int, str], ...] = (
    (1, "كانون ثاني"),
    (2, "فبرير"),
    (4, "ابريل"),
    (4, "إبريل"),
    (5, "ماي"),
    (6, "يونيه"),
    (6, "جوان"),
    (7, "يوليه"),
    (7, "جويلية"),
    (8, "أغسطس"),
    (8, "اغسطس"),
    (8, "أوت"),
    (9, "سبتمر"),
    (10, "اكتوبر"),
    (10, "تشرين أول"),
    (11, "تشرين ثاني"),
    (11, "نونبر"),
    (12, "كانون أول"),
    (12, "دجنبر"),
)


def month_names() -> tuple[tuple[int, str], ...]:
    """Every (month number, name) pair this project knows, names in reading form."""
    pairs: list[tuple[int, str]] = []
    for number, gregorian, levantine in MONTHS:
        pairs.append((number, gregorian))
        pairs.append((number, levantine))
    pairs.extend(MONTH_SPELLING_VARIANTS)
    return tuple(pairs)


# The months of the Hijri calendar, (number, name) in reading form, with the spellings news uses
# («ربيع الآخر» and «ربيع الثاني», «ذو/ذي/ذا القعدة» as the grammar of the sentence wants).
# Several are also names or words («رجب»، «رمضان»، «صفر»): ``retrieval.time_expressions`` reads
# them as months only beside a day, a year, «شهر» or «الماضي/المقبل».
HIJRI_MONTHS: tuple[tuple[int, str], ...] = (
    (1, "محرم"),
    (2, "صفر"),
    (3, "ربيع الأول"),
    (4, "ربيع الآخر"),
    (4, "ربيع الثاني"),
    (5, "جمادى الأولى"),
    (5, "جمادى الأول"),
    (6, "جمادى الآخرة"),
    (6, "جمادى الثانية"),
    (7, "رجب"),
    (8, "شعبان"),
    (9, "رمضان"),
    (10, "شوال"),
    (11, "ذو القعدة"),
    (11, "ذي القعدة"),
    (11, "ذا القعدة"),
    (12, "ذو الحجة"),
    (12, "ذي الحجة"),
    (12, "ذا الحجة"),
)

# English month names, in order (January is month 1); dates are also written with their first
# three letters («Jul») or, for September, four («Sept»).
ENGLISH_MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
