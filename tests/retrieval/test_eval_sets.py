"""Question sets: JSON Lines with one or several gold articles, and SQuAD files with their own
articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.eval_sets import QuestionSetError, load_question_set

SQUAD = {
    "data": [
        {
            "title": "نهر النيل",
            "paragraphs": [
                {
                    "context": "يبلغ طول نهر النيل نحو 6650 كيلومترا. ويصب في البحر المتوسط.",
                    "qas": [
                        {"question": "كم طول النيل؟", "answers": [{"text": "6650 كيلومترا"}]},
                        {"question": "أين يصب النيل؟", "answers": []},
                    ],
                }
            ],
        }
    ]
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_squad_file_becomes_a_corpus_of_its_articles_and_their_questions(tmp_path) -> None:
    question_set = load_question_set(write(tmp_path, "nile.json", json.dumps(SQUAD)))
    assert question_set.corpus is not None
    [document] = question_set.corpus.documents
    assert document.title == "نهر النيل"
    first, second = question_set.questions
    assert first.doc_ids == (document.doc_id,)
    assert first.evidence == first.answers == ("6650 كيلومترا",)
    assert not second.answerable  # no answer text: nothing to find


def test_a_json_lines_row_may_name_several_gold_articles(tmp_path) -> None:
    rows = [
        {"question": "س؟", "doc_id": ["a", "b"], "contains": "عبارة", "answer": "جواب"},
        {"question": "س2؟", "doc_id": None, "kind": "unanswerable"},
    ]
    path = write(tmp_path, "q.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    answerable, unanswerable = load_question_set(path).questions
    assert answerable.doc_ids == ("a", "b")
    assert answerable.answers == ("جواب",)
    assert not unanswerable.answerable
    assert unanswerable.kind == "unanswerable"


def test_contains_may_list_the_phrases_of_several_sentences(tmp_path) -> None:
    # Another paper's rewrite states the answer in other words: either phrase is gold.
    row = {"question": "س؟", "doc_id": ["a", "b"], "contains": ["عبارة أولى", "عبارة ثانية"]}
    path = write(tmp_path, "q.jsonl", json.dumps(row, ensure_ascii=False))
    [question] = load_question_set(path).questions
    assert question.evidence == ("عبارة أولى", "عبارة ثانية")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"question": 1}', "question"),
        ('{"question": "س", "doc_id": 5, "contains": "x"}', "doc_id"),
        ('{"question": "س", "doc_id": "a"}', "contains"),
        ('{"question": "س", "doc_id": "a", "contains": ["x", " "]}', "contains"),
        ('{"question": "س", "doc_id": "a", "contains": []}', "contains"),
        ('{"question": "س", "doc_id": "a", "contains": "x", "answer": 3}', "answer"),
        ('{"data": [{"title": "t"}]}', "SQuAD"),
        ("[" * 100_000, "JSON"),
    ],
    ids=[
        "question",
        "doc_id",
        "contains",
        "blank-phrase",
        "no-phrase",
        "answer",
        "squad-shape",
        "deep-nesting",
    ],
)
def test_a_bad_file_names_the_problem(tmp_path, text: str, problem: str) -> None:
    with pytest.raises(QuestionSetError, match=problem):
        load_question_set(write(tmp_path, "bad.jsonl", text))
