"""The extraction report finds each question's gold sentence and scores extraction on it alone."""

from __future__ import annotations

import json
from pathlib import Path

from tools.extraction_report import format_table, measure, rows


def qa(question: str, answer: str) -> dict[str, object]:
    return {"question": question, "answers": [{"text": answer}]}


def squad(path: Path) -> Path:
    article = {
        "title": "هدنة",
        "paragraphs": [
            {
                "context": "بدأت المعارك في الصيف. وأعلن الطرفان هدنة إنسانية في 18 تشرين الأول. "
                "واستمرت المعارك 44 يوما.",
                "qas": [
                    qa("متى أعلنت الهدنة الإنسانية؟", "18 تشرين الأول"),
                    qa("كم يوما استمرت المعارك؟", "44 يوما"),
                    qa("ماذا أعلن الطرفان؟", "هدنة إنسانية"),
                    qa("أين عقد الاجتماع؟", "جنيف"),
                ],
            }
        ],
    }
    path.write_text(json.dumps({"data": [article]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_scores_extraction_on_each_gold_sentence(tmp_path: Path) -> None:
    report = measure(str(squad(tmp_path / "set.json")))
    assert report.no_gold_sentence == 1  # «جنيف» is in no sentence
    by_type = {row.label: row for row in rows(report)}
    assert by_type["time"].given == 1 and by_type["time"].f1_given == 1.0
    assert by_type["quantity"].given == 1 and by_type["quantity"].em_given == 1.0
    assert by_type["thing"].given == 0
    assert by_type["all"].questions == 3
    assert by_type["all"].f1_all == 2 / 3


def test_jsonl_sets_read_only_their_gold_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("عنوان\n\nاستمرت المعارك 44 يوما في الإقليم.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("عنوان آخر\n\nنص لا علاقة له.\n", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    record = {
        "question": "كم يوما استمرت المعارك؟",
        "doc_id": "a",
        "contains": "44 يوما",
        "answer": "44 يوما",
    }
    questions.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = measure(f"{questions}@{corpus}")
    assert [o.answer for o in report.outcomes] == ["44 يوما"]
    assert "| quantity | 1 | 1 | 1.00 |" in format_table(report)
