"""Inline mode: the results offered for «@bot question» typed in any chat.

Each hit is one result: its title is the short answer (or the start of the snippet), its
description the citation, and choosing it sends the question with that hit, formatted as a reply
is. A query with nothing to answer (empty, small talk, another language, not found, the index
still loading, over the rate limit, a user not allowed) gets one result that says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions
from telegram.constants import ParseMode

from bot.format import citation_text, format_inline_answer, inline_title, plain
from retrieval.results import Hit

# The most results offered for one query.
INLINE_RESULTS = 5
# Seconds Telegram may keep the results of a query and show them again without asking.
INLINE_CACHE_SECONDS = 300


def hit_results(question: str, hits: Sequence[Hit]) -> list[InlineQueryResultArticle]:
    """One result per hit, at most ``INLINE_RESULTS``."""
    return [
        InlineQueryResultArticle(
            id=_result_id(f"{hit.doc_id}\0{hit.sentence}"),
            title=inline_title(hit),
            description=citation_text(hit),
            input_message_content=_html(format_inline_answer(question, hit)),
        )
        for hit in hits[:INLINE_RESULTS]
    ]


def note_result(
    title: str, message: str, description: str | None = None
) -> InlineQueryResultArticle:
    """The one result of a query with no answer: ``title``, and ``message`` (a line of
    ``bot.wording``) sent when it is chosen."""
    return InlineQueryResultArticle(
        id=_result_id(f"note\0{title}"),
        title=title,
        description=description,
        input_message_content=_html(plain(message)),
    )


def _html(text: str) -> InputTextMessageContent:
    return InputTextMessageContent(
        text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )


def _result_id(key: str) -> str:
    """A result id (at most 64 bytes) unique to ``key``."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
