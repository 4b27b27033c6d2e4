import pytest

from retrieval.normalize import normalize
from retrieval.stem import MIN_STEM_LENGTH, light_stem, stem_readings


def stem(word: str) -> str:
    return light_stem(normalize(word))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الهدنة", "هدن"),
        ("هدنة", "هدن"),
        ("للاجتماع", "اجتماع"),
        ("والرئيس", "رييس"),
        ("بالقول", "قول"),
        ("المعارك", "معارك"),
        ("اتفاقات", "اتفاق"),
        ("يوما", "يوم"),
        ("استمرت", "استمر"),
        ("اتفقا", "اتفق"),  # past dual verb ending
        ("اتفقوا", "اتفق"),  # past plural verb ending
        ("عمليته", "عمل"),  # ة written ت before a pronoun
        ("بوتين", "بوت"),
        ("باكو", "باكو"),  # a bare ب is not a prefix
        ("rt", "rt"),
        ("2020", "2020"),
    ],
)
def test_light_stem(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("الوزير", "وزير"),
        ("أذربيجان", "الأذربيجانية"),
        ("روسيا", "الروسية"),
        ("اتفقا", "اتفق"),
        ("أعلنت", "أعلن"),
        ("عمليتها", "العملية"),
    ],
)
def test_forms_of_one_word_meet(first, second):
    assert stem(first) == stem(second)


@pytest.mark.parametrize("word", ["قمه", "سلم", "دول", "يوم", "ابن"])
def test_never_cuts_below_the_minimum_stem_length(word):
    assert len(light_stem(word)) >= MIN_STEM_LENGTH


def test_glued_preposition_gives_a_second_reading():
    assert stem_readings(normalize("لحقوق")) == ("لحقوق", "حقوق")


def test_short_words_get_one_reading():
    assert stem_readings(normalize("بلد")) == ("بلد",)


@pytest.mark.parametrize(("noun", "verb"), [("وزارة", "زار"), ("الوزير", "زير"), ("وكالة", "كال")])
def test_a_root_waw_is_not_taken_for_the_conjunction(noun, verb):
    assert stem(noun) != stem(verb)


@pytest.mark.parametrize(("first", "second"), [("وزارة", "الوزارة"), ("ووزير", "الوزير")])
def test_forms_of_a_root_waw_noun_still_meet(first, second):
    assert stem(first) == stem(second)
