"""Numbers in every common form: one row per form, read to its value and found in folded text."""

from __future__ import annotations

import re

import pytest

from retrieval.numerals import NUMBER, ORDINAL, digits_value, read_number, read_ordinal
from retrieval.patterns import fold

# (text, value): digits, separators, scripts, words, compounds, multipliers.
CARDINAL_FORMS = [
    ("44 يوما", 44),
    ("١٨ قتيلا", 18),
    ("1,234,567 نسمة", 1_234_567),
    ("1٬234٬567 نسمة", 1_234_567),
    ("١٬٢٣٤٬٥٦٧ نسمة", 1_234_567),
    ("1،648،195 كم2", 1_648_195),
    ("حوالي 1.002.000 كيلومتر مربع", 1_002_000),
    ("1.5 مليون لاجئ", 1_500_000),
    ("1٫5 مليون لاجئ", 1_500_000),
    ("45,44% من الناخبين", 45.44),
    ("36 ألف مقاتل", 36_000),
    ("131.2 مليار ريال", 131_200_000_000),
    ("ستة مرات", 6),
    ("لسبع كسور", 7),
    ("ثلاثة آلاف جندي", 3_000),
    ("أحد عشر لاعبا", 11),
    ("اثنا عشر شهرا", 12),
    ("خمسة وعشرين عاما", 25),
    ("مئة وخمسين من المهاجرين", 150),
    ("ثلاث مئة", 300),
    ("ثلاثمائة وخمسون ألفا", 350_000),
    ("ألفي غرفة", 2_000),
    ("مليون و200 ألف", 1_200_000),
    ("بـ104 مليون نسمة", 104_000_000),
    ("(8) مشاريع", 8),
]


@pytest.mark.parametrize(("text", "value"), CARDINAL_FORMS)
def test_reads_cardinals_in_every_form(text: str, value: float) -> None:
    assert read_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "عشرات القتلى", "أحد الأشخاص", "لا رقم هنا"])
def test_no_number_reads_none(text: str) -> None:
    assert read_number(text) is None


ORDINAL_FORMS = [
    ("العاشر", 10),
    ("الأول من سبتمبر", 1),
    ("الثانية من نوعها", 2),
    ("الحادي عشر", 11),
    ("الحادية عشرة", 11),
    ("السابع عشر من رمضان", 17),
    ("الخامسة والعشرين", 25),
    ("الحادي والثلاثين", 31),
    ("العشرين", 20),
]


@pytest.mark.parametrize(("text", "value"), ORDINAL_FORMS)
def test_reads_ordinals(text: str, value: int) -> None:
    assert read_ordinal(text) == value


# (sentence, the number phrase found in it)
FOUND = [
    ("قتل 36 ألف مقاتل", "36 الف"),
    ("بلغ عددهم 1,234,567 شخصا", "1,234,567"),
    ("تكرر ذلك ستة مرات", "سته"),
    ("منذ خمسة وعشرين عاما", "خمسه وعشرين"),
    ("يتكون من أحد عشر لاعبا", "احد عشر"),
    ("بلغت 1.5 مليون دولار", "1.5 مليون"),
]


@pytest.mark.parametrize(("sentence", "phrase"), FOUND)
def test_number_pattern_finds_the_whole_phrase(sentence: str, phrase: str) -> None:
    assert [m.group() for m in re.finditer(NUMBER, fold(sentence))] == [phrase]


def test_ordinal_pattern_finds_compound_ordinals() -> None:
    found = [m.group() for m in re.finditer(ORDINAL, fold("في الحادي عشر من سبتمبر"))]
    assert found == ["الحادي عشر"]


@pytest.mark.parametrize(
    ("token", "term"),
    [
        ("2,000", "2000"),
        ("1,5", "1.5"),
        ("١٨", "18"),
        # Past what a float holds exactly, a number is indexed as written: rounding would make two
        # numbers one term, and past 1e308 (a scraped page's run of digits) it is no number at all.
        ("12345678901234567891", "12345678901234567891"),
        ("9" * 400, "9" * 400),
    ],
)
def test_digits_are_written_one_way_and_long_runs_as_they_are(token: str, term: str) -> None:
    assert digits_value(token) == term
