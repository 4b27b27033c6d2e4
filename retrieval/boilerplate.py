"""Recognising the scraped-page furniture around an article, which is never an answer.

Lines are compared in normalized form (see ``retrieval.normalize``), so «إقرأ أيضاً» and
«اقرا ايضا» are one phrase. Three kinds of line are told apart:
- ``BOILERPLATE``: share buttons, comment forms, subscribe prompts, channel promos, keyword lists,
  "related articles", "back to top", and bare source or dateline lines;
- ``READ_ALSO_BLOCK``: a «إقرأ أيضاً» marker standing alone: everything after it is a different
  article pasted into the page, and is dropped;
- ``CONTENT``: everything else.
A read-also marker with a headline after it on the same line is a one-line teaser, so only that
line is ``BOILERPLATE``.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache

from retrieval.metadata import PUBLICATION_DATE_LABELS
from retrieval.normalize import normalize


class LineKind(Enum):
    CONTENT = "content"
    BOILERPLATE = "boilerplate"
    READ_ALSO_BLOCK = "read-also-block"


# Whole lines that are page furniture (compared after normalization).
_EXACT_LINES = (
    "شارك", "شارك المقال", "شارك الخبر", "مشاركه", "انشر", "طباعه", "نسخ الرابط", "share", "tweet",
    "فيسبوك", "تويتر", "واتساب", "تلغرام", "تيليجرام", "لينكدان", "البريد الالكتروني",
    "اترك ردا", "اترك رد", "اترك تعليقا", "اترك تعليق", "التعليق", "الاسم", "الموقع الالكتروني",
    "ارسال التعليق", "مقالات ذات صله", "اخبار ذات صله", "مواضيع ذات صله", "مقالات مشابهه",
    "زر الذهاب الي الاعلي", "العوده الي الاعلي", "اقرا المزيد", "المزيد",
)  # fmt: skip
# Line beginnings that mark furniture whatever follows.
_PREFIXES = (
    "كلمات دلاليه", "الكلمات الدلاليه", "الكلمات المفتاحيه", "وسوم", "tags",
    *PUBLICATION_DATE_LABELS, "تاريخ التحديث", "اخر تحديث", "لن يتم نشر عنوان بريدك",
    "الحقول الالزاميه", "احفظ اسمي",
    "متابعه اخبار", "تابعونا علي", "تابعنا علي", "تابعوا اخبار", "اشترك في النشره",
    "اشترك في القناه", "اشترك في قناتنا", "اشترك الان",
    "stay informed", "subscribe", "sign up", "follow us",
)  # fmt: skip
# A long line is classified by its normalized start: this many characters, as long as they
# normalize to at least _MIN_HEAD_TEXT characters, far more than any phrase or short line below.
_HEAD_CHARS = 100
_MIN_HEAD_TEXT = 40
# Labels some papers print before a line of tags with no colon («سمات البرازيل ريفالدو»): the
# line is furniture when it has no sentence punctuation, content when it reads as a sentence.
_BARE_TAG_LABELS = ("سمات",)
_SENTENCE_PUNCTUATION = re.compile(r"[.,:;!?\u060c\u061b\u061f]")
# «اقرأ المزيد» alone is a link label (an exact furniture line), not a pasted article.
_READ_ALSO = ("اقرا ايضا", "اقرا كذلك", "شاهد ايضا")
_SOURCE_LABELS = ("المصدر", "المصادر", "source", "مصدر")
# A line that is nothing but a link.
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
# "بروكسل-سانا", "موسكو - سبوتنيك": a dateline (place, dash, agency) on its own line.
_DATELINE = re.compile(r"^\s*[^\s\-–—]+(?:\s[^\s\-–—]+)?\s*[-–—]\s*[^\s\-–—]+(?:\s[^\s\-–—]+)?\s*$")
_MAX_SOURCE_LINE_WORDS = 6


def _normalized_head(line: str) -> str:
    """The normalized line, or only the normalized start of a long one: every rule here reads a
    line's first words (a furniture phrase, a label) or wants it short, and normalizing whole
    paragraphs was a third of reading an archive. A start that normalizes to little (a long run
    of marks or spaces) falls back to the whole line."""
    if len(line) <= _HEAD_CHARS:
        return normalize(line)
    head = normalize(line[:_HEAD_CHARS])
    return head if len(head) >= _MIN_HEAD_TEXT else normalize(line)


@cache
def _normalized(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize(phrase) for phrase in phrases)


def classify_line(line: str) -> LineKind:
    """Tell whether a line of a scraped article is content, furniture, or a read-also marker."""
    text = _normalized_head(line)
    if not text:
        return LineKind.BOILERPLATE
    for marker in _normalized(_READ_ALSO):
        if text == marker:
            return LineKind.READ_ALSO_BLOCK
        if text.startswith(marker + " "):
            return LineKind.BOILERPLATE
    if text in _normalized(_EXACT_LINES):
        return LineKind.BOILERPLATE
    if _prefix_pattern().match(text):
        return LineKind.BOILERPLATE
    if any(
        text.startswith(label + " ") for label in _normalized(_BARE_TAG_LABELS)
    ) and not _SENTENCE_PUNCTUATION.search(line):
        return LineKind.BOILERPLATE
    if _URL_ONLY.match(line) or _DATELINE.match(line):
        return LineKind.BOILERPLATE
    if _is_source_line(line):
        return LineKind.BOILERPLATE
    return LineKind.CONTENT


@cache
def _prefix_pattern() -> re.Pattern[str]:
    """A line that is one of _PREFIXES or starts with one and a space: one regex, as every line
    of every article is tested against all of them."""
    phrases = sorted(_normalized(_PREFIXES), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, phrases)) + r")(?: |\Z)")


def _is_source_line(line: str) -> bool:
    """«المصدر: سبوتنيك», «Source: RT»: a short labelled credit line."""
    label, colon, _ = line.partition(":")
    if not colon:
        return False
    return normalize(label) in _normalized(_SOURCE_LABELS) and (
        len(normalize(line).split()) <= _MAX_SOURCE_LINE_WORDS
    )
