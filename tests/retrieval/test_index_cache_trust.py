"""The index cache key is honest and its entries are trusted only as far as they deserve.

The key covers the analysis code (the modules the engine imports, read off the import graph), the
libraries and tables that shape the index, and each file's change time; the cache folder is
private; entries another user could have written are refused; malformed entries are rebuilt.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import shutil
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval import index_cache
from retrieval.engine import Engine
from tests.support.paths import MISSION_QUESTION, SEEDS

# The modules that decided what got indexed before the key was derived from the import graph.
KNOWN_ANALYSIS_MODULES = {
    "indexed", "boilerplate", "corpus", "glued", "index", "inverted", "months", "normalize",
    "sentences", "stem", "stopwords", "synonyms", "terms",
}  # fmt: skip


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def build(corpus_dir: Path, cache_dir: Path) -> Engine:
    return Engine.from_folder(
        corpus_dir, cache_dir=cache_dir, cache_min_bytes=0, show_progress=False
    )


def entry(cache_dir: Path, suffix: str) -> Path:
    (path,) = cache_dir.glob(f"index-*{suffix}")
    return path


def reused(corpus_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the next start takes the cached index rather than reading the articles."""
    read: list[object] = []
    original = index_cache.load

    def spy(*args: Any) -> Any:
        found = original(*args)
        read.append(found)
        return found

    monkeypatch.setattr(index_cache, "load", spy)
    build(corpus_dir, cache_dir)
    monkeypatch.setattr(index_cache, "load", original)
    return read[-1] is not None


# The key: code read off the import graph, libraries, Unicode, Python, format, ctime.


def write_package(root: Path, modules: dict[str, str]) -> Path:
    package = root / "pkg"
    package.mkdir()
    for name, source in modules.items():
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    return package


def test_analysis_modules_follow_every_kind_of_import(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "engine": "from pkg.a import thing\n",
            "a": "def later():\n    from pkg import b\n",
            "b": "import pkg.c\nimport json\n",
            "c": "from pkg.d import x as y\n",
            "d": "x = 1\n",
            "unused": "from pkg import engine\n",
        },
    )
    assert index_cache.analysis_modules(("engine",), package) == ("a", "b", "c", "d", "engine")


def test_the_real_analysis_modules_include_every_module_that_shapes_the_index() -> None:
    modules = set(index_cache.analysis_modules())
    assert modules >= KNOWN_ANALYSIS_MODULES
    # Front ends and evaluation never change an index.
    assert not modules & {"config", "evaluation", "baseline"}


def test_editing_an_imported_module_changes_thecode_digest(tmp_path: Path) -> None:
    package = tmp_path / "retrieval"
    # The sources alone: the digest reads nothing else.
    shutil.copytree(
        Path(index_cache.__file__).parent,
        package,
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"),
    )
    modules = index_cache.analysis_modules(package_dir=package)
    before = index_cache.code_digest(modules, package)
    with (package / "stem.py").open("a", encoding="utf-8") as source:
        source.write("\n# one more rule\n")
    assert index_cache.code_digest(modules, package) != before


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.setattr(index_cache, "FORMAT_VERSION", index_cache.FORMAT_VERSION + 1),
        lambda m: m.setattr(
            index_cache, "unicodedata", types.SimpleNamespace(unidata_version="99")
        ),
        lambda m: m.setattr(
            index_cache,
            "sys",
            types.SimpleNamespace(version_info=types.SimpleNamespace(major=3, minor=99)),
        ),
        lambda m: m.setattr(importlib.metadata, "version", lambda name: "9.9.9"),
        lambda m: m.setattr(index_cache, "code_digest", lambda modules: "other code"),
    ],
    ids=["format", "unicode", "python", "libraries", "code"],
)
def test_each_part_of_the_build_environment_is_in_the_key(
    corpus_dir: Path, change: Callable[[pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment is computed once per process: it is recomputed here under the change, and
    # again once the change is undone, so no other test sees a changed one. Walking the analysis
    # code's imports (tested above) is the slow part and the same each time: it is walked once.
    modules = index_cache.analysis_modules()
    monkeypatch.setattr(index_cache, "analysis_modules", lambda: modules)
    index_cache.build_environment.cache_clear()
    fingerprint = index_cache.fingerprint(corpus_dir)
    before = fingerprint.key
    try:
        with monkeypatch.context() as patch:
            change(patch)
            index_cache.build_environment.cache_clear()
            assert fingerprint.key != before
    finally:
        index_cache.build_environment.cache_clear()
    assert fingerprint.key == before


def test_the_build_environment_names_pyarabic_unicode_and_python() -> None:
    environment = index_cache.build_environment()
    assert set(environment) >= {"format", "code", "unicode", "python", "pyarabic", "rank-bm25"}


def test_an_edit_that_keeps_size_and_mtime_is_seen(
    corpus_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(corpus_dir, cache_dir)
    article = corpus_dir / "004_13ef93096cc37932.txt"
    before = article.stat()
    text = article.read_text(encoding="utf-8")
    assert "18 تشرين الأول" in text
    article.write_text(text.replace("18 تشرين الأول", "19 تشرين الأول"), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))  # as touch -r does
    assert (article.stat().st_size, article.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    assert not reused(corpus_dir, cache_dir, monkeypatch)
    answer = build(corpus_dir, cache_dir).answer(MISSION_QUESTION)
    assert "19 تشرين الأول" in answer.hits[0].snippet


def test_an_unchanged_corpus_still_reuses_its_entry(
    corpus_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(corpus_dir, cache_dir)
    assert reused(corpus_dir, cache_dir, monkeypatch)


# Trust: a private folder, entries that only this user could have written.


def test_the_cache_folder_is_created_private(corpus_dir: Path, cache_dir: Path) -> None:
    build(corpus_dir, cache_dir)
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_an_open_cache_folder_of_ours_is_made_private(corpus_dir: Path, cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o777)
    cache_dir.chmod(0o777)
    build(corpus_dir, cache_dir)
    assert cache_dir.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("suffix", [".json", ".arrays"])
def test_an_entry_others_can_write_is_refused_with_a_warning_then_rebuilt(
    corpus_dir: Path,
    cache_dir: Path,
    suffix: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    built = build(corpus_dir, cache_dir)
    entry(cache_dir, suffix).chmod(0o666)
    with caplog.at_level(logging.WARNING):
        assert not reused(corpus_dir, cache_dir, monkeypatch)
    assert "can be changed by other users (mode 666)" in caplog.text
    assert build(corpus_dir, cache_dir).answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)
    assert entry(cache_dir, suffix).stat().st_mode & 0o022 == 0  # rebuilt: ours again


def test_an_entry_or_folder_of_another_user_is_refused(
    corpus_dir: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    build(corpus_dir, cache_dir)
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)  # as if someone else ran it
    with caplog.at_level(logging.WARNING):
        engine = build(corpus_dir, cache_dir)
    assert "belongs to another user" in caplog.text
    assert engine.answer(MISSION_QUESTION).found


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_an_entry_given_to_another_user_is_refused(
    corpus_dir: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    build(corpus_dir, cache_dir)
    os.chown(entry(cache_dir, ".arrays"), 4242, -1)
    with caplog.at_level(logging.WARNING):
        assert not reused(corpus_dir, cache_dir, monkeypatch)
    assert "belongs to another user (uid 4242)" in caplog.text


def test_a_linked_entry_is_refused(
    corpus_dir: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(corpus_dir, cache_dir)
    meta = entry(cache_dir, ".json")
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(meta, elsewhere)
    meta.symlink_to(elsewhere)
    assert not reused(corpus_dir, cache_dir, monkeypatch)


# Malformed entries: ignored and rebuilt, never a traceback or a wrong answer.


def rewrite_meta(cache_dir: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    path = entry(cache_dir, ".json")
    meta = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(meta)), encoding="utf-8")


def rewrite_arrays(cache_dir: Path, change: Callable[[dict[str, np.ndarray]], None]) -> None:
    path = entry(cache_dir, ".arrays")
    arrays = {name: array.copy() for name, array in index_cache.read_arrays(path).items()}
    change(arrays)
    with path.open("wb") as file:
        index_cache.write_arrays(file, arrays)


def rewrite_header(cache_dir: Path, change: Callable[[list[list[Any]]], Any]) -> None:
    """Rewrite the arrays file's header (the list of arrays), keeping its data where it was."""
    path = entry(cache_dir, ".arrays")
    data = path.read_bytes()
    length = int.from_bytes(data[8:16], "little")
    listed = json.loads(data[16 : 16 + length])["arrays"]
    header = json.dumps({"arrays": change(listed)}).encode()
    # The data starts at the first multiple of 64 after the header, whatever its length.
    start = -(-(16 + length) // 64) * 64
    padding = -(-(16 + len(header)) // 64) * 64 - 16 - len(header)
    path.write_bytes(
        data[:8] + len(header).to_bytes(8, "little") + header + bytes(padding) + data[start:]
    )


def with_array(listed: list[list[Any]], name: str, **changes: Any) -> list[list[Any]]:
    fields = ("name", "type", "length", "offset")
    return [
        [changes.get(field, value) for field, value in zip(fields, item, strict=True)]
        if item[0] == name
        else item
        for item in listed
    ]


def swap_first_two(array: np.ndarray) -> np.ndarray:
    swapped = array.copy()
    swapped[[0, 1]] = swapped[[1, 0]]
    return swapped


def with_document_field(meta: dict[str, Any], name: str, first: Any) -> dict[str, Any]:
    """The meta with the first document's ``name`` field set to ``first``."""
    column = meta["documents"][name]
    return {**meta, "documents": {**meta["documents"], name: [first, *column[1:]]}}


def without_first(meta: dict[str, Any], name: str) -> dict[str, Any]:
    return {**meta, "documents": {**meta["documents"], name: meta["documents"][name][1:]}}


META_DAMAGE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "a list, not an object": lambda meta: [meta],
    "format as text": lambda meta: {**meta, "format": str(meta["format"])},
    "documents as a list": lambda meta: {**meta, "documents": [meta["documents"]]},
    "a field as an object": lambda meta: {
        **meta,
        "documents": {**meta["documents"], "title": {"a": 1}},
    },
    "a title that is a number": lambda meta: with_document_field(meta, "title", 7),
    "a path out of the corpus": lambda meta: {**meta, "files": ["../../.env", *meta["files"][1:]]},
    "an absolute path": lambda meta: {**meta, "files": ["/etc/passwd", *meta["files"][1:]]},
    "a file that is a number": lambda meta: {**meta, "files": [3, *meta["files"][1:]]},
    "a file left out": lambda meta: {**meta, "files": meta["files"][1:]},
    "a document left out": lambda meta: {
        **meta,
        "documents": {name: column[1:] for name, column in meta["documents"].items()},
    },
    "one field shorter": lambda meta: without_first(meta, "url"),
    "a repeated id": lambda meta: with_document_field(meta, "id", meta["documents"]["id"][1]),
    "an empty id": lambda meta: with_document_field(meta, "id", ""),
    "deeply nested": lambda meta: {**meta, "documents": [[[[[[[[[[[]]]]]]]]]]]},
    "a date that is no date": lambda meta: with_document_field(meta, "published", "أمس"),
    "a date that is a number": lambda meta: with_document_field(meta, "published", 20150721),
    "a link that is a list": lambda meta: with_document_field(meta, "url", ["x"]),
    "the documents without their sources": lambda meta: {
        **meta,
        "documents": {k: v for k, v in meta["documents"].items() if k != "source"},
    },
}

ARRAY_DAMAGE: dict[str, Callable[[dict[str, np.ndarray]], None]] = {
    "float offsets": lambda a: a.update(offsets=a["offsets"].astype(np.float64) + 0.5),
    "float text ends": lambda a: a.update(text_ends=a["text_ends"].astype(np.float64)),
    "a zero-length sentence": lambda a: a.update(
        text_ends=np.concatenate([a["text_ends"][:1], a["text_ends"][:1], a["text_ends"][2:]])
    ),
    "reversed sentence ends": lambda a: a.update(text_ends=swap_first_two(a["text_ends"])),
    "reversed positions": lambda a: a.update(positions=swap_first_two(a["positions"])),
    "a position past the end": lambda a: a.update(
        positions=np.concatenate([a["positions"][:-1], [10**9]])
    ),
    "negative line": lambda a: a.update(lines=-a["lines"].astype(np.int32)),
    "zero term counts": lambda a: a.update(tfs=np.zeros_like(a["tfs"])),
    "sentence lengths that disagree": lambda a: a.update(doc_len=a["doc_len"] + 1),
    "a sentence id out of range": lambda a: a.update(
        doc_ids=np.full_like(a["doc_ids"], a["doc_len"].size)
    ),
    "NaN score bounds": lambda a: a.update(bounds=np.full_like(a["bounds"], np.nan)),
    "a missing array": lambda a: a.__delitem__("lines"),
    "lines of another type": lambda a: a.update(lines=a["lines"].astype(np.int64)),
    "a document's file out of range": lambda a: a.update(
        document_files=np.full_like(a["document_files"], 10**6)
    ),
    "an unknown array": lambda a: a.update(extra=np.zeros(3)),
    "repeats of unequal length": lambda a: a.update(
        repeat_originals=a["positions"][:1], repeat_copies=a["positions"][:0]
    ),
    "a repeat that is itself indexed": lambda a: a.update(
        repeat_originals=a["positions"][:1], repeat_copies=a["positions"][1:2]
    ),
    "a repeat before its original": lambda a: a.update(
        repeat_originals=a["positions"][-1:], repeat_copies=np.zeros(1, dtype=np.int64)
    ),
    "a repeated term": lambda a: a.update(
        terms=np.frombuffer("\x00".join(["x"] * (a["offsets"].size - 1)).encode(), dtype=np.uint8)
    ),
}


HEADER_DAMAGE: dict[str, Callable[[list[list[Any]]], Any]] = {
    "not a list": lambda listed: {"lines": listed},
    "an array of objects": lambda listed: with_array(listed, "lines", type="|O"),
    "an array of big-endian numbers": lambda listed: with_array(listed, "lines", type=">i4"),
    "an array longer than the file": lambda listed: with_array(listed, "texts", length=10**12),
    "a negative length": lambda listed: with_array(listed, "lines", length=-1),
    "an offset that is text": lambda listed: with_array(listed, "lines", offset="0"),
    "a misaligned offset": lambda listed: with_array(
        listed, "doc_ids", offset=listed[[i[0] for i in listed].index("doc_ids")][3] + 1
    ),
    "an array listed twice": lambda listed: [*listed, listed[0]],
    "an entry of three fields": lambda listed: [listed[0][:3], *listed[1:]],
}


@pytest.mark.parametrize("damage", list(META_DAMAGE.values()), ids=list(META_DAMAGE))
def test_a_malformed_meta_entry_is_ignored_and_rebuilt(
    corpus_dir: Path,
    cache_dir: Path,
    damage: Callable[[dict[str, Any]], Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    built = build(corpus_dir, cache_dir)
    rewrite_meta(cache_dir, damage)
    with caplog.at_level(logging.WARNING):
        rebuilt = build(corpus_dir, cache_dir)
    assert "ignoring unreadable index cache" in caplog.text
    assert rebuilt.corpus == built.corpus
    assert rebuilt.answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)


@pytest.mark.parametrize("damage", list(ARRAY_DAMAGE.values()), ids=list(ARRAY_DAMAGE))
def test_malformed_arrays_are_ignored_and_rebuilt(
    corpus_dir: Path,
    cache_dir: Path,
    damage: Callable[[dict[str, np.ndarray]], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    built = build(corpus_dir, cache_dir)
    rewrite_arrays(cache_dir, damage)
    with caplog.at_level(logging.WARNING):
        rebuilt = build(corpus_dir, cache_dir)
    assert "ignoring unreadable index cache" in caplog.text
    assert rebuilt.corpus == built.corpus
    assert rebuilt.answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)


@pytest.mark.parametrize("damage", list(HEADER_DAMAGE.values()), ids=list(HEADER_DAMAGE))
def test_a_malformed_arrays_header_is_ignored_and_rebuilt(
    corpus_dir: Path,
    cache_dir: Path,
    damage: Callable[[list[list[Any]]], Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    built = build(corpus_dir, cache_dir)
    rewrite_header(cache_dir, damage)
    with caplog.at_level(logging.WARNING):
        rebuilt = build(corpus_dir, cache_dir)
    assert "ignoring unreadable index cache" in caplog.text
    assert rebuilt.corpus == built.corpus
    assert rebuilt.answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)


@pytest.mark.parametrize(
    "data",
    [b"", b"SANADARR", b"SANADARR" + (10**9).to_bytes(8, "little"), b"PK\x03\x04" + bytes(60)],
    ids=["empty", "no header length", "a header past the end", "a zip file"],
)
def test_an_arrays_file_without_a_whole_header_is_ignored_and_rebuilt(
    corpus_dir: Path, cache_dir: Path, data: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    built = build(corpus_dir, cache_dir)
    entry(cache_dir, ".arrays").write_bytes(data)
    with caplog.at_level(logging.WARNING):
        rebuilt = build(corpus_dir, cache_dir)
    assert "ignoring unreadable index cache" in caplog.text
    assert rebuilt.answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)


def test_a_sentence_byte_that_is_not_utf8_reads_as_a_replacement_character(
    corpus_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The text is not decoded at start (0.5 s at a million sentences): a damaged byte shows in
    # the one sentence that holds it, and questions are still answered.
    built = build(corpus_dir, cache_dir)
    rewrite_arrays(cache_dir, lambda a: a["texts"].__setitem__(0, 0xFF))
    assert reused(corpus_dir, cache_dir, monkeypatch)
    cached = build(corpus_dir, cache_dir)
    first = cached.corpus.documents[0].sentences[0].text
    # The damaged first letter's two bytes read as two replacement characters.
    assert first.startswith("\ufffd")
    assert first.lstrip("\ufffd") == built.corpus.documents[0].sentences[0].text[1:]
    assert cached.answer(MISSION_QUESTION) == built.answer(MISSION_QUESTION)


def test_a_planted_non_object_entry_of_the_same_folder_does_not_break_saving(
    corpus_dir: Path, cache_dir: Path
) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "index-planted.json").write_text("[1, 2, 3]", encoding="utf-8")
    assert build(corpus_dir, cache_dir).answer(MISSION_QUESTION).found
