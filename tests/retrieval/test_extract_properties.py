"""Properties of short-answer extraction on arbitrary text: never raises, always verbatim."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

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
