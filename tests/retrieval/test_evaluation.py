"""Quality floors on the eval set: these are the product's promises, held as tests."""

import json
from dataclasses import replace

import pytest

from retrieval.baseline import NaiveBM25
from retrieval.engine import Engine
from retrieval.eval_sets import EvalQuestion, QuestionSetError, load_questions
from retrieval.evaluation import (
    evaluate,
    exact_match,
    gold_rank,
    leave_out,
    left_out_articles,
    token_f1,
    without_articles,
)
from retrieval.results import Answer, Hit, Reprint
from tests.support.paths import QUESTIONS, SEEDS_HARD
from tests.support.quality import (
    HARD_TOP1_FLOOR,
    HARD_TOP3_FLOOR,
    NO_ANSWER_FLOOR,
    TOP1_FLOOR,
    TOP3_FLOOR,
)


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


@pytest.mark.parametrize(
    ("prediction", "gold", "f1"),
    [
        ("18 تشرين الأول", "18 تشرين الأول", 1.0),
        ("في المدينة المنورة", "المدينة المنورة", 0.8),  # ال is dropped from each token
        ("بروكسل", "جنيف", 0.0),
        ("", "جنيف", 0.0),
    ],
)
def test_token_f1_follows_squad_on_normalized_arabic(prediction, gold, f1):
    assert token_f1(prediction, gold) == pytest.approx(f1)


def test_exact_match_ignores_vowels_and_the_article():
    assert exact_match("المَدينةُ المنورة", ["مدينة المنورة"])
    assert not exact_match("في المدينة المنورة", ["المدينة المنورة"])


def test_the_leave_out_check_removes_every_fourth_answered_article_with_its_copies():
    questions = [EvalQuestion(f"س{n}", (f"d{n}", f"copy{n}"), ("x",)) for n in range(1, 9)] + [
        EvalQuestion("لا جواب")
    ]
    assert left_out_articles(questions) == {"d4", "copy4", "d8", "copy8"}


def test_the_leave_out_check_counts_declines_of_removed_and_kept_questions(engine):
    questions = load_questions(QUESTIONS)
    removed = left_out_articles(questions)
    smaller = Engine(without_articles(engine.corpus, removed))
    check = leave_out(smaller, questions, removed)
    assert check.removed_questions > 0
    assert check.kept_questions > 0
    assert 0.0 <= check.kept_declined <= check.removed_declined <= 1.0


def test_the_hard_seed_questions_meet_their_floors(engine):
    report = evaluate(engine, load_questions(SEEDS_HARD))
    assert report.top1 >= HARD_TOP1_FLOOR, report.misses
    assert report.top3 >= HARD_TOP3_FLOOR, report.misses


def test_a_hit_folding_copies_counts_when_a_copy_is_a_gold_article():
    question = EvalQuestion("س؟", ("paper_b",), ("عبارة",))
    hit = Hit(
        rank=1,
        snippet="وهذه عبارة الخبر.",
        doc_id="paper_a",
        title="t",
        sentence=2,
        score=0.9,
        bm25=1.0,
        coverage=1.0,
        matched_words=(),
        matched_terms=frozenset(),
        also=(Reprint("paper_b", "t", 3),),
    )
    assert gold_rank(question, Answer("س؟", True, (hit,))) == 1
    assert gold_rank(question, Answer("س؟", True, (replace(hit, also=()),))) is None
