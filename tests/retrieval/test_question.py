"""A question read once: fillers and dialect question words are not content words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.question import MAX_QUESTION_WORDS, analyze_question
from retrieval.question_type import QuestionType


def content(question: str) -> list[str]:
    return [word.word for word in analyze_question(question).words]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("متى افتتح المعرض؟", ["افتتح", "المعرض"]),
        ("لو سمحت متى افتتح المعرض؟", ["افتتح", "المعرض"]),
        ("ممكن تقولي متى افتتح المعرض؟", ["افتتح", "المعرض"]),
        ("عايز أعرف امتى افتتح المعرض", ["افتتح", "المعرض"]),
        ("ابغى اعرف وش صار في المعرض", ["المعرض"]),
        ("بدي اعرف قديش كلف المعرض", ["كلف", "المعرض"]),
        ("من فضلك فين اتفتح المعرض؟", ["اتفتح", "المعرض"]),
        ("علاش تأجل المعرض يا بوت؟", ["تاجل", "المعرض"]),
        ("شكرا، ومتى يغلق المعرض؟", ["يغلق", "المعرض"]),
    ],
)
def test_fillers_and_dialect_question_words_are_not_content(question, expected):
    assert content(question) == expected


def test_a_filler_word_that_is_also_news_vocabulary_is_kept_outside_its_phrase():
    # «سمحت» is a filler only in «لو سمحت»; «سمحت السلطات» is what the question is about.
    assert content("هل سمحت السلطات بإقامة المعرض؟") == ["سمحت", "السلطات", "باقامه", "المعرض"]


def test_analysis_keeps_what_every_stage_reads():
    question = analyze_question("كم عدد جنود حفظ السلام الروس في 2020؟")
    assert question.qtype is QuestionType.QUANTITY
    assert question.counted == "جنود"
    assert question.tokens[:2] == ("كم", "عدد")
    assert [question.words[i].word for i in question.numbers] == ["2020"]
    assert question.terms == tuple(t for word in question.words for t in word.terms)


def test_repeated_words_are_searched_once_and_only_the_first_ones():
    question = analyze_question("المعرض المعرض " + " ".join(f"كلمة{n}" for n in range(100)))
    assert [word.word for word in question.words].count("المعرض") == 1
    assert len(question.words) == MAX_QUESTION_WORDS


@pytest.mark.parametrize("question", ["", "؟؟؟", "لو سمحت", "متى", "😀"])
def test_a_question_without_content_has_no_words(question):
    assert analyze_question(question).words == ()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("السلام عليكم، كم عدد الزوار؟", ["عدد", "الزوار"]),
        ("شكرا، ومتى يغلق المعرض؟", ["يغلق", "المعرض"]),
        ("متى افتتح المعرض؟ شكرا جزيلا", ["افتتح", "المعرض"]),
        ("بأي طريقة سيتم ترسيم الحدود؟", ["طريقه", "سيتم", "ترسيم", "الحدود"]),  # not «باي»
        ("متى ولد عبد الله", ["ولد", "عبد", "الله"]),  # «الله» closes a name, not thanks
    ],
)
def test_greetings_and_thanks_at_either_end_are_not_content(question, expected):
    assert content(question) == expected


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("كم عدد مقاعد الحزب في البرلمان؟", "مقاعد"),  # «عدد» names the answer's kind
        ("في أي سنة ولد الشاعر؟", "ولد"),  # «سنة» too
        ("ما اسم زوج الممثلة؟", "زوج"),  # «اسم» too
        ("لو سمحت من حكم المباراة؟", "حكم"),
        ("كم عمر الرئيس؟", "عمر"),
        ("في أي سنة؟", None),
    ],
)
def test_the_focus_is_what_the_question_asks_about(question: str, focus: str | None) -> None:
    asked = analyze_question(question)
    found = asked.words[asked.focus].word if asked.focus is not None else None
    assert found == focus


def test_a_follow_ups_focus_is_its_own_word_not_a_carried_one() -> None:
    asked = replace(analyze_question("الرئيس ولد"), carried=frozenset({"الرئيس"}))
    assert asked.focus is not None and asked.words[asked.focus].word == "ولد"


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("كم قتيلا خلفت حرب 2020؟", ["2020"]),
        # An ordinal is a number the question names: another one does not answer it.
        ("متى ينعقد الاجتماع الثاني للمنصة؟", ["الثاني"]),
        ("متى وقعت الحرب العالمية الثانية؟", ["الثانيه"]),
        ("من هو أول رئيس للبلاد؟", ["اول"]),
        # A month's name holds an ordinal but names no number.
        ("ماذا حدث في تشرين الثاني؟", []),
        ("ماذا قال الوزير؟", []),
    ],
)
def test_numbers_are_the_digits_and_ordinals_the_question_names(
    question: str, numbers: list[str]
) -> None:
    asked = analyze_question(question)
    assert [asked.words[i].word for i in asked.numbers] == numbers
