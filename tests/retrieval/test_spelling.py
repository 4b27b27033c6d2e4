"""Typos in questions: an unseen word read as the nearest word the corpus has."""

from __future__ import annotations

import pytest

from retrieval.spelling import correct
from retrieval.terms import analyze

# How many sentences hold each stem, as an index would say.
KNOWN = {"سرط": 40, "متلازم": 5, "قايد": 7, "قاد": 30, "جنس": 12, "اسكندر": 3, "اكبر": 50}


def frequency(term: str) -> int:
    return KNOWN.get(term, 0)


def word(text: str):
    [only] = analyze(text)
    return only


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("بالصرطان", ["سرط"]),  # ص for س, edited in the stem (سرطان stems to سرط)
        ("متلازكة", ["متلازم"]),  # any single edit in a long stem
        ("حنس", ["جنس"]),  # ح for ج in a short word
        ("الاسكندرالاكبر", ["اسكندر", "اكبر"]),  # two words run together
    ],
)
def test_an_unseen_word_is_read_as_the_known_one(typed, read_as):
    correction = correct(word(typed), frequency)
    assert correction is not None
    assert [w.terms[0] for w in correction.words] == read_as


def test_a_typo_of_a_stopword_is_dropped():
    correction = correct(word("اللتى"), frequency)
    assert correction is not None
    assert correction.words == ()


def test_a_known_word_is_left_alone():
    assert correct(word("السرطان"), frequency) is None


def test_an_unseen_name_with_no_near_neighbour_stays_unseen():
    assert correct(word("خاشقجي"), frequency) is None


def test_short_stems_only_swap_confusable_letters():
    # «بالجيكيا» stems to «جيك»; «جيش» (army) is one edit away, but ك and ش are not letters
    # typists confuse, and three-letter stems have too many neighbours for any edit.
    assert correct(word("بالجيكيا"), lambda term: 100 if term == "جيش" else 0) is None


def test_a_pasted_run_of_letters_is_not_corrected() -> None:
    assert correct(word("ب" * 4000), frequency) is None
