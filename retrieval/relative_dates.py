"""The date a relative short answer means, given the article's date: «أمس» → the day before.

A short answer is cut verbatim from its sentence (``retrieval.extract``), so «أمس الخميس» is what
the paper wrote; a reader a week later needs the date it means. ``resolve`` reads answers made
only of day words (``retrieval.days``):

- a relative day, with what may come before it and a weekday after it: «أمس»، «مساء أمس»،
  «أول أمس»، «اليوم الجمعة»، «غدا»، «يوم أمس الأربعاء»;
- a weekday said to be past or next: «الإثنين الماضي» (the last Monday before the article's
  date), «يوم الخميس المقبل» (the first Thursday after it).

Anything else gives None: a bare weekday («يوم الأحد», past or coming depends on the verb), an
answer with other words («اليوم الوطني», «أمس 20 يوليو», which states its date already), and a
weekday that contradicts the relative day («أمس الخميس» in an article dated a Monday: the date
on record is then not the day it was written, and no date is better than a wrong one).
"""

from __future__ import annotations

from datetime import date, timedelta

from retrieval.days import (
    DAY_PARTS,
    DAY_PREPOSITIONS,
    NEXT_WORDS,
    PAST_WORDS,
    RELATIVE_DAYS,
    WEEKDAYS,
)
from retrieval.normalize import normalize

_DAYS_IN_WEEK = 7
# Normalized phrases as word tuples, longest first so «الليلة الماضية» wins over «الليلة».
_RELATIVE = sorted(
    ((tuple(normalize(phrase).split()), offset) for offset, phrase in RELATIVE_DAYS),
    key=lambda item: -len(item[0]),
)
_WEEKDAY = {normalize(name): number for number, name in WEEKDAYS}
_PAST = frozenset(normalize(word) for word in PAST_WORDS)
_NEXT = frozenset(normalize(word) for word in NEXT_WORDS)
_DAY_PARTS = frozenset(normalize(word) for word in (*DAY_PARTS, *DAY_PREPOSITIONS))
# Answers longer than this are sentences, not day expressions.
_MAX_WORDS = 8


def resolve(answer: str, published: date) -> date | None:
    """The date ``answer`` names, counted from ``published``; None when it names no one day."""
    words = normalize(answer).split()
    if not words or len(words) > _MAX_WORDS:
        return None
    at = 0
    while at < len(words) and words[at] in _DAY_PARTS and _relative_at(words, at) is None:
        at += 1
    relative = _relative_at(words, at)
    if relative is not None:
        offset, length = relative
        day = published + timedelta(days=offset)
        rest = words[at + length :]
        if not rest:
            return day
        if len(rest) == 1 and rest[0] in _WEEKDAY:
            return day if day.weekday() == _WEEKDAY[rest[0]] else None
        return None
    rest = words[at:]
    if len(rest) == 2 and rest[0] in _WEEKDAY:
        weekday = _WEEKDAY[rest[0]]
        if rest[1] in _PAST:
            back = (published.weekday() - weekday) % _DAYS_IN_WEEK or _DAYS_IN_WEEK
            return published - timedelta(days=back)
        if rest[1] in _NEXT:
            ahead = (weekday - published.weekday()) % _DAYS_IN_WEEK or _DAYS_IN_WEEK
            return published + timedelta(days=ahead)
    return None


def _relative_at(words: list[str], at: int) -> tuple[int, int] | None:
    """(offset in days, number of words) of the relative day phrase starting at ``at``."""
    for phrase, offset in _RELATIVE:
        if tuple(words[at : at + len(phrase)]) == phrase:
            return offset, len(phrase)
    return None
