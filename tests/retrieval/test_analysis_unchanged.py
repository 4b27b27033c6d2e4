"""The faster normalize/analyze give exactly what the straightforward versions gave.

The reference functions below are the original implementations, kept here so that any later
speed-up is checked against them on real sentences and on generated text.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pyarabic.araby import strip_diacritics, strip_tatweel

from retrieval import normalize as fast
from retrieval.corpus import load_corpus
from retrieval.glued import unglue
from retrieval.stopwords import is_stopword
from retrieval.terms import WordTerms, _month_phrases, analyze, word_terms
from tests.support.paths import SEEDS

_REFERENCE_LETTERS = str.maketrans(
    {
        "\u0649": "\u064a", "\u0629": "\u0647", "\u0624": "\u0648", "\u0626": "\u064a",
        "\u06cc": "\u064a", "\u06d2": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647",
        "\u06d5": "\u0647",
    }
)  # fmt: skip
_REFERENCE_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_REFERENCE_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\d+(?:[.,\u066b]\d+)*|[^\W\d_]+|\d+")


def reference_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = fast.strip_invisible(text)
    text = fast.replace_control_characters(text)
    text = strip_diacritics(text)
    text = strip_tatweel(text)
    text = fast.unify_alef(text)
    text = text.translate(_REFERENCE_LETTERS)
    text = text.translate(_REFERENCE_DIGITS)
    text = fast.strip_punctuation(text)
    text = text.lower()
    return _REFERENCE_SPACES.sub(" ", text).strip()


def reference_analyze(text: str) -> tuple[WordTerms, ...]:
    phrases = _month_phrases()
    tokens = _WORD.findall(reference_normalize(text))
    result: list[WordTerms] = []
    i = 0
    while i < len(tokens):
        two = tuple(tokens[i : i + 2])
        if len(two) == 2 and two in phrases:
            result.append(WordTerms(" ".join(two), (phrases[two],)))
            i += 2
            continue
        i += 1
        for token in unglue(tokens[i - 1]):
            if (token,) in phrases:
                result.append(WordTerms(token, (phrases[(token,)],)))
            elif not is_stopword(token):
                result.append(WordTerms(token, word_terms(token)))
    return tuple(result)


def _seed_sentences() -> list[str]:
    corpus = load_corpus(SEEDS)
    return [sentence.text for document in corpus.documents for sentence in document.sentences]


def test_seed_sentences_analyze_as_before() -> None:
    for text in _seed_sentences():
        assert fast.normalize(text) == reference_normalize(text)
        assert analyze(text) == reference_analyze(text)


def test_month_names_and_vowelled_text_analyze_as_before() -> None:
    for text in (
        "في أيلول/سبتمبر وتشرين الأول ٢٠٢٣، و آب",
        "اتَّفَقَ الرَّئِيسانِ في كانون الثاني على هُدْنَةٍ إنسانيّةٍ ــ ٣٫٥ مليون",
        "ی ے ک ہ ە ى ة ؤ ئ ۱۲۳ ﻻ ﷲ",
    ):
        assert analyze(text) == reference_analyze(text)


_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0600, 0x0700)]
    + list(' \t\n\u00a0\u2003.,؛،?!؟-_"«»()0123456789abcXYZ\u200f\ufefb\ufdf2\u0640')
)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_generated_text_normalizes_and_analyzes_as_before(text: str) -> None:
    assert fast.normalize(text) == reference_normalize(text)
    assert analyze(text) == reference_analyze(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_normalizes_as_before(text: str) -> None:
    assert fast.normalize(text) == reference_normalize(text)
