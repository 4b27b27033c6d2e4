"""Plain-text rendering of answers for the terminal, in the bot's wording.

``render_answer`` takes a ``bold`` function so the caller decides how highlighted words look:
ANSI bold on a terminal, unchanged text in a pipe.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import wording
from retrieval.answer import Answer, Hit
from retrieval.corpus import Corpus
from retrieval.evaluation import EvalReport
from retrieval.highlight import highlight_spans, segments

ANSI_BOLD = "\033[1m"
ANSI_RESET = "\033[0m"


def plain(text: str) -> str:
    """Leave text as it is (for pipes and files)."""
    return text


def ansi_bold(text: str) -> str:
    """Bold text on an ANSI terminal."""
    return f"{ANSI_BOLD}{text}{ANSI_RESET}"


def highlighted(hit: Hit, bold: Callable[[str], str]) -> str:
    """The hit's snippet with the question's matched words passed through ``bold``."""
    spans = highlight_spans(hit.snippet, hit.matched_terms)
    return "".join(
        bold(piece) if marked else piece for piece, marked in segments(hit.snippet, spans)
    )


def render_answer(answer: Answer, *, bold: Callable[[str], str] = plain, hint: str) -> str:
    """An answer as a person reads it: short answer, quoted snippets with citations, or a no."""
    if not answer.found:
        return f"{wording.NOT_FOUND}\n{hint}"
    lines = []
    short = answer.hits[0].answer
    if short:
        lines += [f"{wording.ANSWER_LABEL}: {bold(short)}", ""]
    for hit in answer.hits:
        lines.append(f"[{hit.rank}] «{highlighted(hit, bold)}»")
        lines.append(f"    {wording.citation(hit.title, hit.doc_id, hit.sentence)}")
    return "\n".join(lines)


def render_sources(corpus: Corpus) -> str:
    """Every document with its title and number of sentences."""
    lines = [wording.SOURCES_HEADER]
    for document in corpus.documents:
        lines.append(
            "- " + wording.source_line(document.title, document.doc_id, len(document.sentences))
        )
    return "\n".join(lines)


# (column title, EvalReport attribute) in the order the eval table shows them.
EVAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("top-1", "top1"),
    ("top-3", "top3"),
    ("MRR", "mrr"),
    ("no-answer accuracy", "no_answer_accuracy"),
    ("answer accuracy", "answer_accuracy"),
)


def render_eval_table(reports: dict[str, EvalReport]) -> str:
    """A markdown table with one row per system, figures to two decimals."""
    first = next(iter(reports.values()))
    header = "| system | " + " | ".join(title for title, _ in EVAL_COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(EVAL_COLUMNS)
    rows = [
        f"| {name} | "
        + " | ".join(f"{getattr(report, field):.2f}" for _, field in EVAL_COLUMNS)
        + " |"
        for name, report in reports.items()
    ]
    summary = (
        f"{first.questions} questions: {first.answerable} answerable, "
        f"{first.unanswerable} unanswerable, {first.with_gold_answer} with a gold short answer."
    )
    return "\n".join([header, rule, *rows, "", summary])
