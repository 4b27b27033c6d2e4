"""What the Engine indexes: each answerable sentence once, with its place in the corpus."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from retrieval.corpus import Corpus, CorpusError, parse_document
from retrieval.engine import Engine

REPEATED = "وأعلنت وزارة الزراعة عن حصاد قياسي للقمح الصلب هذا العام."


def _corpus(*texts: str) -> Corpus:
    documents = tuple(
        parse_document(f"doc{i}", text, Path(f"doc{i}.txt")) for i, text in enumerate(texts)
    )
    return Corpus(root=Path("."), documents=documents)


def test_a_sentence_repeated_across_articles_is_indexed_once() -> None:
    engine = Engine(
        _corpus(
            f"عنوان أول\n\n{REPEATED}\n\nوصل وفد تجاري ياباني إلى العاصمة لبحث صفقات السيارات.",
            f"عنوان ثان\n\n{REPEATED.replace('الزراعة', 'الزراعـة')}",
        )
    )
    assert engine.indexed_sentence_count == 2
    hits = engine.answer("متى أعلنت وزارة الزراعة عن حصاد القمح الصلب؟", top_k=5).hits
    # The title line is sentence 1.
    assert [(hit.doc_id, hit.sentence) for hit in hits] == [("doc0", 2)]


def test_from_folder_skips_files_over_the_size_limit(make_corpus):
    article = "عنوان\nوقال الوزير إن الاتفاق صامد منذ أسابيع طويلة.\n"
    folder = make_corpus({"a.txt": article, "big.txt": article + "وأضاف أن الهدنة صامدة. " * 500})
    engine = Engine.from_folder(folder, cache_dir=None, max_file_bytes=5_000)
    assert [document.doc_id for document in engine.corpus.documents] == ["a"]


def test_an_article_or_question_with_a_run_of_hundreds_of_digits_is_read(make_corpus):
    digits = "9" * 400
    article = f"رقم التقرير\n\nقال الوزير إن رقم التقرير هو {digits} هذا العام.\n"
    engine = Engine.from_folder(make_corpus({"a.txt": article}), cache_dir=None)
    answer = engine.answer(f"ما رقم التقرير {digits}؟", top_k=1)
    assert answer.found
    assert digits in answer.hits[0].snippet


def test_the_cycle_collector_runs_again_once_the_index_is_built() -> None:
    assert gc.isenabled()
    Engine(_corpus(f"عنوان\n\n{REPEATED}"))
    assert gc.isenabled()


def test_the_cycle_collector_runs_again_when_nothing_could_be_indexed() -> None:
    with pytest.raises(CorpusError):
        Engine(_corpus("عنوان\n\nقصير جدا."))
    assert gc.isenabled()


def test_a_cycle_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        Engine(_corpus(f"عنوان\n\n{REPEATED}"))
        assert not gc.isenabled()
    finally:
        gc.enable()
