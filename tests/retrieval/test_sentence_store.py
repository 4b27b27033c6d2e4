"""Sentences kept as one UTF-8 buffer: each made when read, equal to the tuple read from files."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.corpus import Sentence
from retrieval.sentence_store import SentenceStore

TEXTS = ["قال الوزير إن الهدنة صامدة.", "Ein Satz.", "وأضاف: «المحادثات مستمرة»."]
LINES = [3, 5, 5]


def store_of(texts: list[str], lines: list[int]) -> SentenceStore:
    encoded = [text.encode("utf-8") for text in texts]
    return SentenceStore(
        text=np.frombuffer(b"".join(encoded), dtype=np.uint8),
        ends=np.cumsum([len(data) for data in encoded], dtype=np.int64),
        lines=np.array(lines, dtype=np.int32),
    )


@pytest.fixture
def store() -> SentenceStore:
    return store_of(TEXTS, LINES)


def test_each_sentence_reads_back_as_written(store: SentenceStore) -> None:
    assert len(store) == 3
    assert [store.text_of(i) for i in range(3)] == TEXTS


def test_an_articles_sentences_are_numbered_from_one_with_their_lines(
    store: SentenceStore,
) -> None:
    sentences = store.sentences("doc", 1, 2)
    assert len(sentences) == 2
    assert list(sentences) == [Sentence("doc", 1, TEXTS[1], 5), Sentence("doc", 2, TEXTS[2], 5)]
    assert sentences[-1] == Sentence("doc", 2, TEXTS[2], 5)
    assert sentences[1:] == (Sentence("doc", 2, TEXTS[2], 5),)


def test_stored_sentences_equal_the_tuple_of_the_same_sentences(store: SentenceStore) -> None:
    stored = store.sentences("doc", 0, 3)
    read = tuple(
        Sentence("doc", n, text, line)
        for n, (text, line) in enumerate(zip(TEXTS, LINES, strict=True), 1)
    )
    assert stored == read
    assert read == stored  # either side first
    assert hash(stored) == hash(read)
    assert stored != read[:2]
    assert stored != (*read[:2], Sentence("doc", 3, "غير ذلك", 5))
    assert stored != "not sentences"


def test_an_index_past_the_end_raises_index_error(store: SentenceStore) -> None:
    sentences = store.sentences("doc", 0, 2)
    with pytest.raises(IndexError):
        sentences[2]
    with pytest.raises(IndexError):
        sentences[-3]
    with pytest.raises(IndexError):
        store.sentences("doc", 2, 2)


def test_an_article_without_sentences_is_an_empty_sequence(store: SentenceStore) -> None:
    empty = store.sentences("doc", 3, 0)
    assert len(empty) == 0
    assert list(empty) == []
    assert empty == ()


def test_a_byte_that_is_not_utf8_reads_as_a_replacement_character() -> None:
    store = store_of(TEXTS, LINES)
    damaged = store.text.copy()
    damaged[0] = 0xFF
    broken = SentenceStore(text=damaged, ends=store.ends, lines=store.lines)
    assert broken.text_of(0).startswith("\ufffd")
    assert broken.text_of(1) == TEXTS[1]
