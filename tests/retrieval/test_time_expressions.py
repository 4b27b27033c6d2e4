"""Dates in every common form: one row per form, found whole in a sentence and read."""

from __future__ import annotations

import pytest

from retrieval.patterns import fold
from retrieval.time_expressions import TIME_PATTERNS, Calendar, DateReading, read_century, read_date

G, H = Calendar.GREGORIAN, Calendar.HIJRI

# (text, what it says)
DATE_FORMS = [
    ("18 تشرين الأول/أكتوبر 2020", DateReading(2020, 10, 18, G)),
    ("الأول من سبتمبر من عام 1939", DateReading(1939, 9, 1, G)),
    ("العاشر من نوفمبر 2020", DateReading(2020, 11, 10, G)),
    ("27/9/2020", DateReading(2020, 9, 27)),
    ("2020-09-27", DateReading(2020, 9, 27)),
    ("٢٦ – ١٠ – ١٤٣٦هـ", DateReading(1436, 10, 26, H)),
    ("السابع عشر من رمضان", DateReading(None, 9, 17, H)),
    ("5 ذو الحجة 1436", DateReading(1436, 12, 5, H)),
    ("رجب الماضي", DateReading(None, 7, None, H)),
    ("ربيع الأول", DateReading(None, 3, None, H)),
    ("جمادى الآخرة", DateReading(None, 6, None, H)),
    ("سنة 1517م", DateReading(1517, None, None, G)),
    ("سنة 2 هـ", DateReading(2, None, None, H)),
    ("1436هـ", DateReading(1436, None, None, H)),
    ("753 ق.م", DateReading(-753, None, None, G)),
    ("2800 قبل الميلاد", DateReading(-2800, None, None, G)),
    ("(1165 - 1227م)", DateReading(1165, None, None, G)),
    ("عام 1805", DateReading(1805, None, None, None)),
]


@pytest.mark.parametrize(("text", "reading"), DATE_FORMS)
def test_reads_dates_in_every_form(text: str, reading: DateReading) -> None:
    assert read_date(text) == reading


@pytest.mark.parametrize(
    ("text", "century"),
    [("القرن التاسع عشر", 19), ("في القرن 19", 19), ("القرنين السادس عشر والسابع عشر", 16)],
)
def test_reads_centuries(text: str, century: int) -> None:
    assert read_century(text) == century


def longest_time(sentence: str) -> str | None:
    folded = fold(sentence)
    spans = [m.span() for t in TIME_PATTERNS for m in t.pattern.finditer(folded)]
    if not spans:
        return None
    start, end = max(spans, key=lambda span: (span[1] - span[0], -span[0]))
    return folded[start:end]


# (sentence, the longest time expression found in it, folded)
FOUND = [
    ("ضم العثمانيون الشام سنة 1517م، وأسقطوا", "سنه 1517م"),
    ("أعيد اتحاد خمسة كيانات حتى 1936 ضمن", "1936"),
    ("بين عامي 1908 و 1914، كانت المنطقة", "عامي 1908 و 1914"),
    ("ابن خلدون (1332 - 1406م)، ولد في تونس", "1332 - 1406م"),
    ("تأسست روما سنة 753 ق.م.", "سنه 753 ق.م."),
    ("شكلت في 2800 قبل الميلاد.", "2800 قبل الميلاد"),
    ("أصبح حاكما في القرن السادس عشر، يتزعم", "القرن السادس عشر"),
    ("خلال القرنين السادس عشر والسابع عشر", "القرنين السادس عشر والسابع عشر"),
    ("اجتماع المجلس يومي 28 و29 يوليو تموز", "يومي 28 و29 يوليو"),
    ("وقعت في السابع عشر من رمضان في العام الثاني", "السابع عشر من رمضان"),
    ("خرج في شهري جمادى الأولى وجمادى الآخرة", "شهري جمادي الاولي"),
    ("قامت بحملة في رجب الماضي", "رجب الماضي"),
    ("حتى آخر يوم من شهر ذي القعدة", "اخر يوم من شهر ذي القعده"),
    ("في الثلث الأخير من أغسطس", "الثلث الاخير من اغسطس"),
    ("أعلن في 27/9/2020 عن", "27/9/2020"),
    ("صدر بتاريخ ٢٦ – ١٠ – ١٤٣٦هـ", "26 – 10 – 1436ه"),
    ("ولد في 14 مارس 1879 في ألمانيا", "14 مارس 1879"),
    ("في بداية 2006 اتهم", "بدايه 2006"),
    # The day and period words of retrieval.days
    ("ارتفعت أرباحها في السنة الماضية بنسبة", "السنه الماضيه"),
    ("وصل الوفد أول من أمس إلى الرياض", "اول من امس"),
    ("انطلقت المسيرة عصر الجمعة من الساحة", "عصر الجمعه"),
    ("سقطت الأمطار الليلة الماضية على", "الليله الماضيه"),
    ("يبدأ المؤتمر بعد غد في جدة", "بعد غد"),
]


@pytest.mark.parametrize(("sentence", "expected"), FOUND)
def test_time_patterns_find_the_whole_expression(sentence: str, expected: str) -> None:
    assert longest_time(sentence) == expected


@pytest.mark.parametrize(
    "sentence", ["طوله 5 م فقط", "قال رجب طيب أردوغان", "نشر نحو 2000 جندي", "بلغ 1.5 مليون"]
)
def test_numbers_that_are_not_times(sentence: str) -> None:
    assert longest_time(sentence) is None
