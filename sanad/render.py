"""Plain-text rendering of answers for the terminal, in the bot's wording.

``render_answer`` takes a ``bold`` function so the caller decides how highlighted words look:
ANSI bold on a terminal, unchanged text in a pipe.

Corpus text is shown through ``terminal_safe``: an article may hold terminal escape sequences
(clear the screen, set the window title, write the clipboard), and a terminal obeys them when they
are printed raw. Every control character is shown as U+FFFD instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from bot import citations, wording
from retrieval.corpus import Corpus
from retrieval.eval_runner import EvalRun
from retrieval.evaluation import ConversationReport
from retrieval.highlight import highlight_spans, segments
from retrieval.results import Answer, Hit

ANSI_BOLD = "\033[1m"
ANSI_RESET = "\033[0m"
# C0 controls (ESC, BEL, …), DEL and C1 controls (CSI, OSC, …): what a terminal may act on.
_TERMINAL_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], "\ufffd")


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as U+FFFD, so a terminal cannot act on it."""
    return text.translate(_TERMINAL_CONTROLS)


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
        bold(terminal_safe(piece)) if marked else terminal_safe(piece)
        for piece, marked in segments(hit.snippet, spans)
    )


def render_answer(answer: Answer, *, bold: Callable[[str], str] = plain, hint: str) -> str:
    """An answer as a person reads it: short answer, quoted snippets with citations, or a no.

    Each citation gives the paper and date and the title, then the article's link, the other
    papers that printed the sentence, and the article's id and sentence number, one a line.
    """
    if not answer.found:
        return f"{wording.NOT_FOUND}\n{hint}"
    lines = []
    short = citations.short_answer(answer.hits[0])
    if short:
        lines += [f"{wording.ANSWER_LABEL}: {bold(terminal_safe(short))}", ""]
    for hit in answer.hits:
        lines.append(f"[{hit.rank}] «{highlighted(hit, bold)}»")
        cited = [wording.titled(citations.lead(hit), hit.title)]
        if hit.url:
            cited.append(hit.url)
        others = citations.other_papers(hit)
        if others:
            cited.append(wording.also_published(others))
        cited.append(wording.reference(hit.doc_id, hit.sentence))
        lines += [f"    {terminal_safe(line)}" for line in cited]
    return "\n".join(lines)


def render_sources(corpus: Corpus) -> str:
    """Each paper with its number of articles and their dates (articles with no known source by
    title when they are few)."""
    lines = [wording.SOURCES_HEADER]
    lines += ["- " + terminal_safe(line) for line in citations.source_lines(corpus.documents)]
    return "\n".join(lines)


# (column title, EvalReport attribute) in the order the eval tables show them.
RETRIEVAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("top-1", "top1"),
    ("top-3", "top3"),
    ("top-10", "top10"),
    ("MRR", "mrr"),
    ("answerable declined", "answerable_declined"),
    ("unanswerable declined", "unanswerable_declined"),
)
LEAVE_OUT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("left-out declined", "removed_declined"),
    ("kept declined", "kept_declined"),
)
SHORT_ANSWER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("EM", "answer_em"),
    ("F1", "answer_f1"),
    ("F1 where given", "answer_f1_given"),
    ("given", "answer_given"),
    ("right where given", "answer_right_given"),
)


def render_eval_run(run: EvalRun) -> str:
    """Markdown tables of one question set: retrieval and saying no, short answers, and
    conversations."""
    lines = [f"## {run.name}", ""]
    if run.results:
        lines += _render_questions(run)
    if run.conversations is not None:
        lines += [*([""] if run.results else []), *_render_conversations(run.conversations)]
    for name, reason in run.skipped.items():
        lines += ["", f"{name}: left out ({reason})."]
    return "\n".join(lines)


def _render_questions(run: EvalRun) -> list[str]:
    first = next(iter(run.results.values()))
    report = first.report
    lines = [
        f"{report.questions} questions: {report.answerable} answerable, "
        f"{report.unanswerable} unanswerable, {report.with_gold_answer} with a gold short answer.",
        "",
    ]
    leave_out = first.leave_out
    # A set without unanswerable questions (SQuAD) has no figure for declining them.
    retrieval = tuple(
        column
        for column in RETRIEVAL_COLUMNS
        if report.unanswerable or column[1] != "unanswerable_declined"
    )
    lines += _table(
        retrieval + (LEAVE_OUT_COLUMNS if leave_out else ()),
        {
            name: [getattr(result.report, field) for _, field in retrieval]
            + ([getattr(result.leave_out, f) for _, f in LEAVE_OUT_COLUMNS] if leave_out else [])
            for name, result in run.results.items()
        },
    )
    if leave_out is not None:
        lines += [
            "",
            f"Leave-out check: {_count(leave_out.removed_articles, 'article')} removed; "
            f"{leave_out.removed_questions} of their questions should be declined, "
            f"{leave_out.kept_questions} others should not.",
        ]
    if report.with_gold_answer:
        lines += ["", "Short answers (top-1 hit):", ""]
        lines += _table(
            SHORT_ANSWER_COLUMNS,
            {
                name: [getattr(result.report, field) for _, field in SHORT_ANSWER_COLUMNS]
                for name, result in run.results.items()
            },
        )
    return lines


def _render_conversations(report: ConversationReport) -> list[str]:
    return [
        f"Conversations (sanad): {report.follow_ups} follow-ups, "
        f"{report.follow_ups_top1:.2f} answered from their gold sentence at top-1; "
        f"{report.topic_changes} topic changes, {report.topic_changes_handled:.2f} read as new "
        "questions and answered at top-1.",
    ]


def _table(columns: tuple[tuple[str, str], ...], rows: dict[str, list[float]]) -> list[str]:
    header = "| system | " + " | ".join(title for title, _ in columns) + " |"
    rule = "|---|" + "---:|" * len(columns)
    body = [
        f"| {name} | " + " | ".join(f"{value:.2f}" for value in values) + " |"
        for name, values in rows.items()
    ]
    return [header, rule, *body]


def eval_run_record(run: EvalRun) -> dict[str, object]:
    """One question set's figures as JSON-ready data."""
    return {
        "set": run.name,
        "conversations": asdict(run.conversations) if run.conversations else None,
        "systems": {
            name: {
                "report": asdict(result.report),
                "leave_out": asdict(result.leave_out) if result.leave_out else None,
            }
            for name, result in run.results.items()
        },
        "skipped": dict(run.skipped),
    }


def _count(number: int, noun: str) -> str:
    """«1 article», «19 articles»."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
