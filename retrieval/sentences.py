"""Splitting a paragraph of Arabic news into sentences.

A sentence ends at ``.``, ``!``, ``?``, ``؟`` or ``۔`` (and the paragraph ends at a line break), but
not:
- at a decimal point (3.5) or inside a URL, e-mail address or domain name;
- at a run of two or more dots (the ".." of headlines), which joins rather than ends;
- after a one-letter abbreviation (د. for doctor, U.S.);
- inside a quotation that closes later in the same paragraph, so a quote that runs on after a
  full stop stays whole. A quotation mark that never closes is ignored, so one stray mark cannot
  glue a whole paragraph together.
Closing quotes and brackets right after the terminator stay with their sentence.

Two caps keep the work per sentence bounded whatever a scraped page looks like (a page that lost
its full stops is one "sentence" of 200 KB, and every answer drawn from it would cost time growing
with its length): a line longer than ``MAX_LINE_CHARS`` is read as consecutive paragraphs of at
most that length, and a sentence longer than ``MAX_SENTENCE_CHARS`` is split into pieces of at most
that length. Both cut after the last comma, else at the last space, in the second half of the
allowed length; only text with neither is cut at the limit itself, mid-word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.letters import SENTENCE_TERMINATORS

_TERMINATORS = SENTENCE_TERMINATORS
_OPENING_QUOTES = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u2018": "\u2019"}
_SYMMETRIC_QUOTES = frozenset('"')
_CLOSERS = "\"'\u201d\u00bb\u2019)]}"
_TERMINATOR = re.compile("[" + re.escape(_TERMINATORS) + "]")
_QUOTE_MARK = re.compile(
    "["
    + re.escape("".join(_OPENING_QUOTES) + "".join(_OPENING_QUOTES.values()))
    + re.escape("".join(_SYMMETRIC_QUOTES))
    + "]"
)
# 99.9% of the 265,000 sentences of the 31,000-article archive are under 1,400 characters, and its
# longest line is 20,110 characters: neither cap changes a sentence of ordinary news.
MAX_SENTENCE_CHARS = 2_000
MAX_LINE_CHARS = 25_000
# Marks after which a capped sentence is preferably cut: Arabic and Latin commas and semicolons.
_CLAUSE_ENDS = "\u060c,\u061b;"
_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+"  # URLs
    # e-mail addresses; the lookbehind starts a match only where an address can begin, which
    # keeps a long run of letters without spaces linear instead of quadratic
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    # bare domains such as t.me/channel; a match starts only where a dotted run of labels begins
    # and each label is taken whole (possessive), so «a-a-a-…» or «1.1.1.…» costs linear time
    r"|(?<![\w-])(?<![\w-]\.)\b[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*"
    r"\.(?:com|org|net|me|io|info|gov|edu|int|ru|tv|news)\b(?:/\S*)?"
)

# What any match of _PROTECTED contains: a scheme, «www.», «@» or a dot before a listed domain.
_PROTECTED_SIGNAL = re.compile(r"://|www\.|@|\.(?:com|org|net|me|io|info|gov|edu|int|ru|tv|news)\b")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence as a slice of its paragraph: ``paragraph[start:end]``."""

    start: int
    end: int


def split_paragraph(
    paragraph: str,
    *,
    max_sentence_chars: int = MAX_SENTENCE_CHARS,
    max_line_chars: int = MAX_LINE_CHARS,
) -> list[str]:
    """The sentences of one paragraph (a line), trimmed, in order; empty pieces dropped."""
    spans = sentence_spans(
        paragraph, max_sentence_chars=max_sentence_chars, max_line_chars=max_line_chars
    )
    return [paragraph[span.start : span.end] for span in spans]


def sentence_spans(
    paragraph: str,
    *,
    max_sentence_chars: int = MAX_SENTENCE_CHARS,
    max_line_chars: int = MAX_LINE_CHARS,
) -> list[Span]:
    """Where the sentences of a paragraph lie, trimmed of surrounding white space.

    No span is longer than ``max_sentence_chars``; a paragraph longer than ``max_line_chars`` is
    split as consecutive paragraphs of at most that length.
    """
    spans: list[Span] = []
    for part in capped_spans(paragraph, Span(0, len(paragraph)), max_line_chars):
        for sentence in _uncapped_spans(paragraph[part.start : part.end]):
            whole = Span(part.start + sentence.start, part.start + sentence.end)
            spans.extend(capped_spans(paragraph, whole, max_sentence_chars))
    return spans


def capped_spans(text: str, span: Span, max_chars: int) -> list[Span]:
    """``span`` of ``text`` cut into trimmed pieces of at most ``max_chars`` characters.

    Each cut falls after the last comma or semicolon in the second half of the allowed length,
    else at the last white space there, else at the limit itself.
    """
    pieces: list[Span] = []
    start, end = span.start, span.end
    while end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        _append_trimmed(pieces, text, start, cut)
        start = cut
    _append_trimmed(pieces, text, start, end)
    return pieces


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:]`` so that the first piece ends at or before ``limit``."""
    earliest = start + (limit - start) // 2
    clause = max(text.rfind(mark, earliest, limit) for mark in _CLAUSE_ENDS)
    if clause != -1:
        return clause + 1
    for i in range(limit, earliest, -1):
        if text[i].isspace():
            return i
    return limit


def _uncapped_spans(paragraph: str) -> list[Span]:
    """The sentences of a paragraph as its punctuation marks them, however long."""
    spans: list[Span] = []
    length = len(paragraph)
    # Only terminators can end a sentence: jump from one to the next (most paragraphs have a
    # few in hundreds of characters) rather than visiting every character.
    marks = [match.start() for match in _TERMINATOR.finditer(paragraph)]
    if not marks:
        _append_trimmed(spans, paragraph, 0, length)
        return spans
    quiet = _quiet_ranges(paragraph)
    start = 0
    for i in marks:
        if i < start or quiet[i] or not _ends_sentence(paragraph, i):
            continue
        end = i + 1
        while end < length and paragraph[end] in _TERMINATORS:
            end += 1
        while end < length and paragraph[end] in _CLOSERS:
            end += 1
        _append_trimmed(spans, paragraph, start, end)
        start = end
    _append_trimmed(spans, paragraph, start, length)
    return spans


def _ends_sentence(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if text[i] == ".":
        if before.isdigit() and after.isdigit():
            return False  # a decimal number
        if before == "." or after == ".":
            return False  # "..": a joining ellipsis, never a break
        if _is_one_letter_abbreviation(text, i):
            return False
    return True


def _is_one_letter_abbreviation(text: str, i: int) -> bool:
    """Whether the '.' at i closes a one-letter word such as د. or the U. of U.S."""
    if i == 0 or not text[i - 1].isalpha():
        return False
    return i == 1 or not text[i - 2].isalpha()


def _quiet_ranges(paragraph: str) -> bytearray:
    """For each character, whether a terminator there is shielded (quote, URL, number)."""
    quiet = bytearray(len(paragraph))
    # Every protected match holds one of these; most paragraphs hold none, and searching for
    # them is far cheaper than trying the protected pattern at every position.
    signals = _PROTECTED_SIGNAL.search(paragraph) is not None
    for match in _PROTECTED.finditer(paragraph) if signals else ():
        quiet[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for open_at, close_at in _balanced_quotes(paragraph):
        # The terminator right before the closing quote ends the quote, and may end the sentence
        # too; whether it does is decided by what follows the quote, so only the inside is quiet.
        if close_at - 1 > open_at + 1:
            quiet[open_at + 1 : close_at - 1] = b"\x01" * (close_at - 2 - open_at)
    return quiet


def _balanced_quotes(paragraph: str) -> list[tuple[int, int]]:
    """Outermost quotation spans (opening index, closing index) that close in this paragraph."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    # Only quotation marks open or close a quote: visit those alone.
    for match in _QUOTE_MARK.finditer(paragraph):
        i, char = match.start(), match.group()
        if stack and char == stack[-1][1]:
            open_at, _ = stack.pop()
            if not stack:
                pairs.append((open_at, i))
        elif char in _OPENING_QUOTES:
            stack.append((i, _OPENING_QUOTES[char]))
        elif char in _SYMMETRIC_QUOTES:
            stack.append((i, char))
    return pairs


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))
