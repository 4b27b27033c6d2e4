"""A strict checker for Telegram's HTML parse mode, for asserting on what the bot sends.

Telegram accepts a handful of tags, properly nested, and requires every ``<``, ``>`` and ``&``
outside a tag to be written as an entity; this checker reports anything else.
"""

from __future__ import annotations

import html
import re

TELEGRAM_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
_TOKEN = re.compile(r"(<[^<>]*>|&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);)")
_TAG = re.compile(r"^<(/?)([a-z-]+)(\s[^<>]*)?>$")


def html_problems(text: str, *, tags: frozenset[str] = TELEGRAM_TAGS) -> list[str]:
    """Everything that makes ``text`` invalid Telegram HTML (an empty list when valid)."""
    problems: list[str] = []
    open_tags: list[str] = []
    for index, piece in enumerate(_TOKEN.split(text)):
        if index % 2 == 0:
            for bare in sorted(set(piece) & {"<", ">", "&"}):
                problems.append(f"unescaped {bare!r} in text {piece[:40]!r}")
            continue
        if piece.startswith("&"):
            continue
        tag = _TAG.match(piece)
        if tag is None or tag.group(2) not in tags:
            problems.append(f"tag not allowed: {piece!r}")
            continue
        closing, name = tag.group(1), tag.group(2)
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            problems.append(f"unbalanced closing tag {piece!r}")
    problems.extend(f"unclosed tag <{name}>" for name in open_tags)
    return problems


def visible_text(text: str) -> str:
    """What the user reads: tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))
