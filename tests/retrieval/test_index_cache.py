"""The on-disk index cache: reused when the corpus is unchanged, rebuilt when it changes."""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from retrieval import engine as engine_module
from retrieval import index_cache
from retrieval.corpus import CorpusError, load_corpus
from retrieval.engine import Engine
from retrieval.fields import FieldMap
from tests.support.paths import SEEDS

QUESTION = "متى اتفقا على الهدنة الإنسانية؟"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _engine(folder: Path, cache_dir: Path) -> Engine:
    return Engine.from_folder(folder, cache_dir=cache_dir, cache_min_bytes=0, show_progress=False)


def _forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was read although the cache should have been used")

    monkeypatch.setattr(engine_module, "load_corpus", fail)


def _entries(cache_dir: Path) -> list[str]:
    return sorted(path.suffix for path in cache_dir.iterdir())


def test_second_start_reuses_the_cache_without_reading_articles(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    built = _engine(corpus_dir, cache_dir)
    assert _entries(cache_dir) == [".arrays", ".json"]
    _forbid_reading(monkeypatch)
    cached = _engine(corpus_dir, cache_dir)
    assert cached.answer(QUESTION) == built.answer(QUESTION)
    assert cached.corpus == built.corpus
    assert cached.indexed_sentence_count == built.indexed_sentence_count


def test_cached_corpus_equals_the_one_read_from_disk(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _engine(corpus_dir, cache_dir)
    assert _engine(corpus_dir, cache_dir).corpus == load_corpus(corpus_dir)


def test_edited_article_triggers_a_rebuild(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _engine(corpus_dir, cache_dir)
    article = sorted(corpus_dir.glob("*.txt"))[0]
    article.write_text(
        article.read_text(encoding="utf-8") + "\nوأعلنت وزارة الزراعة عن حصاد قياسي للقمح الصلب.\n",
        encoding="utf-8",
    )
    engine = _engine(corpus_dir, cache_dir)
    assert engine.answer("ماذا أعلنت وزارة الزراعة عن حصاد القمح الصلب؟").found
    assert _entries(cache_dir) == [".arrays", ".json"]  # the stale entry is gone


def test_touched_article_with_same_size_triggers_a_rebuild(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    _engine(corpus_dir, cache_dir)
    article = sorted(corpus_dir.glob("*.txt"))[0]
    status = article.stat()
    os.utime(article, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    _forbid_reading(monkeypatch)
    with pytest.raises(AssertionError, match="the corpus was read"):
        _engine(corpus_dir, cache_dir)


def test_added_and_removed_articles_trigger_a_rebuild(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    before = _engine(corpus_dir, cache_dir).indexed_sentence_count
    removed = sorted(corpus_dir.glob("*.txt"))[-1]
    removed.unlink()
    assert _engine(corpus_dir, cache_dir).indexed_sentence_count < before
    (corpus_dir / "new.txt").write_text(
        "خبر جديد\n\nوصل وفد تجاري ياباني إلى العاصمة لبحث صفقات السيارات الكهربائية.\n",
        encoding="utf-8",
    )
    assert _engine(corpus_dir, cache_dir).answer("لماذا وصل الوفد التجاري الياباني؟").found


def test_unreadable_cache_is_ignored_and_rebuilt(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_dir = tmp_path / "cache"
    built = _engine(corpus_dir, cache_dir)
    (arrays,) = cache_dir.glob("*.arrays")
    arrays.write_bytes(b"not an arrays file")
    with caplog.at_level(logging.WARNING):
        rebuilt = _engine(corpus_dir, cache_dir)
    assert "ignoring unreadable index cache" in caplog.text
    assert rebuilt.answer(QUESTION) == built.answer(QUESTION)


def test_truncated_cache_is_ignored_and_rebuilt(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    built = _engine(corpus_dir, cache_dir)
    (arrays,) = cache_dir.glob("*.arrays")
    arrays.write_bytes(arrays.read_bytes()[: arrays.stat().st_size // 2])
    assert _engine(corpus_dir, cache_dir).answer(QUESTION) == built.answer(QUESTION)


def test_unwritable_cache_dir_still_gives_an_engine(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    with caplog.at_level(logging.WARNING):
        engine = _engine(corpus_dir, blocker)
    assert engine.answer(QUESTION).found
    assert "could not save the index cache" in caplog.text


def test_cache_holds_plain_arrays_of_numbers_only(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _engine(corpus_dir, cache_dir)
    (path,) = cache_dir.glob("*.arrays")
    assert all(array.dtype.kind in "iuf" for array in index_cache.read_arrays(path).values())


def test_small_corpus_is_not_cached_by_default(corpus_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    Engine.from_folder(corpus_dir, cache_dir=cache_dir, show_progress=False)
    assert not cache_dir.exists()


def test_no_cache_dir_means_no_cache(corpus_dir: Path, tmp_path: Path) -> None:
    Engine.from_folder(corpus_dir, cache_dir=None, cache_min_bytes=0, show_progress=False)
    assert not (tmp_path / ".sanad-cache").exists()


def test_a_twin_folder_does_not_reuse_another_folders_index(
    corpus_dir: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    twin = tmp_path / "twin"
    shutil.copytree(corpus_dir, twin)
    article = sorted(twin.glob("*.txt"))[0]
    original = article.stat()
    text = article.read_text(encoding="utf-8")
    # Same name, size and time as the first folder's file, different words.
    assert "محادثات في بروكسل" in text
    article.write_text(text.replace("محادثات في بروكسل", "محادثات في بروكسك", 1), encoding="utf-8")
    os.utime(article, ns=(original.st_atime_ns, original.st_mtime_ns))
    assert article.stat().st_size == original.st_size
    first = _engine(corpus_dir, cache_dir)
    second = _engine(twin, cache_dir)
    assert second.corpus.root == twin
    assert first.corpus.root == corpus_dir
    assert any("بروكسك" in s.text for d in second.corpus.documents for s in d.sentences)


def _archive(folder: Path) -> Path:
    folder.mkdir()
    wire = "وصل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز إلى مدينة طنجة المغربية أمس."
    records = [
        {
            "source": source,
            "date": f"2015-08-0{day}",
            "url": f"https://{source}.example/{day}?a=1&b=2",
            "author": "واس",
            "title": f"خبر {source}",
            "content": f"{wire}\nوقال المسؤول إن الزيارة تستمر أياما عدة في {source}.",
        }
        for day, source in enumerate(["alriyadh", "okaz", "alyaum"], start=2)
    ]
    (folder / "news.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return folder


def test_metadata_and_repeats_survive_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _archive(tmp_path / "archive")
    cache_dir = tmp_path / "cache"
    built = _engine(folder, cache_dir)
    _forbid_reading(monkeypatch)
    cached = _engine(folder, cache_dir)
    assert cached.corpus == built.corpus
    assert cached.corpus.documents[1].published == date(2015, 8, 3)
    answer = cached.answer("متى وصل الملك سلمان إلى طنجة؟")
    assert answer == built.answer("متى وصل الملك سلمان إلى طنجة؟")
    assert [r.doc_id for r in answer.hits[0].also] == ["okaz_00001", "alyaum_00002"]


def test_another_field_map_or_size_limit_rebuilds(tmp_path: Path) -> None:
    folder = _archive(tmp_path / "archive")
    cache_dir = tmp_path / "cache"
    _engine(folder, cache_dir)
    renamed = Engine.from_folder(
        folder,
        cache_dir=cache_dir,
        cache_min_bytes=0,
        show_progress=False,
        fields=FieldMap.parse("source:author"),
    )
    assert {d.source for d in renamed.corpus.documents} == {"واس"}
    # Every record is over a 10-byte limit: the folder is read again, not taken from the cache.
    with pytest.raises(CorpusError, match="no readable articles"):
        Engine.from_folder(
            folder, cache_dir=cache_dir, cache_min_bytes=0, show_progress=False, max_file_bytes=10
        )


def test_a_restart_maps_the_stored_arrays_instead_of_copying_them(
    corpus_dir: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    built = _engine(corpus_dir, cache_dir)
    cached = _engine(corpus_dir, cache_dir)
    postings = cached._inverted.postings
    # Views of the file mapped read-only: nothing to copy at start, nothing to write by mistake.
    assert not postings.doc_ids.flags.writeable
    assert not postings.doc_ids.flags.owndata
    assert [len(d.sentences) for d in cached.corpus.documents] == [
        len(d.sentences) for d in built.corpus.documents
    ]


def test_saving_drops_the_folders_entries_of_the_earlier_format(
    corpus_dir: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    _engine(corpus_dir, cache_dir)
    old_meta = cache_dir / "index-0123456789abcdef.json"
    old_meta.write_text(json.dumps({"format": 3, "root": str(corpus_dir.resolve())}))
    old_arrays = cache_dir / "index-0123456789abcdef.npz"
    old_arrays.write_bytes(b"PK")
    (sorted(corpus_dir.glob("*.txt"))[0]).write_text("عنوان\n\nجملة جديدة تماما عن الموضوع.\n")
    _engine(corpus_dir, cache_dir)
    assert not old_meta.exists()
    assert not old_arrays.exists()
    assert _entries(cache_dir) == [".arrays", ".json"]
