"""Quality floors on the eval set: these are the product's promises, held as tests."""

import json

import pytest

from retrieval.baseline import NaiveBM25
from retrieval.eval_sets import EvalQuestion, QuestionSetError, load_questions
from retrieval.evaluation import evaluate
from tests.support.paths import QUESTIONS
from tests.support.quality import NO_ANSWER_FLOOR, TOP1_FLOOR, TOP3_FLOOR


@pytest.fixture(scope="module")
def questions():
    return load_questions(QUESTIONS)


@pytest.fixture(scope="module")
def report(engine, questions):
    return evaluate(engine, questions)


def test_eval_set_covers_every_document(questions, engine):
    for document in engine.corpus.documents:
        count = sum(document.doc_id in q.doc_ids for q in questions)
        assert count >= 6, document.doc_id
    assert len(questions) >= 40
    assert sum(not q.answerable for q in questions) >= 5


def test_gold_phrases_lie_in_one_sentence_of_their_document(questions, engine):
    for question in questions:
        if question.answerable:
            document = engine.corpus.document(question.doc_ids[0])
            phrase = question.evidence[0]
            assert any(phrase in s.text for s in document.sentences), question.question


def test_top1_floor(report):
    assert report.top1 >= TOP1_FLOOR, report.misses


def test_top3_floor(report):
    assert report.top3 >= TOP3_FLOOR, report.misses


def test_every_unanswerable_question_is_declined(report):
    assert report.no_answer_accuracy >= NO_ANSWER_FLOOR, report.misses


def test_sanad_beats_the_naive_baseline(engine, questions, report):
    baseline = evaluate(NaiveBM25(engine.corpus), questions)
    assert report.top1 > baseline.top1
    assert report.no_answer_accuracy > baseline.no_answer_accuracy


def test_bad_question_lines_name_file_and_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"question": "سؤال", "doc_id": None}) + "\n{oops\n", "utf-8")
    with pytest.raises(QuestionSetError, match=r"q.jsonl:2"):
        load_questions(path)


def test_answerable_questions_need_a_gold_phrase(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"question": "سؤال", "doc_id": "a"}) + "\n", "utf-8")
    with pytest.raises(QuestionSetError, match="contains"):
        load_questions(path)


def test_unanswerable_question_is_not_answerable():
    assert not EvalQuestion("سؤال").answerable
