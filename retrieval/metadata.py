"""An article's source, date, link and author, as read from a record or a ``.txt`` file, cleaned.

Archives hold these as scraped: authors with HTML entities (``&nbsp;``), bidi embeddings and
stray spaces, links that are not web addresses, dates in many forms. Each value is cleaned here
once, so every front end can trust what it gets: text without control characters or runs of
spaces, at most ``MAX_FIELD_CHARS`` long; a link only if it is an ``http``/``https`` address
(anything else, a ``javascript:`` link say, is dropped: links end up in Telegram messages); a
date only if ``retrieval.dates`` can read it.

A ``.txt`` article may start with a header block of ``name: value`` lines naming its link, date,
source and author, with the names of ``retrieval.fields`` (``url: https://…``, ``date:
2015-07-21``, ``source: الرياض``, ``author: …``), before its title:

    url: https://www.alriyadh.com/1234
    date: 2015-07-21
    source: alriyadh

    عنوان الخبر
    …

And a publication line in the article («تاريخ النشر: 1st, March 2024 GMT») gives its date when
nothing else does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from retrieval.dates import parse_date
from retrieval.fields import FieldMap
from retrieval.normalize import normalize, strip_invisible

# Longer values are cut: an author line or a source name is a few words, and these are shown.
MAX_FIELD_CHARS = 300
MAX_URL_CHARS = 2048
# The fields a header block may name: the article's metadata (its title is its first line).
HEADER_FIELDS = ("url", "date", "source", "author")
# Lines that give an article's publication date: «تاريخ النشر: …». Also page furniture
# (``retrieval.boilerplate`` leaves them out of the sentences).
PUBLICATION_DATE_LABELS = ("تاريخ النشر",)
_WEB_SCHEMES = frozenset({"http", "https"})
_HEADER_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_. -]*?)\s*:\s*(.*?)\s*$")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")
# ASCII characters a URL may not hold as they are (RFC 3986 keeps them out): they are
# percent-encoded; everything else, Arabic letters included, is kept as written.
_URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}]')


@dataclass(frozen=True, slots=True)
class Metadata:
    """Where an article comes from; None when unknown."""

    source: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None


def metadata(picked: Mapping[str, object]) -> Metadata:
    """The cleaned metadata of fields picked by a ``FieldMap`` (absent or unusable ones: None)."""
    raw_date = picked.get("date")
    return Metadata(
        source=clean_text(picked.get("source")),
        published=parse_date(raw_date) if isinstance(raw_date, str) else None,
        url=clean_url(picked.get("url")),
        author=clean_text(picked.get("author")),
    )


def clean_text(value: object, *, max_chars: int | None = MAX_FIELD_CHARS) -> str | None:
    """A one-line text value: entities decoded, zero-width and bidi control characters dropped,
    control characters and runs of spaces made one space, cut to ``max_chars`` (None: not cut);
    None when it is not text or is empty."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = " ".join(_CONTROL.sub(" ", strip_invisible(html.unescape(str(value)))).split())
    return text[:max_chars] or None


def clean_url(value: object) -> str | None:
    """An ``http``/``https`` address with a host, spaces and quotes percent-encoded; else None."""
    if not isinstance(value, str):
        return None
    url = _URL_UNSAFE.sub(lambda unsafe: quote(unsafe[0]), _CONTROL.sub("", value.strip()))
    if len(url) > MAX_URL_CHARS:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return None
    return url


def split_header(lines: Sequence[str], fields: FieldMap) -> tuple[dict[str, str], int]:
    """The header block at the top of an article's lines: each field it names (by the names of
    ``fields``) with its value, and how many lines it spans (0 when there is none).

    The block is the run of ``name: value`` lines that starts at the first non-blank line, each
    naming one of ``HEADER_FIELDS``; it ends at the first line that is not one.
    """
    names = {name.lower(): field for field in HEADER_FIELDS for name in fields.names_of(field)}
    found: dict[str, str] = {}
    at = 0
    while at < len(lines) and not lines[at].strip():
        at += 1
    start = at
    while at < len(lines):
        line = _HEADER_LINE.match(lines[at])
        field = names.get(line[1].lower()) if line is not None else None
        if line is None or field is None:
            break
        if line[2] and field not in found:
            found[field] = line[2]
        at += 1
    return (found, at) if at > start else ({}, 0)


def publication_date(line: str) -> date | None:
    """The date of a publication line («تاريخ النشر: 21 يوليو 2015»), else None."""
    text = normalize(line)
    for label in PUBLICATION_DATE_LABELS:
        if text == normalize(label) or text.startswith(normalize(label) + " "):
            _, colon, value = line.partition(":")
            return parse_date(value if colon else " ".join(line.split()[len(label.split()) :]))
    return None
