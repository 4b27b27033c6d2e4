"""One evaluation run: a question set asked of Sanad and of the baselines, on the same corpus.

Each system is built from a ``Corpus`` by a factory, once over the whole corpus and, for the
leave-out check, once over the corpus without the left-out articles (``retrieval.evaluation``).
Lucene joins only where it can run (``retrieval.lucene_baseline``); otherwise the run says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from retrieval.baseline import NaiveBM25
from retrieval.corpus import Corpus
from retrieval.engine import Engine
from retrieval.eval_sets import QuestionSet
from retrieval.evaluation import (
    Answerer,
    ConversationReport,
    EvalReport,
    LeaveOutReport,
    evaluate,
    evaluate_conversations,
    leave_out,
    left_out_articles,
    without_articles,
)
from retrieval.lucene_baseline import LuceneBM25, lucene_unavailable

logger = logging.getLogger(__name__)

SANAD = "sanad"
NAIVE = "naive BM25 (whitespace tokens)"
LUCENE = "Lucene ArabicAnalyzer BM25"

SystemFactory = Callable[[Corpus], Answerer]


@dataclass(frozen=True, slots=True)
class SystemResult:
    """One system's figures on one question set."""

    report: EvalReport
    leave_out: LeaveOutReport | None


@dataclass(frozen=True, slots=True)
class EvalRun:
    """Every system's figures on one question set, and the systems left out, with why."""

    name: str
    results: Mapping[str, SystemResult]
    skipped: Mapping[str, str]
    # Sanad's figures on the set's conversations (the baselines have no notion of context).
    conversations: ConversationReport | None = None


def systems(*, lucene: bool = True) -> tuple[dict[str, SystemFactory], dict[str, str]]:
    """The systems to compare, and those that cannot run here with the reason."""
    chosen: dict[str, SystemFactory] = {
        SANAD: lambda corpus: Engine(corpus),
        NAIVE: NaiveBM25,
    }
    skipped: dict[str, str] = {}
    if lucene:
        reason = lucene_unavailable()
        if reason is None:
            chosen[LUCENE] = LuceneBM25
        else:
            skipped[LUCENE] = reason
    return chosen, skipped


def run(
    question_set: QuestionSet,
    corpus: Corpus,
    factories: Mapping[str, SystemFactory],
    *,
    prebuilt: Mapping[str, Answerer] | None = None,
    with_leave_out: bool = True,
    skipped: Mapping[str, str] | None = None,
) -> EvalRun:
    """Ask the set of every system over ``corpus`` (``prebuilt`` systems are used as given)."""
    questions = question_set.questions
    removed = left_out_articles(questions)
    smaller = without_articles(corpus, removed) if with_leave_out and removed else None
    results = {}
    if questions:
        for name, factory in factories.items():
            logger.info("evaluating %s on %s", name, question_set.name)
            system = (prebuilt or {}).get(name) or factory(corpus)
            report = evaluate(system, questions)
            check = None
            if smaller is not None:
                check = leave_out(factory(smaller), questions, removed)
            results[name] = SystemResult(report, check)
    conversations = None
    if question_set.conversations:
        engine = (prebuilt or {}).get(SANAD)
        sanad = engine if isinstance(engine, Engine) else Engine(corpus)
        conversations = evaluate_conversations(sanad, question_set.conversations)
    return EvalRun(question_set.name, results, dict(skipped or {}), conversations)
