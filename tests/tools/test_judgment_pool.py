"""The pooling tool: what it pools, and how a judgment joins a question's gold."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.eval_sets import load_question_set
from retrieval.evaluation import gold_rank
from tools import judgment_pool

ARTICLES = {
    # The article the question was written from.
    "gold": "وصول الوفد التجاري\n\n"
    "وصل الوفد التجاري الياباني إلى مدينة جدة صباح الأحد في زيارة تستمر ثلاثة أيام.\n"
    "وسيلتقي الوفد رجال الأعمال في الغرفة التجارية.",
    # Another paper's rewrite: the same answer in other words.
    "rewrite": "الوفد الياباني في جدة\n\n"
    "يقضي الوفد التجاري الياباني ثلاثة أيام في جدة، بدأت بوصوله صباح الأحد.",
    # A third paper's copy of the rewrite, a word apart.
    "copy": "وفد ياباني يزور جدة\n\n"
    "يقضي الوفد التجاري الياباني ثلاثة أيام في جدة بدأت بوصوله صباح يوم الأحد.",
    # The judged phrase in a sentence about something else.
    "other": "المنتخب يستعد\n\nأمضى المنتخب ثلاثة أيام في جدة قبل مباراته الودية أمام الضيوف.",
}
QUESTION = "كم يوما تستمر زيارة الوفد التجاري الياباني إلى جدة؟"
NEAR_MISS = "كم عدد أعضاء الوفد التجاري الياباني؟"
# How the rewrite and its copy begin (the engine shows one of them, the other folded into it).
REWRITTEN = "يقضي الوفد التجاري الياباني ثلاثة أيام في جدة"


@pytest.fixture
def question_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    # Lucene joins the pool only where it runs; the test is about the pool's rules.
    monkeypatch.setattr(judgment_pool, "lucene_unavailable", lambda: "left out by the test")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = [
        {"question": QUESTION, "doc_id": ["gold"], "contains": "في زيارة تستمر ثلاثة أيام"},
        {"question": NEAR_MISS, "doc_id": None, "kind": "unanswerable"},
    ]
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return questions, corpus


def _pooled(questions: Path, corpus: Path, out: Path) -> list[dict]:
    judgment_pool.pool(questions, corpus, out, depth=5)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _the_rewrite(candidates: list[dict]) -> str:
    """The pooled candidate that is the rewrite (or its copy, whichever the engine shows)."""
    return next(c["candidate"] for c in candidates if c["text"].startswith(REWRITTEN))


def _pool_and_judge(
    question_set: tuple[Path, Path], folder: Path, pick: Callable[[list[dict]], str], phrase: str
) -> tuple[Path, Path]:
    """The pool of the set, and a judgments file with one line: the pooled candidate ``pick``
    chooses for the first question, and the phrase that marks it."""
    questions, corpus = question_set
    pool_path = folder / "pool.jsonl"
    record = _pooled(questions, corpus, pool_path)[0]
    judgments = folder / "judgments.jsonl"
    judgment = {"line": 1, "candidate": pick(record["candidates"]), "contains": phrase}
    judgments.write_text(json.dumps(judgment, ensure_ascii=False), encoding="utf-8")
    return pool_path, judgments


def test_the_pool_offers_what_the_gold_does_not_count(
    question_set: tuple[Path, Path], tmp_path: Path
) -> None:
    questions, corpus = question_set
    first, second = _pooled(questions, corpus, tmp_path / "pool.jsonl")
    assert first["gold_sentence"].startswith("وصل الوفد التجاري الياباني")
    texts = [candidate["text"] for candidate in first["candidates"]]
    assert not any(text.startswith("وصل الوفد") for text in texts)  # already gold
    assert any(text.startswith(REWRITTEN) for text in texts)
    assert len(set(texts)) == len(texts)  # a sentence found by several systems, once
    assert second["gold_sentence"] is None


def test_a_judged_rewrite_joins_the_gold_with_its_copies_only(
    question_set: tuple[Path, Path], tmp_path: Path
) -> None:
    questions, corpus = question_set
    pool_path, judgments = _pool_and_judge(
        question_set,
        tmp_path,
        _the_rewrite,
        "ثلاثة أيام في جدة",
    )
    answer = Engine.from_folder(corpus).answer(QUESTION, top_k=10)
    [shown] = [hit for hit in answer.hits if hit.snippet.startswith(REWRITTEN)]
    only_the_rewrite = replace(answer, hits=(shown,))
    assert gold_rank(load_question_set(questions).questions[0], only_the_rewrite) is None

    assert judgment_pool.merge(questions, corpus, judgments, pool_path) == 1

    row = json.loads(questions.read_text(encoding="utf-8").splitlines()[0])
    # The copy prints the judged sentence; "other" only holds the phrase.
    assert row["doc_id"] == ["gold", "copy", "rewrite"]
    assert row["contains"] == ["في زيارة تستمر ثلاثة أيام", "ثلاثة أيام في جدة"]
    question = load_question_set(questions).questions[0]
    assert gold_rank(question, only_the_rewrite) == shown.rank


@pytest.mark.parametrize(
    ("line", "candidate", "phrase", "answer", "problem"),
    [
        (1, None, "عبارة لا ترد في الجملة", None, "is not in it"),
        (1, None, "جدة", None, "3-8 words"),
        (1, None, "", None, "3-8 words"),
        (1, None, "ثلاثة أيام في جدة", "أسبوعين", "answer"),
        (1, "c99", "ثلاثة أيام في جدة", None, "no such candidate"),
        (99, None, "ثلاثة أيام في جدة", None, "no such question"),
    ],
    ids=["not-in-it", "one-word", "empty", "answer-not-in-it", "candidate", "line"],
)
def test_a_judgment_that_does_not_fit_its_pool_is_refused(
    question_set: tuple[Path, Path],
    tmp_path: Path,
    line: int,
    candidate: str | None,
    phrase: str,
    answer: str | None,
    problem: str,
) -> None:
    questions, corpus = question_set
    pool_path, judgments = _pool_and_judge(
        question_set,
        tmp_path,
        _the_rewrite,
        phrase,
    )
    judgment = json.loads(judgments.read_text(encoding="utf-8"))
    judgment["line"] = line
    judgment["candidate"] = candidate or judgment["candidate"]
    if answer is not None:
        judgment["answer"] = answer
    judgments.write_text(json.dumps(judgment, ensure_ascii=False), encoding="utf-8")
    before = questions.read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match=problem):
        judgment_pool.merge(questions, corpus, judgments, pool_path)
    assert questions.read_text(encoding="utf-8") == before


def test_the_pool_names_each_question_by_its_line_in_the_set(
    question_set: tuple[Path, Path], tmp_path: Path
) -> None:
    questions, corpus = question_set
    # A blank line and a conversation are not questions of their own.
    conversation = {"kind": "follow-up", "turns": [{"question": "س؟", "doc_id": None}] * 2}
    rows = questions.read_text(encoding="utf-8").splitlines()
    questions.write_text(
        "\n".join(["", json.dumps(conversation, ensure_ascii=False), *rows]) + "\n",
        encoding="utf-8",
    )
    first, second = _pooled(questions, corpus, tmp_path / "pool.jsonl")[:2]
    assert (first["line"], first["question"]) == (3, QUESTION)
    assert (second["line"], second["question"]) == (4, NEAR_MISS)


def test_a_missing_file_is_one_line_and_exit_code_2(
    question_set: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions, corpus = question_set
    missing = tmp_path / "no-such-pool.jsonl"
    arguments = ["merge", str(questions), str(corpus), str(tmp_path / "none.jsonl"), str(missing)]
    assert judgment_pool.main(arguments) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("judgment_pool: ") and "no-such-pool.jsonl" in line
