"""Telegram HTML for everything the bot sends: pure functions from engine results to text.

Every piece of corpus or user text goes through ``html.escape``; the only tags are the ones written
here (``b``, ``i``, ``code``, ``blockquote``, and ``a`` for an article's link), always balanced.
A link's address is an ``http``/``https`` URL (``retrieval.metadata`` keeps no other), written
with non-ASCII characters percent-encoded and escaped as an attribute, so quotes and ``&`` in it
cannot break the markup; link previews are turned off where messages are sent. Citations name
the paper and the date and link the title (``bot.citations``); internal ids are left to
``sanad ask --json``. Latin runs in the bot's own Arabic lines (commands, chat ids, source names)
are wrapped in Unicode isolates (``bot.bidi``); quoted snippets are left as the article has them.
Every result fits one Telegram message: lengths are measured in UTF-16 code units of the HTML
source, which is never less than what Telegram counts, and long snippets are shortened with «…»
at a word boundary, outside any tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote, urlsplit, urlunsplit

from telegram.constants import MessageLimit

from bot import citations, wording
from bot.bidi import isolate_latin
from bot.state import Stats, Window
from retrieval.corpus import Document
from retrieval.highlight import Span, highlight_spans, segments
from retrieval.results import Hit

MAX_LENGTH: int = MessageLimit.MAX_TEXT_LENGTH
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
ELLIPSIS = "…"
# Caps for text that is not the point of a reply, so that hostile titles cannot crowd out the
# snippets: a title longer than this is shortened with «…».
MAX_TITLE_CHARS = 150
MAX_SHORT_ANSWER_CHARS = 200
# Longer links are left out (the title is shown without one): a link counts toward the message's
# length as this module measures it, and news article addresses are far shorter.
MAX_LINK_CHARS = 1000
# What percent-encoding leaves of a URL besides letters, digits and «_.-~»: its delimiters and the
# percent sign of what is encoded already.
_URL_DELIMITERS = "!#$%&'()*+,/:;=?@[]"
# A snippet is never shortened below this many characters; hits that do not fit with at least
# this much of their snippet are left for the «المزيد» button.
MIN_SNIPPET_CHARS = 60
# Inline results: the longest title shown for a hit without a short answer, and the longest
# question repeated at the head of the message a result sends.
MAX_INLINE_TITLE_CHARS = 80
MAX_INLINE_QUESTION_CHARS = 300
# The longest unanswered question /stats shows.
MAX_STATS_QUESTION_CHARS = 200


@dataclass(frozen=True, slots=True)
class Reply:
    """A formatted answer, and how many of the given hits it shows (the rest did not fit)."""

    text: str
    shown: int


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def escape(text: str) -> str:
    """``text`` safe inside Telegram HTML (``<``, ``>`` and ``&``; quotes need no escaping).

    A lone surrogate (possible in JSON from a client) cannot be sent; it becomes U+FFFD.
    """
    return html.escape(_LONE_SURROGATE.sub("\ufffd", text), quote=False)


def shorten(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, ending in «…» when cut."""
    if len(text) <= max_chars:
        return text
    return text[: _cut_point(text, max_chars - 1)].rstrip() + ELLIPSIS


def format_answer(
    hits: Sequence[Hit], *, continuation: bool = False, limit: int = MAX_LENGTH
) -> Reply:
    """The reply for ``hits``: the short answer in bold, then each hit quoted and cited.

    A continuation (the «المزيد» page) starts with a header instead of the short answer. As many
    hits are shown as fit in ``limit`` with at least ``MIN_SNIPPET_CHARS`` of their snippet;
    snippets are then shortened evenly until the whole reply fits. At least one hit is shown.
    """
    if not hits:
        raise ValueError("format_answer needs at least one hit; use format_not_found")
    lead = escape(wording.MORE_HEADER) if continuation else _short_answer(hits[0])
    quoted = [_QuotedHit.of(hit) for hit in hits]
    for count in range(len(quoted), 1, -1):
        if telegram_length(_render_answer(lead, quoted[:count], MIN_SNIPPET_CHARS)) <= limit:
            break
    else:
        count = 1
    shown = quoted[:count]
    longest = max(len(hit.hit.snippet) for hit in shown)
    text = _largest_fitting(partial(_render_answer, lead, shown), longest, limit)
    return Reply(text=text, shown=count)


def format_not_found() -> str:
    """The reply when the sources do not answer the question."""
    return _join([plain(wording.NOT_FOUND), plain(wording.NOT_FOUND_HINT)])


def format_welcome(documents: Sequence[Document], *, limit: int = MAX_LENGTH) -> str:
    """The /start message: who Sanad is, what it knows, and an example question."""
    head = _join([escape(wording.WELCOME), escape(wording.WELCOME_SOURCES)])
    tail = f"{escape(wording.TRY_EXAMPLE)}\n<code>{escape(wording.EXAMPLE_QUESTION)}</code>"
    return _with_lines(head, _source_lines(documents), tail, limit=limit)


def format_help() -> str:
    """The /help message: how to ask, in private and in groups, and the commands."""
    commands = "\n".join(
        plain(f"/{command} — {description}") for command, description in wording.COMMANDS
    )
    return _join(
        [
            plain(wording.HELP),
            plain(wording.HELP_GROUPS),
            f"{plain(wording.HELP_COMMANDS)}\n{commands}",
        ]
    )


def format_sources(documents: Sequence[Document], *, limit: int = MAX_LENGTH) -> str:
    """The /sources message: each paper with its number of articles and their dates (articles
    with no known source by title when they are few)."""
    return _with_lines(escape(wording.SOURCES_HEADER), _source_lines(documents), "", limit=limit)


def link(url: str | None) -> str | None:
    """``url`` as the value of an ``href`` attribute (escaped, quotes included), or None when
    there is none or it is too long to show."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        # An internationalized host is written in punycode; the rest is percent-encoded.
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except (ValueError, UnicodeError):
        return None
    netloc = parts.netloc.replace(host, ascii_host) if host else parts.netloc
    encoded = urlunsplit(
        (
            parts.scheme,
            quote(netloc, safe=_URL_DELIMITERS),
            quote(parts.path, safe=_URL_DELIMITERS),
            quote(parts.query, safe=_URL_DELIMITERS),
            quote(parts.fragment, safe=_URL_DELIMITERS),
        )
    )
    if len(encoded) > MAX_LINK_CHARS:
        return None
    return html.escape(encoded, quote=True)


def format_inline_answer(question: str, hit: Hit) -> str:
    """What an inline result sends into the chat: the question, then one hit as a reply has it."""
    head = (
        f"<i>{plain(wording.INLINE_QUESTION)}: "
        f"{escape(shorten(question, MAX_INLINE_QUESTION_CHARS))}</i>"
    )
    body = format_answer([hit], limit=MAX_LENGTH - telegram_length(head) - 2).text
    return _join([head, body])


def inline_title(hit: Hit) -> str:
    """An inline result's title: the short answer (with the date a relative one means), else the
    start of the snippet (plain text)."""
    return citations.short_answer(hit) or shorten(hit.snippet, MAX_INLINE_TITLE_CHARS)


def citation_text(hit: Hit) -> str:
    """Where ``hit`` comes from, as plain text: «الرياض، 2 أغسطس 2015 — title»."""
    return isolate_latin(wording.titled(citations.lead(hit), shorten(hit.title, MAX_TITLE_CHARS)))


def format_stats(stats: Stats | None) -> str:
    """The /stats message: questions in the last day and week, the share answered, reply times,
    and the unanswered questions asked most often (what the corpus lacks)."""
    if stats is None:
        return plain(wording.STATS_OFF)
    windows = "\n".join(
        plain(_window_line(label, window))
        for label, window in ((wording.LAST_DAY, stats.day), (wording.LAST_WEEK, stats.week))
    )
    unanswered = [
        plain(
            wording.stats_unanswered_line(
                rank, shorten(item.question, MAX_STATS_QUESTION_CHARS), item.times
            )
        )
        for rank, item in enumerate(stats.unanswered, start=1)
    ] or [plain(wording.STATS_UNANSWERED_NONE)]
    return _join(
        [
            f"<b>{plain(wording.STATS_HEADER)}</b>\n{windows}",
            "\n".join([plain(wording.stats_unanswered_header(stats.log_days)), *unanswered]),
        ]
    )


def _window_line(label: str, window: Window) -> str:
    return wording.stats_window(
        label, window.questions, window.answered, window.p50_ms, window.p95_ms
    )


def plain(text: str) -> str:
    """A line of the bot's own (``bot.wording``), as Telegram HTML, Latin runs isolated."""
    return escape(isolate_latin(text))


@dataclass(frozen=True, slots=True)
class _QuotedHit:
    """A hit with its highlight spans worked out once, renderable at any snippet length."""

    hit: Hit
    spans: tuple[Span, ...]
    # The citation, as HTML: paper and date, the title linked to the article, the other papers.
    citation: str

    @classmethod
    def of(cls, hit: Hit) -> _QuotedHit:
        title = plain(shorten(hit.title, MAX_TITLE_CHARS))
        href = link(hit.url)
        if href is not None:
            title = f'<a href="{href}">{title}</a>'
        citation = f"<i>{wording.titled(plain(citations.lead(hit)), title)}</i>"
        others = citations.other_papers(hit)
        if others:
            citation += f"\n<i>{plain(wording.also_published(others))}</i>"
        return cls(hit, highlight_spans(hit.snippet, hit.matched_terms), citation)

    def render(self, cap: int) -> str:
        """The quoted snippet, at most ``cap`` characters of it, and its citation."""
        snippet = self.hit.snippet
        end = _cut_point(snippet, cap)
        pieces = [
            f"<b>{escape(piece)}</b>" if marked else escape(piece)
            for piece, marked in segments(snippet[:end], self.spans)
        ]
        if end < len(snippet):
            pieces.append(ELLIPSIS)
        return f"<blockquote>{''.join(pieces)}</blockquote>\n{self.citation}"


def _render_answer(lead: str, quoted: Sequence[_QuotedHit], cap: int) -> str:
    return _join([lead, *(hit.render(cap) for hit in quoted)])


def _short_answer(hit: Hit) -> str:
    answer = citations.short_answer(hit)
    if answer is None:
        return ""
    shown = escape(shorten(answer, MAX_SHORT_ANSWER_CHARS))
    return f"<b>{escape(wording.ANSWER_LABEL)}: {shown}</b>"


def _source_lines(documents: Sequence[Document]) -> list[str]:
    return [
        f"• {plain(shorten(line, MAX_TITLE_CHARS + 40))}"
        for line in citations.source_lines(documents)
    ]


def _cut_point(text: str, cap: int) -> int:
    """Where to cut ``text`` to keep at most ``cap`` characters: after a word when one is near.

    Never decreases as ``cap`` grows, which lets ``_largest_fitting`` search it.
    """
    if len(text) <= cap:
        return len(text)
    space = text.rfind(" ", 0, cap + 1)
    return space if space >= cap / 2 else max(cap, 0)


def _largest_fitting(render: Callable[[int], str], longest: int, limit: int) -> str:
    """``render(cap)`` for the largest cap in 0..longest whose result fits ``limit``."""
    if telegram_length(full := render(longest)) <= limit:
        return full
    low, high = 0, longest  # render(low) is assumed to fit; render(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        if telegram_length(render(middle)) <= limit:
            low = middle
        else:
            high = middle
    return render(low)


def _with_lines(head: str, lines: Sequence[str], tail: str, *, limit: int) -> str:
    """``head``, as many ``lines`` as fit in ``limit``, a count of the rest, then ``tail``."""
    for count in range(len(lines), -1, -1):
        listed = list(lines[:count])
        if count < len(lines):
            listed.append(f"{escape(wording.MORE_SOURCES)} {len(lines) - count}…")
        text = _join(["\n".join([head, *listed]), tail])
        if telegram_length(text) <= limit:
            return text
    return _join([head, tail])


def _join(parts: Sequence[str]) -> str:
    return "\n\n".join(part for part in parts if part)
