import pytest

from retrieval.normalize import (
    ascii_digits,
    fold_compatibility_forms,
    lowercase_latin,
    normalize,
    replace_control_characters,
    strip_invisible,
    strip_punctuation,
    strip_tashkeel,
    strip_tatweel,
    unify_alef,
    unify_letters,
)


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        (strip_tashkeel, "الْعَرَبِيَّةُ", "العربية"),
        (strip_tashkeel, "مَتَى اتَّفَقَا", "متى اتفقا"),
        (strip_tashkeel, "الرحمٰن", "الرحمن"),  # dagger alef
        (strip_tatweel, "الهـــدنة", "الهدنة"),
        (unify_alef, "أإآٱ", "اااا"),
        (unify_letters, "إلى", "إلي"),  # ى -> ي (Lucene), not ا as pyarabic's normalize_alef
        (unify_letters, "هدنة", "هدنه"),
        (unify_letters, "سؤال", "سوال"),  # not a bare ء as pyarabic's normalize_hamza
        (unify_letters, "رئيس", "رييس"),
        (unify_letters, "پاکستان نیوز", "پاكستان نيوز"),
        (ascii_digits, "٤٤ و۱۸", "44 و18"),
        (strip_invisible, "با\u200cشي\u200fنيان\u202e", "باشينيان"),
        (strip_invisible, "\ufeffسند", "سند"),
        (replace_control_characters, "a\x00b\tc\nd", "a b c d"),
        (fold_compatibility_forms, "ﻻ", "لا"),
        (strip_punctuation, "«قال»: نعم، لا؟", " قال   نعم  لا "),
        (strip_punctuation, "3.5 و 2,5", "3.5 و 2,5"),
        (strip_punctuation, "2020.", "2020 "),
        (lowercase_latin, "RT Arabic", "rt arabic"),
    ],
)
def test_each_rule_does_one_thing(rule, text, expected):
    assert rule(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مَتَى اتَّفَقَا عَلَى الهُدْنَةِ الإِنْسَانِيَّةِ؟", "متي اتفقا علي الهدنه الانسانيه"),
        ("متى اتفقا على الهدنة الإنسانية؟", "متي اتفقا علي الهدنه الانسانيه"),
        ("الهـــدنة   الإنسانيـة", "الهدنه الانسانيه"),
        ("استمرت ٤٤ يوماً", "استمرت 44 يوما"),
        ("ﻻ\u200b يوجد", "لا يوجد"),
        ("<b>x</b> & y", "b x b y"),
        ("", ""),
        ("؟؟؟", ""),
    ],
)
def test_normalize_pipeline(text, expected):
    assert normalize(text) == expected


def test_vowelled_and_plain_text_normalize_alike():
    assert normalize("أَطْلَقَ الجَيْشُ الأَذْرَبِيجَانِيُّ") == normalize("اطلق الجيش الاذربيجاني")


def test_normalize_is_idempotent():
    text = "وأعلنت أذربيجان وأرمينيا توصلهما إلى اتفاق حول هدنة إنسانية 18 تشرين الأول/أكتوبر"
    assert normalize(normalize(text)) == normalize(text)
