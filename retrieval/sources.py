"""The newspapers and agencies a corpus comes from: the names readers know them by, and what each
contributes (how many articles, over which dates).

Archives name their sources as they were scraped: SaudiNewsNet writes ``alriyadh`` for «الرياض»
and its links say ``www.alriyadh.com``. ``source_name`` gives the reader's name for a source
slug or a web host it knows (``KNOWN_SOURCES``), and the source as written otherwise; an article
with no source field is named by its link's host when that is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from retrieval.corpus import Document

# (names an archive may use: slugs and web hosts without «www.», the name readers know).
# SaudiNewsNet's fourteen sources, each with its slug and host.
KNOWN_SOURCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("alriyadh", "alriyadh.com"), "الرياض"),
    (("aljazirah", "al-jazirah.com"), "الجزيرة"),
    (("alyaum", "alyaum.com"), "اليوم"),
    (("aleqtisadiya", "aleqt.com"), "الاقتصادية"),
    (("aawsat", "aawsat.com"), "الشرق الأوسط"),
    (("okaz", "okaz.com.sa"), "عكاظ"),
    (("alwatan", "alwatan.com.sa"), "الوطن"),
    (("almadina", "al-madina.com"), "المدينة"),
    (("alweeam", "alweeam.com.sa"), "الوئام"),
    (("3alyoum", "3alyoum.com"), "عين اليوم"),
    (("sabq", "sabq.org"), "سبق"),
    (("was", "spa.gov.sa"), "واس"),
    (("arreyadi", "arreyadi.com.sa"), "الرياضي"),
    (("arriyadiyah", "arreyadiyah", "arriyadiyah.com"), "الرياضية"),
)
_NAMES = {alias: name for aliases, name in KNOWN_SOURCES for alias in aliases}


def source_name(source: str | None, url: str | None = None) -> str | None:
    """The name readers know the source by; None when neither it nor its link's host is known."""
    if source:
        return _NAMES.get(source.strip().lower(), source)
    if url:
        host = urlsplit(url).hostname or ""
        return _NAMES.get(host.removeprefix("www."))
    return None


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """One source of a corpus: its name (None: articles with no known source), how many
    articles it has, and the first and last of their dates (None when none is dated)."""

    name: str | None
    articles: int
    first: date | None
    last: date | None


def summarize(documents: Iterable[Document]) -> list[SourceSummary]:
    """Each source's summary, the one with the most articles first (ties by name); articles with
    no known source last."""
    counts: dict[str | None, int] = {}
    spans: dict[str | None, tuple[date, date]] = {}
    for document in documents:
        name = source_name(document.source, document.url)
        counts[name] = counts.get(name, 0) + 1
        day = document.published
        if day is not None:
            first, last = spans.get(name, (day, day))
            spans[name] = (min(first, day), max(last, day))
    order = sorted(counts, key=lambda name: (name is None, -counts[name], name or ""))
    return [SourceSummary(name, counts[name], *spans.get(name, (None, None))) for name in order]
