"""What a reader needs to check an answer, in words: the paper and the date, the other papers that
printed the same sentence, a relative answer's date, and the list of sources.

Pure functions from engine results to plain text (``bot.wording`` phrases them), shared by the
Telegram formatter (which escapes and links them) and the terminal; no telegram import here.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from retrieval.corpus import Document
from retrieval.dates import format_date
from retrieval.results import Hit
from retrieval.sources import source_name, summarize

# The other papers named under a hit: the SaudiNewsNet archive has 14 sources, so 13 at most.
MAX_OTHER_PAPERS = 13
# An article with no known source is named by its title, this long at most.
MAX_UNNAMED_TITLE_CHARS = 60
# Articles with no known source are listed one by one in /sources up to this many.
MAX_LISTED_ARTICLES = 20
MORE = "…"


def lead(hit: Hit) -> str:
    """«الرياض، 2 أغسطس 2015»: the hit's paper and date, whichever are known."""
    day = format_date(hit.published) if hit.published is not None else None
    return wording.source_and_date(source_name(hit.source, hit.url), day)


def other_papers(hit: Hit) -> list[str]:
    """The names of the other papers that carry the hit's sentence, each once, in order; an
    article with no known source is named by its title; never the hit's own paper."""
    own = source_name(hit.source, hit.url)
    names: list[str] = []
    for reprint in hit.also:
        name = source_name(reprint.source, reprint.url) or _short(reprint.title)
        if name != own and name not in names:
            names.append(name)
    if len(names) > MAX_OTHER_PAPERS:
        return [*names[:MAX_OTHER_PAPERS], MORE]
    return names


def short_answer(hit: Hit) -> str | None:
    """The hit's short answer, with the date it means when it is relative: «أمس (2 أغسطس 2015)»."""
    if not hit.answer:
        return None
    if hit.answer_date is None:
        return hit.answer
    return wording.dated_answer(hit.answer, format_date(hit.answer_date))


def source_lines(documents: Sequence[Document]) -> list[str]:
    """The /sources list: each paper with its number of articles and their dates; articles with
    no known source listed by title (and date) when there are few, else counted."""
    lines = []
    for summary in summarize(documents):
        if summary.name is None and summary.articles <= MAX_LISTED_ARTICLES:
            lines += [_article_line(d) for d in documents if source_name(d.source, d.url) is None]
            continue
        span = None
        if summary.first is not None and summary.last is not None:
            span = wording.date_span(format_date(summary.first), format_date(summary.last))
        lines.append(wording.source_summary(summary.name, summary.articles, span))
    return lines


def _article_line(document: Document) -> str:
    day = format_date(document.published) if document.published is not None else ""
    return wording.titled(day, document.title)


def _short(title: str) -> str:
    if len(title) <= MAX_UNNAMED_TITLE_CHARS:
        return title
    return title[: MAX_UNNAMED_TITLE_CHARS - 1].rstrip() + MORE
