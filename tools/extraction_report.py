"""Short-answer extraction measured alone, on each question's gold sentence.

    python -m tools.extraction_report [SET ...] [--failures]

A SET is a SQuAD file (its own articles) or ``QUESTIONS.jsonl@CORPUS_FOLDER``; without one, the
development sets (``DEV_SETS``) that exist on this machine. For every answerable question with a
gold short answer, the gold sentence is the first sentence of a gold article (in the order the
question lists them) that holds the gold evidence phrase, compared in normalized form as
``retrieval.evaluation.gold_rank`` does; ``retrieval.extract.extract_answer`` runs on it with the
question as the engine reads it. So retrieval and the showing threshold play no part: this is
what extraction can give when the right sentence is first.

Per set and per question type: how many questions, the share given a short answer, token F1,
EM and the share right (F1 at least ``RIGHT_F1``) where given, and F1 over all (0 where none is
given). ``--failures`` lists, for the types extraction covers, every wrong answer and every miss
with its gold sentence.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import Corpus, Document, Sentence, read_document
from retrieval.eval_sets import EvalQuestion, load_question_set
from retrieval.evaluation import RIGHT_F1, best_f1, exact_match
from retrieval.extract import EXTRACTED_TYPES, extract_answer
from retrieval.normalize import normalize
from retrieval.question import analyze_question
from retrieval.question_type import QuestionType

_ROOT = Path(__file__).resolve().parent.parent
_DEV = _ROOT.parent / "devdata"
# The development sets, asked of their corpora (those missing on a machine are skipped).
DEV_SETS = (
    str(_ROOT.parent / "shared" / "dev" / "arcd-train.json"),
    f"{_DEV / 'news_questions.jsonl'}@{_DEV / 'saudinewsnet'}",
    f"{_DEV / 'seeds_hard.jsonl'}@{_ROOT / 'seeds'}",
    f"{_ROOT / 'tests' / 'data' / 'questions.jsonl'}@{_ROOT / 'seeds'}",
    f"{_DEV / 'operator_questions.jsonl'}@{_DEV / 'operator'}",
)
_SNIPPET_CHARACTERS = 220


@dataclass(frozen=True, slots=True)
class Outcome:
    """One question's short answer on its gold sentence."""

    question: EvalQuestion
    qtype: QuestionType
    sentence: Sentence
    answer: str | None
    f1: float
    exact: bool


@dataclass(frozen=True, slots=True)
class Row:
    """The figures of one question type (or of all)."""

    label: str
    questions: int
    given: int
    f1_given: float
    em_given: float
    right_given: float
    f1_all: float


@dataclass(frozen=True, slots=True)
class SetReport:
    """One set's outcomes, and its questions whose gold sentence was not found."""

    name: str
    outcomes: tuple[Outcome, ...]
    no_gold_sentence: int
    seconds: float


def gold_articles(folder: Path, doc_ids: Iterable[str]) -> dict[str, Document]:
    """The named articles of a corpus folder, read alone (not the whole archive)."""
    wanted = set(doc_ids)
    found: dict[str, Document] = {}
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            stem, suffix = os.path.splitext(name)
            if suffix == ".txt" and stem in wanted and stem not in found:
                document = read_document(Path(directory) / name)
                if document is not None:
                    found[stem] = document
    return found


def gold_sentence(question: EvalQuestion, articles: dict[str, Document]) -> Sentence | None:
    """The first sentence of a gold article that holds the question's gold evidence."""
    phrases = [normalize(phrase) for phrase in question.evidence if normalize(phrase)]
    for doc_id in question.doc_ids:
        document = articles.get(doc_id)
        if document is None:
            continue
        for sentence in document.sentences:
            text = normalize(sentence.text)
            if any(phrase in text for phrase in phrases):
                return sentence
    return None


def measure(spec: str) -> SetReport:
    """Run extraction on the gold sentence of every question of one set with a gold answer."""
    path, _, folder = spec.partition("@")
    question_set = load_question_set(path)
    asked = [q for q in question_set.questions if q.answerable and q.answers]
    corpus: Corpus | None = question_set.corpus
    if corpus is not None:
        articles = {document.doc_id: document for document in corpus.documents}
    else:
        articles = gold_articles(Path(folder or "seeds"), (d for q in asked for d in q.doc_ids))
    outcomes: list[Outcome] = []
    missing = 0
    seconds = 0.0
    for question in asked:
        sentence = gold_sentence(question, articles)
        if sentence is None:
            missing += 1
            continue
        analysed = analyze_question(question.question)
        started = time.perf_counter()
        answer = extract_answer(sentence.text, analysed)
        seconds += time.perf_counter() - started
        outcomes.append(
            Outcome(
                question=question,
                qtype=analysed.qtype,
                sentence=sentence,
                answer=answer,
                f1=best_f1(answer, question.answers) if answer is not None else 0.0,
                exact=answer is not None and exact_match(answer, question.answers),
            )
        )
    return SetReport(question_set.name, tuple(outcomes), missing, seconds)


def row(label: str, outcomes: Sequence[Outcome]) -> Row:
    """The figures over some outcomes."""
    given = [o for o in outcomes if o.answer is not None]
    return Row(
        label=label,
        questions=len(outcomes),
        given=len(given),
        f1_given=_mean(o.f1 for o in given),
        em_given=_mean(float(o.exact) for o in given),
        right_given=_mean(float(o.f1 >= RIGHT_F1) for o in given),
        f1_all=_mean(o.f1 for o in outcomes),
    )


def rows(report: SetReport) -> list[Row]:
    """One row per question type present, the extracted types first, then the total."""
    order = sorted(
        {o.qtype for o in report.outcomes},
        key=lambda t: (t not in EXTRACTED_TYPES, list(QuestionType).index(t)),
    )
    table = [row(t.value, [o for o in report.outcomes if o.qtype is t]) for t in order]
    typed = [o for o in report.outcomes if o.qtype in EXTRACTED_TYPES]
    table.append(row("typed", typed))
    table.append(row("all", report.outcomes))
    return table


def format_table(report: SetReport) -> str:
    lines = [
        f"### {report.name}: {len(report.outcomes)} questions with a gold answer and sentence"
        f" ({report.no_gold_sentence} without a gold sentence), extraction {report.seconds:.2f} s",
        "",
        "| type | questions | given | share given | F1 given | EM given | right given | F1 all |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows(report):
        share = r.given / r.questions if r.questions else 0.0
        lines.append(
            f"| {r.label} | {r.questions} | {r.given} | {share:.2f} | {r.f1_given:.2f} "
            f"| {r.em_given:.2f} | {r.right_given:.2f} | {r.f1_all:.2f} |"
        )
    return "\n".join(lines)


def format_failures(report: SetReport) -> str:
    lines = [f"#### {report.name}: failures"]
    for outcome in report.outcomes:
        if outcome.qtype not in EXTRACTED_TYPES or outcome.f1 >= RIGHT_F1:
            continue
        sentence = outcome.sentence.text
        if len(sentence) > _SNIPPET_CHARACTERS:
            sentence = sentence[:_SNIPPET_CHARACTERS] + "…"
        lines.append(
            f"- [{outcome.qtype.value}] {outcome.question.question}\n"
            f"  gold: {' | '.join(outcome.question.answers)}\n"
            f"  got:  {outcome.answer}\n"
            f"  in:   {sentence}"
        )
    return "\n".join(lines)


def _mean(values: Iterable[float]) -> float:
    listed = list(values)
    return sum(listed) / len(listed) if listed else 0.0


def _available(spec: str) -> bool:
    path, _, folder = spec.partition("@")
    return Path(path).is_file() and (not folder or Path(folder).is_dir())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="SQUAD.json or QUESTIONS.jsonl@CORPUS_FOLDER")
    parser.add_argument("--failures", action="store_true", help="list wrong and missed answers")
    args = parser.parse_args(argv)
    specs = args.sets or [spec for spec in DEV_SETS if _available(spec)]
    if not specs:
        print("no development set found; name one: SQUAD.json or QUESTIONS.jsonl@FOLDER")
        return 2
    for spec in specs:
        report = measure(spec)
        print(format_table(report))
        print()
        if args.failures:
            print(format_failures(report))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
