"""An on-disk cache of an indexed corpus, so that restarting over a large archive is fast.

Reading, splitting and analyzing a million sentences takes a minute or more; loading the result
takes seconds. An entry holds everything the Engine needs without reading the articles again:
the documents (ids, titles, sentences with their line numbers), which sentences are indexed, and
the postings. It is two files, ``<key>.npz`` (numpy arrays, read with ``allow_pickle=False``) and
``<key>.json`` (document metadata); nothing is unpickled, so a planted cache file cannot run code.

The key covers everything that changes the index: each corpus file's relative name, size, mtime,
ctime and inode (an edit that keeps size and mtime, as ``touch -r`` does, still changes the
ctime), the corpus folder, how records are read (``reading_options``: the field map and the size
limit), and ``build_environment()``: the source of every ``retrieval`` module that reading,
indexing and storing import (``analysis_modules()``, read off the import graph), the versions of
pyarabic and rank-bm25, the Unicode database, the Python minor version and ``FORMAT_VERSION``. One
entry is kept per corpus folder.

Entries are trusted only as far as they deserve: the cache folder is created 0700; a folder or an
entry owned by another user, or writable by group or others, is not read (a warning, then a
rebuild); and every array and field is checked for shape, type and consistency before use, so a
malformed entry is ignored and rebuilt, never a traceback or a wrong answer.

To store more: bump ``FORMAT_VERSION``, write the field in ``save`` and check it in ``_read``;
entries of other versions are simply rebuilt.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import os
import stat
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import repeat
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

import numpy as np

from retrieval.corpus import ArticleFile, Corpus, Document, Sentence, article_files
from retrieval.duplicates import Repeats
from retrieval.fields import FieldMap
from retrieval.inverted import InvertedBM25Index, Postings, sentence_lengths

logger = logging.getLogger(__name__)

# Version 2: documents as objects, the build environment recorded, ctime and inode in the key.
# Version 3: each document's source, date, link and author; word-for-word repeats across articles.
FORMAT_VERSION = 3
DEFAULT_CACHE_DIR = Path(".sanad-cache")
# Smaller corpora index in well under a second: not worth a cache entry in the working directory.
DEFAULT_MIN_CORPUS_BYTES = 2_000_000
# The modules the key's code digest starts from: those that read a corpus, choose and analyse the
# indexed sentences and build the postings, and this one, which stores them. Every retrieval
# module they import, directly or not, is part of the digest. How questions are judged (the
# judge and its fitted weights) is not stored, so changing it keeps the cache.
ANALYSIS_ROOTS = ("corpus", "indexed", "inverted", "index_cache")
# Distributions whose code shapes the index: pyarabic's letter sets, rank-bm25's arithmetic.
_LIBRARIES = ("pyarabic", "rank-bm25")
_PACKAGE_DIR = Path(__file__).resolve().parent
_SEPARATOR = "\x00"
# Permission bits that let other users change a file or a folder.
_WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH
_CACHE_DIR_MODE = 0o700
# The arrays of an entry and the kind of number each holds ("u": unsigned, "i": integer).
_ARRAY_KINDS = {
    "texts": "u",
    "text_ends": "iu",
    "lines": "iu",
    "sentence_counts": "iu",
    "positions": "iu",
    "terms": "u",
    "offsets": "iu",
    "doc_ids": "iu",
    "tfs": "iu",
    "doc_len": "iu",
    "bounds": "f",
    "repeat_originals": "iu",
    "repeat_copies": "iu",
}
# The metadata fields of a document entry, each text or null.
_DOCUMENT_TEXT_FIELDS = ("source", "url", "author")


class CacheFormatError(ValueError):
    """A cache entry is unreadable or inconsistent; carries the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{problem}: {path}")
        self.path = path


class UntrustedCacheError(ValueError):
    """A cache folder or entry another user could have written; carries the path."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path} {problem}")
        self.path = path


@dataclass(frozen=True, slots=True)
class CorpusFingerprint:
    """What the cache key is made of: the corpus files' names and what their stat says."""

    root: Path
    # (relative name, size in bytes, mtime in ns, ctime in ns, inode number)
    files: tuple[tuple[str, int, int, int, int], ...]
    # How the files are read into articles (``reading_options``).
    reading: str = ""

    @property
    def total_bytes(self) -> int:
        return sum(entry[1] for entry in self.files)

    @property
    def key(self) -> str:
        digest = hashlib.sha256()
        # The folder itself is part of the key: two folders with files of the same names, sizes
        # and times must not share an index.
        digest.update(
            json.dumps([build_environment(), str(self.root.resolve()), self.reading]).encode()
        )
        for name, size, mtime, ctime, inode in self.files:
            digest.update(f"{name}\x00{size}\x00{mtime}\x00{ctime}\x00{inode}\n".encode())
        return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CachedIndex:
    """An Engine's parts as stored: the corpus, the indexed sentences' positions, the postings."""

    corpus: Corpus
    positions: np.ndarray  # int64: index of each indexed sentence in the corpus' reading order
    postings: Postings
    bounds: np.ndarray  # the index's per-term score bounds, costly to recompute
    repeats: Repeats


@cache
def build_environment() -> dict[str, str | int]:
    """Everything besides the articles that decides what an index holds, as the key sees it."""
    environment: dict[str, str | int] = {
        "format": FORMAT_VERSION,
        "code": code_digest(analysis_modules()),
        "unicode": unicodedata.unidata_version,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }
    # Imported here: importlib.metadata costs ~40 ms, and a small corpus is never cached.
    import importlib.metadata

    for library in _LIBRARIES:
        environment[library] = importlib.metadata.version(library)
    return environment


def analysis_modules(
    roots: Sequence[str] = ANALYSIS_ROOTS, package_dir: Path = _PACKAGE_DIR
) -> tuple[str, ...]:
    """The modules of the package in ``package_dir`` that ``roots`` import, directly or through
    one another (imports inside functions included), with the roots; sorted names."""
    package = package_dir.name
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (package_dir / f"{name}.py").read_text(encoding="utf-8")
        pending.extend(_imported_modules(ast.parse(source), package, package_dir) - seen)
    return tuple(sorted(seen))


def _imported_modules(tree: ast.Module, package: str, package_dir: Path) -> set[str]:
    """Names of the package's own modules that ``tree`` imports."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            # ``from retrieval import x`` names a module x; ``from retrieval.x import y`` too.
            candidates = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for candidate in candidates:
            parts = candidate.split(".")
            if len(parts) < 2 or parts[0] != package:
                continue
            if (package_dir / f"{parts[1]}.py").is_file():
                found.add(parts[1])
    return found


def code_digest(modules: Sequence[str], package_dir: Path = _PACKAGE_DIR) -> str:
    digest = hashlib.sha256()
    for name in modules:
        digest.update(f"{name}\x00".encode())
        digest.update((package_dir / f"{name}.py").read_bytes())
    return digest.hexdigest()


def reading_options(max_file_bytes: int | None, fields: FieldMap) -> str:
    """The settings that change what is read from the same files, as one line for the key."""
    return f"max_file_bytes={max_file_bytes};fields={fields.describe()}"


def fingerprint(
    root: Path, files: Sequence[ArticleFile] | None = None, *, reading: str = ""
) -> CorpusFingerprint:
    """The state of the articles under ``root`` (``files``, else ``article_files(root)``), read
    with the ``reading`` options."""
    if files is None:
        files = article_files(root)
    base = str(root)
    # Article paths are the root joined with names found under it: cutting the root off gives
    # what os.path.relpath would, at a fraction of its cost (~1 s for 50,000 files).
    prefix = os.path.join(base, "")

    def relative(path: Path) -> str:
        text = str(path)
        if os.sep == "/" and text.startswith(prefix) and "/../" not in text[len(prefix) - 1 :]:
            return text[len(prefix) :]
        return Path(os.path.relpath(text, base)).as_posix()

    entries = tuple(
        (
            relative(article.path),
            article.size,
            article.mtime_ns,
            article.ctime_ns,
            article.inode,
        )
        for article in files
    )
    return CorpusFingerprint(root=root, files=entries, reading=reading)


def load(cache_dir: Path, fingerprint: CorpusFingerprint) -> CachedIndex | None:
    """The entry for this corpus state, or None when there is none or it cannot be trusted or
    read (with a warning; the caller rebuilds)."""
    key = fingerprint.key
    meta_path, arrays_path = _paths(cache_dir, key)
    if not meta_path.exists() and not arrays_path.exists():
        return None
    try:
        _check_trusted_dir(cache_dir)
        with _open_trusted(meta_path) as meta_file, _open_trusted(arrays_path) as arrays_file:
            return _read(meta_file, arrays_file, arrays_path, fingerprint)
    except UntrustedCacheError as error:
        logger.warning("not using the index cache: %s; rebuilding", error)
        return None
    except (
        OSError,
        EOFError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
        zipfile.BadZipFile,
    ) as error:
        logger.warning("ignoring unreadable index cache %s: %s", arrays_path, error)
        return None


def save(
    cache_dir: Path,
    fingerprint: CorpusFingerprint,
    corpus: Corpus,
    positions: Sequence[int],
    index: InvertedBM25Index,
    repeats: Repeats,
) -> Path:
    """Write the entry for this corpus state and drop older entries of the same folder.

    The folder is created 0700; OSError when it exists but another user could write to it.
    """
    postings = index.postings
    _make_private_dir(cache_dir)
    key = fingerprint.key
    meta_path, arrays_path = _paths(cache_dir, key)
    sentences = [s for document in corpus.documents for s in document.sentences]
    texts = [s.text for s in sentences]
    if any(_SEPARATOR in term for term in postings.terms):
        raise ValueError("index terms must not contain NUL characters to be cached")
    text_ends = np.cumsum([len(text) for text in texts], dtype=np.int64)
    # Any: numpy's stubs cannot tell these names from savez's own keyword arguments.
    arrays: dict[str, Any] = {
        "texts": np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8),
        "text_ends": text_ends,
        "lines": np.array([s.line for s in sentences], dtype=np.int32),
        "sentence_counts": np.array([len(d.sentences) for d in corpus.documents], dtype=np.int64),
        "positions": np.asarray(positions, dtype=np.int64),
        "terms": np.frombuffer(_SEPARATOR.join(postings.terms).encode("utf-8"), dtype=np.uint8),
        "offsets": postings.offsets,
        "doc_ids": postings.doc_ids,
        "tfs": postings.tfs,
        "doc_len": postings.doc_len,
        "bounds": index.bounds,
        "repeat_originals": repeats.originals,
        "repeat_copies": repeats.copies,
    }
    meta = {
        "format": FORMAT_VERSION,
        "key": key,
        "root": str(fingerprint.root.resolve()),
        "built_with": build_environment(),
        "documents": [
            {
                "id": d.doc_id,
                "title": d.title,
                "path": d.path.relative_to(corpus.root).as_posix(),
                "source": d.source,
                "published": d.published.isoformat() if d.published else None,
                "url": d.url,
                "author": d.author,
            }
            for d in corpus.documents
        ],
    }
    _write_atomically(arrays_path, lambda f: np.savez(f, **arrays))
    _write_atomically(meta_path, lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode()))
    _drop_other_entries(cache_dir, str(fingerprint.root.resolve()), key)
    return arrays_path


def _make_private_dir(cache_dir: Path) -> None:
    """Create ``cache_dir`` 0700, or tighten one of ours; refuse one others may write to."""
    cache_dir.mkdir(mode=_CACHE_DIR_MODE, parents=True, exist_ok=True)
    status = os.lstat(cache_dir)
    if stat.S_ISDIR(status.st_mode) and status.st_uid == os.geteuid():
        if stat.S_IMODE(status.st_mode) != _CACHE_DIR_MODE:
            os.chmod(cache_dir, _CACHE_DIR_MODE)
        return
    _check_trusted_dir(cache_dir)  # raises with the reason


def _check_trusted_dir(cache_dir: Path) -> None:
    status = os.lstat(cache_dir)
    if not stat.S_ISDIR(status.st_mode):
        raise UntrustedCacheError(cache_dir, "is not a folder")
    _check_owner_and_mode(cache_dir, status)


def _check_owner_and_mode(path: Path, status: os.stat_result) -> None:
    if status.st_uid != os.geteuid():
        raise UntrustedCacheError(path, f"belongs to another user (uid {status.st_uid})")
    if status.st_mode & _WRITABLE_BY_OTHERS:
        mode = f"{stat.S_IMODE(status.st_mode):03o}"
        raise UntrustedCacheError(path, f"can be changed by other users (mode {mode})")


@contextlib.contextmanager
def _open_trusted(path: Path) -> Iterator[IO[bytes]]:
    """Open a cache file for reading unless it is a link, not a plain file, or others' to write;
    the checks are made on the opened file, so it cannot be swapped in between."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UntrustedCacheError(path, "is not a plain file")
        _check_owner_and_mode(path, status)
        yield file


def _read(
    meta_file: IO[bytes], arrays_file: IO[bytes], arrays_path: Path, fingerprint: CorpusFingerprint
) -> CachedIndex:
    meta = json.loads(meta_file.read().decode("utf-8"))
    documents = _documents_meta(meta, fingerprint, arrays_path)
    with np.load(arrays_file, allow_pickle=False) as stored:
        if sorted(stored.files) != sorted(_ARRAY_KINDS):
            raise CacheFormatError(arrays_path, "unexpected arrays")
        arrays = {name: stored[name] for name in stored.files}
    for name, kinds in _ARRAY_KINDS.items():
        if arrays[name].ndim != 1 or arrays[name].dtype.kind not in kinds:
            raise CacheFormatError(arrays_path, f"array {name} of the wrong shape or type")
    root = fingerprint.root
    text = arrays["texts"].tobytes().decode("utf-8")
    ends = arrays["text_ends"]
    counts = arrays["sentence_counts"]
    lines = arrays["lines"]
    if (
        len(counts) != len(documents)
        or (counts.size and counts.min() < 0)
        or int(counts.sum()) != len(ends)
        or len(lines) != len(ends)
        or (lines.size and lines.min() < 0)
    ):
        raise CacheFormatError(arrays_path, "inconsistent sentence counts")
    # Every sentence is a non-empty slice of the text, in order.
    if ends.size and (ends[0] <= 0 or np.any(np.diff(ends) <= 0) or int(ends[-1]) != len(text)):
        raise CacheFormatError(arrays_path, "inconsistent sentence texts")
    if not ends.size and text:
        raise CacheFormatError(arrays_path, "inconsistent sentence texts")
    end_list = ends.tolist()
    texts = [text[start:end] for start, end in zip([0, *end_list[:-1]], end_list, strict=True)]
    del text
    line_list = lines.tolist()
    corpus_documents = []
    at = 0
    for entry, count in zip(documents, counts.tolist(), strict=True):
        doc_id = entry.doc_id
        sentences = tuple(
            map(
                Sentence,
                repeat(doc_id, count),
                range(1, count + 1),
                texts[at : at + count],
                line_list[at : at + count],
            )
        )
        corpus_documents.append(
            Document(
                doc_id=doc_id,
                title=entry.title,
                path=root / entry.path,
                sentences=sentences,
                source=entry.source,
                published=entry.published,
                url=entry.url,
                author=entry.author,
            )
        )
        at += count
    terms = arrays["terms"].tobytes().decode("utf-8").split(_SEPARATOR)
    postings = Postings(
        terms=tuple(terms),
        offsets=arrays["offsets"].astype(np.int64, copy=False),
        doc_ids=arrays["doc_ids"],
        tfs=arrays["tfs"],
        doc_len=arrays["doc_len"],
    )
    _check_postings(arrays_path, postings)
    bounds = arrays["bounds"]
    if bounds.shape != (len(terms),) or not np.all(np.isfinite(bounds)) or np.any(bounds < 0):
        raise CacheFormatError(arrays_path, "inconsistent score bounds")
    positions = arrays["positions"]
    # The indexed sentences, in reading order, each once.
    if positions.size != postings.doc_len.size or (
        positions.size
        and (positions[0] < 0 or positions[-1] >= len(ends) or np.any(np.diff(positions) <= 0))
    ):
        raise CacheFormatError(arrays_path, "inconsistent sentence positions")
    repeats = Repeats(
        arrays["repeat_originals"].astype(np.int64, copy=False),
        arrays["repeat_copies"].astype(np.int64, copy=False),
    )
    _check_repeats(arrays_path, repeats, positions, len(ends), counts)
    return CachedIndex(
        corpus=Corpus(root=root, documents=tuple(corpus_documents)),
        positions=positions.astype(np.int64, copy=False),
        postings=postings,
        bounds=bounds,
        repeats=repeats,
    )


def _check_repeats(
    path: Path, repeats: Repeats, positions: np.ndarray, sentences: int, counts: np.ndarray
) -> None:
    """Refuse repeats that are not pairs of (indexed sentence, later unindexed sentence of
    another article), sorted."""
    originals, copies = repeats.originals, repeats.copies
    if originals.size != copies.size:
        raise CacheFormatError(path, "inconsistent repeats")
    if not originals.size:
        return
    order = np.lexsort((copies, originals))
    starts = np.concatenate(([0], np.cumsum(counts)))
    if (
        np.any(order != np.arange(order.size))
        or originals.min() < 0
        or copies.max() >= sentences
        or not np.all(np.isin(originals, positions))
        or np.any(np.isin(copies, positions))
        # Each copy lies in a later article than its original.
        or np.any(
            np.searchsorted(starts, copies, side="right")
            <= np.searchsorted(starts, originals, side="right")
        )
    ):
        raise CacheFormatError(path, "inconsistent repeats")


@dataclass(frozen=True, slots=True)
class _DocumentEntry:
    doc_id: str
    title: str
    path: str
    source: str | None
    published: date | None
    url: str | None
    author: str | None


def _documents_meta(meta: Any, fingerprint: CorpusFingerprint, path: Path) -> list[_DocumentEntry]:
    """Each document of the entry's JSON, checked."""
    if (
        not isinstance(meta, dict)
        or meta.get("format") != FORMAT_VERSION
        or meta.get("key") != fingerprint.key
    ):
        raise CacheFormatError(path, "cache entry of another format or corpus")
    listed = meta.get("documents")
    if not isinstance(listed, list):
        raise CacheFormatError(path, "documents are not a list")
    documents = []
    ids = set()
    for item in listed:
        if not isinstance(item, dict):
            raise CacheFormatError(path, "a document is not an object")
        doc_id, title, relative = item.get("id"), item.get("title"), item.get("path")
        if not (isinstance(doc_id, str) and isinstance(title, str) and isinstance(relative, str)):
            raise CacheFormatError(path, "a document's id, title or path is not text")
        parts = PurePosixPath(relative).parts
        if not doc_id or doc_id in ids or not parts or parts[0] == "/" or ".." in parts:
            raise CacheFormatError(path, f"bad document entry {doc_id!r}")
        texts = [item.get(name, ...) for name in _DOCUMENT_TEXT_FIELDS]
        if any(text is not None and not isinstance(text, str) for text in texts):
            raise CacheFormatError(path, f"bad metadata in document entry {doc_id!r}")
        source, url, author = (text if isinstance(text, str) else None for text in texts)
        published = item.get("published", ...)
        if published is not None and not isinstance(published, str):
            raise CacheFormatError(path, f"bad date in document entry {doc_id!r}")
        ids.add(doc_id)
        documents.append(
            _DocumentEntry(
                doc_id,
                title,
                relative,
                source,
                date.fromisoformat(published) if published is not None else None,
                url,
                author,
            )
        )
    return documents


def _check_postings(path: Path, postings: Postings) -> None:
    """Refuse postings that would index out of bounds or disagree with the sentence lengths."""
    sentences = postings.doc_len.size
    ids = postings.doc_ids
    offsets = postings.offsets
    if (
        offsets.size != len(postings.terms) + 1
        or len(set(postings.terms)) != len(postings.terms)
        or offsets[0] != 0
        or offsets[-1] != ids.size
        or postings.tfs.size != ids.size
        or np.any(np.diff(offsets) < 1)
        or (ids.size and not 0 <= ids.min() <= ids.max() < sentences)
        or (postings.tfs.size and postings.tfs.min() < 1)
    ):
        raise CacheFormatError(path, "inconsistent postings")
    # Each sentence's length is the count of its terms, repeats included.
    if not np.array_equal(sentence_lengths(postings), postings.doc_len):
        raise CacheFormatError(path, "postings disagree with the sentence lengths")


def _paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    return cache_dir / f"index-{key}.json", cache_dir / f"index-{key}.npz"


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _drop_other_entries(cache_dir: Path, root: str, keep: str) -> None:
    for meta_path in cache_dir.glob("index-*.json"):
        key = meta_path.stem.removeprefix("index-")
        if key == keep:
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            continue
        same_root = isinstance(meta, dict) and meta.get("root") == root
        if same_root:
            for stale in _paths(cache_dir, key):
                stale.unlink(missing_ok=True)
