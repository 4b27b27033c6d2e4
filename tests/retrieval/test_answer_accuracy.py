"""Answer accuracy: the eval set's gold short answers, and how often the engine gives them."""

from __future__ import annotations

import pytest

from retrieval.corpus import load_corpus
from retrieval.engine import Engine
from retrieval.eval_sets import EvalQuestion, load_questions
from retrieval.evaluation import evaluate, gives_gold_answer
from retrieval.normalize import normalize
from retrieval.results import Answer, Hit
from tests.support.paths import QUESTIONS, SEEDS
from tests.support.quality import (
    ANSWER_ACCURACY_FLOOR,
    MIN_GOLD_ANSWERS,
    NO_ANSWER_FLOOR,
    TOP1_FLOOR,
)


def answer_with(short: str | None) -> Answer:
    hit = Hit(
        rank=1,
        snippet="وأعلن ميشال مشاركة المستشار الألماني أولاف شولتس.",
        doc_id="d",
        title="t",
        sentence=1,
        score=1.0,
        bm25=1.0,
        coverage=1.0,
        matched_words=(),
        matched_terms=frozenset(),
        answer=short,
    )
    return Answer(question="من هو المستشار الألماني؟", found=True, hits=(hit,))


GOLD = EvalQuestion("من هو المستشار الألماني؟", ("d",), ("شولتس",), ("أولاف شولتس",))


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        ("المستشار الألماني أولاف شولتس", True),
        ("أولافُ شولتسْ", True),  # compared in normalized form
        ("الرئيس الفرنسي إيمانويل ماكرون", False),
        ("وأعلن ميشال مشاركة المستشار الألماني أولاف شولتس في القمة", False),  # over 7 words
        (None, False),
    ],
)
def test_a_short_answer_counts_when_it_contains_the_gold_one_in_few_words(
    short: str | None, expected: bool
) -> None:
    assert gives_gold_answer(GOLD, answer_with(short)) is expected


def test_a_declined_question_does_not_give_the_gold_answer() -> None:
    assert not gives_gold_answer(GOLD, Answer(question=GOLD.question, found=False, hits=()))


def test_gold_answers_are_verbatim_in_their_gold_documents() -> None:
    documents = {doc.doc_id: doc for doc in load_corpus(SEEDS).documents}
    golden = [q for q in load_questions(QUESTIONS) if q.answers]
    assert len(golden) >= MIN_GOLD_ANSWERS
    for question in golden:
        text = normalize(" ".join(s.text for s in documents[question.doc_ids[0]].sentences))
        assert normalize(question.answers[0]) in text, question.question


def test_engine_gives_the_gold_short_answer_often_enough(engine: Engine) -> None:
    report = evaluate(engine, load_questions(QUESTIONS))
    assert report.with_gold_answer >= MIN_GOLD_ANSWERS
    assert report.answer_accuracy >= ANSWER_ACCURACY_FLOOR, report.answer_misses
    assert report.no_answer_accuracy >= NO_ANSWER_FLOOR, report.misses
    assert report.top1 >= TOP1_FLOOR, report.misses
