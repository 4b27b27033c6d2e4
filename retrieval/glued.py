"""Words glued together by scraping: «القوقازوجاء» is «القوقاز» + «وجاء».

A scraped page often loses the space between a link's text and the paragraph after it, and in
news prose that paragraph very often opens with a conjunction and a reporting verb (وجاء، وقال،
وأضاف، وأكد…). So a token that ends with one of these openers, after at least
``MIN_LEFT_LETTERS`` letters, is read as two words. The list is closed and the opener must end
the token, so ordinary words are left whole.
"""

from __future__ import annotations

from functools import cache

from retrieval.normalize import normalize

OPENERS = (
    "وجاء", "وقال", "وقالت", "وأضاف", "وأضافت", "وأكد", "وأكدت", "وأشار", "وأشارت", "وأعلن",
    "وأعلنت", "وأوضح", "وأوضحت", "وذكر", "وذكرت", "وتابع", "وتابعت", "وشدد", "وشددت", "وكان",
    "وكانت", "وأفاد", "وأفادت", "وبحث",
)  # fmt: skip
MIN_LEFT_LETTERS = 3


@cache
def _normalized_openers() -> tuple[str, ...]:
    # Longest first, so وقالت is preferred over a shorter opener it ends with.
    return tuple(sorted({normalize(opener) for opener in OPENERS}, key=len, reverse=True))


def unglue(token: str) -> tuple[str, ...]:
    """A normalized token as the words it stands for: itself, or a glued pair split in two."""
    openers = _normalized_openers()
    if len(token) < MIN_LEFT_LETTERS + len(openers[-1]) or not token.endswith(openers):
        return (token,)
    for opener in openers:
        if token.endswith(opener) and len(token) - len(opener) >= MIN_LEFT_LETTERS:
            return (token[: -len(opener)], opener)
    return (token,)
