"""A scraped page that lost its full stops: one 200 KB line must not make answers slow."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from retrieval.engine import Engine
from retrieval.sentences import MAX_SENTENCE_CHARS

BOUND_SECONDS = 1.0  # it took 26-29 s per question before sentences were capped
PAGE = " ".join(
    ["التقى الرئيس الروسي فلاديمير بوتين نظيره الأرمني في مدينة سوتشي يوم 18 تشرين الأول"] * 2_400
)  # about 200 KB of UTF-8, without a single full stop


def test_a_page_without_full_stops_is_indexed_in_capped_sentences(
    make_corpus: Callable[[dict[str, str]], Path],
) -> None:
    engine = Engine.from_folder(make_corpus({"page.txt": f"صفحة\n{PAGE}\n"}), cache_dir=None)
    sentences = engine.corpus.documents[0].sentences
    assert len(sentences) > 100
    assert max(len(sentence.text) for sentence in sentences) <= MAX_SENTENCE_CHARS


def test_questions_against_a_page_without_full_stops_are_answered_quickly(
    make_corpus: Callable[[dict[str, str]], Path],
) -> None:
    engine = Engine.from_folder(make_corpus({"page.txt": f"صفحة\n{PAGE}\n"}), cache_dir=None)
    questions = ("من التقى بوتين في سوتشي؟", "متى التقى بوتين نظيره؟", "أين التقى بوتين نظيره؟")
    for question in questions:
        started = time.perf_counter()
        answer = engine.answer(question)
        elapsed = time.perf_counter() - started
        assert answer.found
        assert elapsed < BOUND_SECONDS, f"{question}: {elapsed:.1f} s"
