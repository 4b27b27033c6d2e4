"""Every text function stays fast on hostile input of 10k to 100k characters.

A regular expression that backtracks super-linearly holds the GIL, so one odd line in an article
or one pasted message would freeze the whole bot, reloads included. Each function gets inputs
built the way such regexes are defeated: one short unit repeated tens of thousands of times
(«a-a-a-…», «1.1.1.…», a whitespace run), after a word that starts a pattern and before one that
makes it fail at the very end. The bound is generous (1 s for what takes milliseconds when
linear), so this is not a timing test in disguise: a quadratic pattern takes tens of seconds here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.boilerplate import classify_line
from retrieval.corpus import parse_document
from retrieval.extract import extract_answer
from retrieval.highlight import highlight_spans
from retrieval.normalize import normalize
from retrieval.question import Question, analyze_question
from retrieval.question_type import QuestionType, counted_noun, question_type
from retrieval.sentences import split_paragraph
from retrieval.terms import analyze
from retrieval.time_expressions import read_century, read_date

BOUND_SECONDS = 1.0
MIN_LENGTH = 10_000
MAX_LENGTH = 100_000

# Words that start a pattern (a title, a day part, a month, a weekday, a URL) ...
LEADS = ["", "الرئيس", "اليوم", "أكتوبر", "الجمعة", "www.", "يوم 18"]
# ... units repeated between it and the end ...
UNITS = ["a-", "1.", "a.", " ", "\t", " ، ", "www.", "@a.", "a@", "«", '"', ".", "و ", "ـ"]
# ... or whole phrases the short-answer patterns look for, repeated (many candidates at once).
PHRASES = ["يوم 18 أكتوبر ", "الرئيس ", "الجمعة ، ", "بن ", "في مدينة سوتشي ", "44 يوما ", "منذ "]
# ... and an end that makes the pattern fail after all.
TAILS = ["", "x", "!", "السبت", ".com", "@"]


def asked(question: str, qtype: QuestionType) -> Question:
    """The question as the engine reads it, of the given type."""
    return replace(analyze_question(question), qtype=qtype)


TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "normalize": normalize,
    "split_paragraph": split_paragraph,
    "classify_line": classify_line,
    "analyze": analyze,
    "question_type": question_type,
    "counted_noun": counted_noun,
    "highlight_spans": lambda text: highlight_spans(text, ["رييس", "اكتوبر"]),
    "parse_document": lambda text: parse_document("doc", f"عنوان\n{text}", Path("doc.txt")),
    "read_date": read_date,
    "read_century": read_century,
}
# Short-answer extraction, one question of each family.
EXTRACTION_QUESTIONS = {
    QuestionType.TIME: "متى قال الرئيس بن",
    QuestionType.QUANTITY: "كم يوما",
    QuestionType.PLACE: "أين التقى الرئيس",
    QuestionType.PERSON: "من الرئيس",
}
TEXT_FUNCTIONS.update(
    {
        f"extract_{qtype}": partial(extract_answer, question=asked(question, qtype))
        for qtype, question in EXTRACTION_QUESTIONS.items()
    }
)


def hostile(lead: str, unit: str, length: int, tail: str) -> str:
    return lead + unit * (length // len(unit)) + tail


HOSTILE = st.builds(
    hostile,
    st.sampled_from(LEADS),
    st.sampled_from(UNITS + PHRASES),
    st.integers(MIN_LENGTH, MAX_LENGTH),
    st.sampled_from(TAILS),
)


def assert_fast(function: Callable[[str], object], text: str) -> None:
    started = time.perf_counter()
    function(text)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS, f"{elapsed:.1f} s on {text[:20]!r}… ({len(text)} characters)"


@pytest.mark.parametrize("name", sorted(TEXT_FUNCTIONS))
@settings(max_examples=12, deadline=None)
@given(text=HOSTILE)
# The inputs that froze the sentence splitter's domain branch (18.6 s at 40k characters).
@example(text=hostile("", "a-", 40_000, "x"))
@example(text=hostile("", "1.", 40_000, ""))
# Whitespace runs after a month, a day part, a time or a title, where «\s*،?\s*» backtracked.
@example(text=hostile("أكتوبر", " ", 40_000, "x"))
@example(text=hostile("اليوم", " ", 40_000, "x"))
@example(text=hostile("الجمعة", " ", 40_000, "السبت"))
@example(text=hostile("الرئيس", " ", 40_000, "! x"))
@example(text=hostile("", " ", 40_000, "x"))
# Many candidates in one long sentence (every one compared with every question word).
@example(text=hostile("", "يوم 18 أكتوبر ", 40_000, ""))
@example(text=hostile("", "الرئيس ", 40_000, ""))
@example(text=hostile("الرئيس فلان", "بن ", 40_000, "x"))
def test_text_functions_are_fast_on_hostile_input(name: str, text: str) -> None:
    assert_fast(TEXT_FUNCTIONS[name], text)
