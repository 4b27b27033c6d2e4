"""Finding the words of a snippet that a question matched, for highlighting.

A snippet is split into raw words (runs of non-space characters, with surrounding punctuation
trimmed); a raw word is highlighted when one of its index terms is among the terms the question
matched. The result is character spans into the original snippet, so each front end can mark them
in its own way (HTML ``<b>``, terminal bold).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.terms import analyze

_RAW_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'“”«»()[]{}.,،؛;:!?؟…-–—/\\*"


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` is one highlighted word."""

    start: int
    end: int


def highlight_spans(snippet: str, matched_terms: Iterable[str]) -> tuple[Span, ...]:
    """Spans of the snippet's words whose terms are among ``matched_terms``, in order."""
    wanted = frozenset(matched_terms)
    if not wanted:
        return ()
    spans: list[Span] = []
    for match in _RAW_WORD.finditer(snippet):
        start, end = match.span()
        while start < end and snippet[start] in _EDGE_PUNCTUATION:
            start += 1
        while end > start and snippet[end - 1] in _EDGE_PUNCTUATION:
            end -= 1
        if start == end:
            continue
        if any(wanted.intersection(word.terms) for word in analyze(snippet[start:end])):
            spans.append(Span(start, end))
    return tuple(spans)


def segments(text: str, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """``text`` cut at ``spans``: (piece, highlighted) in order, spans clipped to the text's end.

    Front ends mark the highlighted pieces their own way; a text shortened before marking keeps
    the spans of its full version.
    """
    pieces: list[tuple[str, bool]] = []
    position = 0
    for span in spans:
        if span.start >= len(text):
            break
        end = min(span.end, len(text))
        pieces.append((text[position : span.start], False))
        pieces.append((text[span.start : end], True))
        position = end
    pieces.append((text[position:], False))
    return [(piece, marked) for piece, marked in pieces if piece]
