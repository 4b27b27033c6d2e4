"""Properties of short-answer extraction on arbitrary text: never raises, always verbatim."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval import extract
from retrieval.extract import MAX_ANSWER_WORDS, extract_answer
from retrieval.question import analyze_question
from retrieval.question_type import QuestionType

# Letters, digits, marks and punctuation that the patterns care about, and words that trigger them.
CHARACTERS = st.sampled_from(list("ابتجدرسعفقكلمنهويىةءأإآؤئ٠١٨0129 ،,/-()ـَُِّْ\u200f\n"))
WORDS = st.sampled_from(
    "في إلى مدينة العاصمة الروسية موسكو سوتشي الرئيس وزير الخارجية الأرمني نظيره، شارل ميشال "
    "18 ١٨ 2020 تشرين الأول/أكتوبر سبتمبر/أيلول الماضي يوم من الشهر ذاته أمس الخميس ليل الجمعة "
    "أو و منذ قرابة ثلاثة عقود 44 يوما ألف قتيل جنديا جنديين عدة أيام بموسكو".split()
)
TEXT = st.one_of(st.text(CHARACTERS, max_size=60), st.lists(WORDS, max_size=25).map(" ".join))
QUESTIONS = st.sampled_from(
    ["متى اتفقا؟", "كم يوما؟", "كم عدد الجنود؟", "أين التقيا؟", "من رعى الاجتماع؟", "ماذا قال؟", ""]
)


@given(TEXT, QUESTIONS)
def test_answers_are_short_verbatim_pieces_or_none(snippet: str, question: str) -> None:
    analyzed = analyze_question(question)
    for qtype in QuestionType:
        answer = extract_answer(snippet, replace(analyzed, qtype=qtype))
        if answer is not None:
            assert answer in snippet
            assert answer.strip() == answer
            assert 1 <= len(answer.split()) <= MAX_ANSWER_WORDS


@given(TEXT)
def test_any_question_has_a_type(question: str) -> None:
    assert analyze_question(question).qtype in QuestionType


# Hostile snippets (issue 12): one unit repeated tens of thousands of times after a word that
# starts a pattern, before one that makes it fail. Extraction reads at most
# MAX_SNIPPET_CHARACTERS, so the budget is lifted here to check the work itself is linear; the
# bound is generous (a quadratic step takes tens of seconds at this length).
HOSTILE_LEADS = ["", "الرئيس", "أكتوبر", "(", "36"]
HOSTILE_UNITS = [" ", " ، ", "1,", "بن ", "- ", "(1 ", "\u064b\u064e"]
HOSTILE_LENGTH = 20_000
HOSTILE_BOUND_SECONDS = 1.0
QUESTIONS_BY_TYPE = {
    QuestionType.TIME: "متى ولد الرئيس؟",
    QuestionType.QUANTITY: "كم رقم عدد الجنود؟",
    QuestionType.PLACE: "أين عقد الاجتماع؟",
    QuestionType.PERSON: "من هو الرئيس؟",
}


@pytest.mark.parametrize("lead", HOSTILE_LEADS)
@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_extraction_is_linear_on_hostile_snippets(
    lead: str, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_SNIPPET_CHARACTERS", 10 * HOSTILE_LENGTH)
    snippet = lead + unit * (HOSTILE_LENGTH // len(unit)) + "x"
    for qtype, text in QUESTIONS_BY_TYPE.items():
        question = replace(analyze_question(text), qtype=qtype)
        started = time.perf_counter()
        extract_answer(snippet, question)
        elapsed = time.perf_counter() - started
        assert elapsed < HOSTILE_BOUND_SECONDS, f"{qtype}: {elapsed:.1f} s on {snippet[:20]!r}…"


def test_a_snippet_is_read_up_to_the_budget() -> None:
    question = replace(analyze_question("متى؟"), qtype=QuestionType.TIME)
    padding = "كلام " * (extract.MAX_SNIPPET_CHARACTERS // 5)
    assert extract_answer("وقع ذلك في 18 أكتوبر 2020 " + padding, question) == "18 أكتوبر 2020"
    assert extract_answer(padding + " وقع ذلك في 18 أكتوبر 2020", question) is None
