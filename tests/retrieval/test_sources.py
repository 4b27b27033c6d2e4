"""The names readers know sources by, and what each source contributes to a corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from retrieval.corpus import Document
from retrieval.sources import SourceSummary, source_name, summarize


@pytest.mark.parametrize(
    ("source", "url", "name"),
    [
        ("alriyadh", None, "الرياض"),
        ("ALRIYADH ", None, "الرياض"),
        ("3alyoum", "http://www.3alyoum.com/x", "عين اليوم"),
        ("arreyadiyah", None, "الرياضية"),  # the upstream README's spelling
        ("الشرق الأوسط", None, "الشرق الأوسط"),  # a name already: kept
        ("unknown-wire", None, "unknown-wire"),
        (None, "http://www.okaz.com.sa/new/1.htm", "عكاظ"),  # no source: the link's host
        (None, "https://unknown.example/a", None),
        (None, None, None),
    ],
)
def test_source_names(source: str | None, url: str | None, name: str | None) -> None:
    assert source_name(source, url) == name


def document(source: str | None, day: date | None, number: int) -> Document:
    return Document(f"d{number}", "عنوان", Path("a.json"), (), source=source, published=day)


def test_summaries_count_articles_and_span_their_dates_largest_source_first() -> None:
    documents = [
        document("okaz", date(2015, 7, 25), 1),
        document("alriyadh", None, 2),
        document("alriyadh", date(2015, 8, 11), 3),
        document("alriyadh", date(2015, 7, 21), 4),
        document(None, None, 5),
        document("was", None, 6),
    ]
    assert summarize(documents) == [
        SourceSummary("الرياض", 3, date(2015, 7, 21), date(2015, 8, 11)),
        SourceSummary("عكاظ", 1, date(2015, 7, 25), date(2015, 7, 25)),
        SourceSummary("واس", 1, None, None),
        SourceSummary(None, 1, None, None),
    ]
