"""The lexicon is the one home of question words: search and question typing read the same list."""

from __future__ import annotations

import pytest

from retrieval import lexicon
from retrieval.normalize import normalize
from retrieval.question import analyze_question
from retrieval.stopwords import is_stopword

QUESTION_WORDS = sorted(
    {word for _, listed in lexicon.QUESTION_WORDS for word in listed.split()}
    | set(lexicon.WHICH_WORDS.split())
)


@pytest.mark.parametrize("word", QUESTION_WORDS)
def test_every_question_word_is_a_stopword_for_search(word: str) -> None:
    assert is_stopword(normalize(word))


@pytest.mark.parametrize(
    "word", [w for _, listed in lexicon.QUESTION_WORDS for w in listed.split() if w != "من"]
)
def test_every_question_word_alone_gives_its_type(word: str) -> None:
    kinds = {normalize(w): kind for kind, listed in lexicon.QUESTION_WORDS for w in listed.split()}
    assert analyze_question(f"{word} المعرض؟").qtype is kinds[normalize(word)]


def test_fillers_and_question_words_do_not_overlap() -> None:
    fillers = {normalize(word) for word in lexicon.FILLER_WORDS.split()}
    asking = {normalize(word) for word in QUESTION_WORDS}
    assert not fillers & asking
