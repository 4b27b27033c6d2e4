import pytest

from retrieval.glued import unglue
from retrieval.terms import SKELETON_MARK, analyze, skeleton, terms


def shares_a_term(first: str, second: str) -> bool:
    return bool(set(terms(first)) & set(terms(second)))


@pytest.mark.parametrize(
    ("question_form", "text_form"),
    [
        ("باشنيان", "باشينيان"),
        ("بيراموف", "بايراموف"),
        ("ناغورنو", "ناغورني"),
        ("اتفقا", "اتفاق"),
        ("سبتمبر", "أيلول"),
        ("أكتوبر", "تشرين الأول"),
        ("يريفان", "أرمينيا"),
        ("اللقاء", "الاجتماع"),
        ("الهـــدنة", "هدنة"),
        ("٤٤", "44"),
    ],
)
def test_variants_meet(question_form, text_form):
    assert shares_a_term(question_form, text_form)


@pytest.mark.parametrize(("first", "second"), [("روسيا", "رئيس"), ("بوتين", "باكو")])
def test_unrelated_words_do_not_meet(first, second):
    assert not shares_a_term(first, second)


def test_question_words_and_function_words_are_dropped():
    assert [word.word for word in analyze("متى وصل الوزير إلى جنيف؟")] == ["وصل", "الوزير", "جنيف"]


@pytest.mark.parametrize("question", ["متى", "من؟", "ماذا ولماذا", "هل", "؟؟؟", "", "   "])
def test_questions_of_only_stopwords_have_no_terms(question):
    assert terms(question) == []


def test_fully_vowelled_text_gives_the_plain_terms():
    assert terms("مَتَى اتَّفَقَا عَلَى الهُدْنَةِ الإِنْسَانِيَّةِ؟") == terms("متى اتفقا على الهدنة الإنسانية؟")


def test_two_word_month_folds_into_one_word():
    words = analyze("في 18 تشرين الأول")
    assert [word.word for word in words] == ["18", "تشرين الاول"]
    assert words[1].terms == ("اكتوبر",)


def test_first_meeting_is_not_a_month():
    assert "اكتوبر" not in terms("الاجتماع الأول")


def test_skeleton_drops_long_vowels_after_the_first_letter():
    assert skeleton("باشين") == "بشن"
    assert skeleton("اتفاق") == "اتفق"
    assert skeleton("يوم") is None  # too short to be distinctive
    assert skeleton("2020") is None


def test_skeleton_terms_are_marked():
    assert SKELETON_MARK + "اتفق" in terms("اتفاق")


def test_decimal_numbers_stay_whole():
    assert "3.5" in terms("نما الاقتصاد 3.5 في المئة")


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("القوقازوجاء", ("القوقاز", "وجاء")),
        ("الاجتماعوقالت", ("الاجتماع", "وقالت")),
        ("وقال", ("وقال",)),  # the opener alone
        ("مقال", ("مقال",)),
        ("ابوقال", ("ابوقال",)),  # too little before the opener
        ("الاقوال", ("الاقوال",)),
    ],
)
def test_glued_words_are_split_at_a_news_opener(token, expected):
    assert unglue(token) == expected


def test_a_glued_teaser_no_longer_hides_its_words():
    words = [word.word for word in analyze("الوضع في جنوب القوقازوجاء في بيان للوزارة")]
    assert words == ["الوضع", "جنوب", "القوقاز", "وجاء", "بيان", "للوزاره"]
