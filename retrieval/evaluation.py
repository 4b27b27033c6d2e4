"""Scoring an answerer against a question set with gold citations.

A question set is JSON Lines; each line has ``question``, ``doc_id`` (null when the corpus cannot
answer) and ``contains`` (a phrase of the supporting sentence), and may have ``answer`` (the gold
short answer) and ``kind`` (what the question exercises). A hit is correct when it comes from the
gold document and its sentence contains the gold phrase (compared in normalized form).

The report gives, over answerable questions, top-1, top-3 and MRR@10; over unanswerable ones, the
no-answer accuracy (the share declined); and over questions with a gold short answer, the answer
accuracy: the share whose top-1 hit's short answer contains the gold answer (normalized) and is
at most ``MAX_ANSWER_WORDS`` words long.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from retrieval.answer import Answer
from retrieval.extract import MAX_ANSWER_WORDS
from retrieval.normalize import normalize

EVAL_DEPTH = 10


class Answerer(Protocol):
    """Anything that answers a question with ranked hits (the engine, the naive baseline)."""

    def answer(self, question: str, *, top_k: int) -> Answer: ...


class QuestionSetError(ValueError):
    """A question set line cannot be used; carries the file and line number."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One question with its gold citation; ``doc_id`` is None for unanswerable questions."""

    question: str
    doc_id: str | None
    contains: str | None
    answer: str | None = None
    kind: str = ""

    @property
    def answerable(self) -> bool:
        return self.doc_id is not None


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Retrieval and short-answer quality over a question set (see the module docstring)."""

    questions: int
    answerable: int
    unanswerable: int
    with_gold_answer: int
    top1: float
    top3: float
    mrr: float
    no_answer_accuracy: float
    answer_accuracy: float
    # Questions whose gold sentence is not top-1, or that were answered when they should not be.
    misses: tuple[str, ...]
    # Questions with a gold short answer that the top-1 hit's short answer does not give.
    answer_misses: tuple[str, ...]


def load_questions(path: Path | str) -> list[EvalQuestion]:
    """Read a JSON Lines question set; blank lines are skipped, bad ones raise QuestionSetError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise QuestionSetError(path, 1, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise QuestionSetError(path, 0, f"cannot read it ({error.strerror or error})") from None
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise QuestionSetError(path, number, f"not JSON ({error.msg})") from error
        if not isinstance(record, dict) or not isinstance(record.get("question"), str):
            raise QuestionSetError(path, number, "needs a string field 'question'")
        doc_id, contains = record.get("doc_id"), record.get("contains")
        if doc_id is not None and not (isinstance(doc_id, str) and isinstance(contains, str)):
            raise QuestionSetError(path, number, "an answerable question needs 'contains'")
        questions.append(
            EvalQuestion(
                question=record["question"],
                doc_id=doc_id,
                contains=contains,
                answer=record.get("answer"),
                kind=record.get("kind", ""),
            )
        )
    return questions


def gold_rank(question: EvalQuestion, answer: Answer) -> int | None:
    """The rank of the first correct hit, or None when no hit is correct."""
    if not question.answerable or question.contains is None:
        return None
    phrase = normalize(question.contains)
    for hit in answer.hits:
        if hit.doc_id == question.doc_id and phrase in normalize(hit.snippet):
            return hit.rank
    return None


def gives_gold_answer(question: EvalQuestion, answer: Answer) -> bool:
    """Whether the top-1 hit's short answer contains the gold one, in few enough words."""
    if question.answer is None or not answer.found or not answer.hits:
        return False
    short = answer.hits[0].answer
    if short is None or len(short.split()) > MAX_ANSWER_WORDS:
        return False
    return normalize(question.answer) in normalize(short)


def evaluate(answerer: Answerer, questions: Sequence[EvalQuestion]) -> EvalReport:
    """Top-1, top-3, MRR@10 and answer accuracy; no-answer accuracy over unanswerable ones."""
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    with_gold_answer = [q for q in answerable if q.answer is not None]
    top1 = top3 = 0
    reciprocal = 0.0
    misses = []
    answer_misses = []
    for question in answerable:
        answer = answerer.answer(question.question, top_k=EVAL_DEPTH)
        if question.answer is not None and not gives_gold_answer(question, answer):
            answer_misses.append(question.question)
        rank = gold_rank(question, answer)
        if rank is None:
            misses.append(question.question)
            continue
        top1 += rank == 1
        top3 += rank <= 3
        reciprocal += 1.0 / rank
        if rank > 1:
            misses.append(question.question)
    declined = 0
    for question in unanswerable:
        if answerer.answer(question.question, top_k=EVAL_DEPTH).found:
            misses.append(question.question)
        else:
            declined += 1
    return EvalReport(
        questions=len(questions),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        with_gold_answer=len(with_gold_answer),
        top1=_share(top1, len(answerable)),
        top3=_share(top3, len(answerable)),
        mrr=_share(reciprocal, len(answerable)),
        no_answer_accuracy=_share(declined, len(unanswerable)),
        answer_accuracy=_share(len(with_gold_answer) - len(answer_misses), len(with_gold_answer)),
        misses=tuple(misses),
        answer_misses=tuple(answer_misses),
    )


def _share(count: float, total: int) -> float:
    return count / total if total else 0.0
