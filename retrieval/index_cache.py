"""An on-disk cache of an indexed corpus, so that restarting over a large archive is fast.

Reading, splitting and analyzing a million sentences takes a minute or more; loading the result
takes a second. An entry holds everything the Engine needs without reading the articles again:
the documents (ids, titles, sentences with their line numbers), which sentences are indexed, and
the postings. It is two files: ``index-<key>.json``, the documents' metadata as one list per
field, and ``index-<key>.arrays``, one-dimensional arrays of numbers (the sentences' UTF-8 text
among them) after a JSON header that names each array's number type, length and place
(``write_arrays``). The arrays file is mapped into memory, not read: a restart touches only the
pages it uses, and a sentence becomes a Python object only when it is read
(``retrieval.sentence_store``). Only the number types listed in ``_ARRAY_TYPES`` are accepted and
nothing is unpickled, so a planted cache file cannot run code.

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
malformed entry is ignored and rebuilt, never a traceback or a wrong answer. The checks cost
time in proportion to the arrays, in numpy or C, never a Python loop per sentence; the sentences'
text is not decoded up front (0.5 s at a million sentences), so a byte of it that is not UTF-8
reads as U+FFFD rather than being refused. The entry is written whole and swapped in
(``os.replace``), so a restart never maps a half-written file.

To store more: bump ``FORMAT_VERSION``, write the field in ``save`` and check it in ``_read``;
entries of other versions are simply rebuilt.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import mmap
import os
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any, BinaryIO

import numpy as np

from retrieval.corpus import ArticleFile, Corpus, Document, article_files
from retrieval.duplicates import Repeats
from retrieval.fields import FieldMap
from retrieval.inverted import InvertedBM25Index, Postings, sentence_lengths
from retrieval.sentence_store import SentenceStore

logger = logging.getLogger(__name__)

# Version 2: documents as objects, the build environment recorded, ctime and inode in the key.
# Version 3: each document's source, date, link and author; word-for-word repeats across articles.
# Version 4: arrays mapped in place (``.arrays``), not a ``.npz``; documents as lists per field.
FORMAT_VERSION = 4
ARRAYS_SUFFIX = ".arrays"
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
# The arrays of an entry and the number types each may have (numpy's names, little-endian): the
# first is the one written; counts keep the smallest width that holds them.
_ARRAY_TYPES: dict[str, tuple[str, ...]] = {
    "texts": ("|u1",),  # every sentence's UTF-8 text, back to back
    "text_ends": ("<i8",),
    "lines": ("<i4",),
    "sentence_counts": ("<i8",),
    "document_files": ("<i4",),  # the place of each document's file in the JSON's "files"
    "positions": ("<i8",),
    "terms": ("|u1",),  # the terms' UTF-8, separated by NUL
    "offsets": ("<i8",),
    "doc_ids": ("<i4",),
    "tfs": ("|u1", "<u2", "<u4"),
    "doc_len": ("<i4",),
    "bounds": ("<f8",),
    "repeat_originals": ("<i8",),
    "repeat_copies": ("<i8",),
}
# An arrays file starts with these bytes, then the header's length (8 bytes, little-endian).
_MAGIC = b"SANADARR"
_PREAMBLE_BYTES = 16
_MAX_HEADER_BYTES = 1 << 20
# Each array starts at a multiple of this many bytes from the data's start.
_ALIGNMENT = 64
# The fields of the documents in an entry's JSON, each a list with one value per document: the
# id and title are text, the others text or null (the date in ISO form).
_DOCUMENT_FIELDS = ("id", "title", "source", "published", "url", "author")


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
    # Each file's path as listed, in the order of ``files``: a document read back from the cache
    # takes its file's Path from here rather than making a new one (0.2 s for 50,000 files).
    paths: tuple[Path, ...] = field(default=(), compare=False, repr=False)

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
    """An Engine's parts as stored: the corpus, the indexed sentences' positions, the index."""

    corpus: Corpus  # its documents' sentences in a SentenceStore
    positions: np.ndarray  # int64: index of each indexed sentence in the corpus' reading order
    index: InvertedBM25Index  # over the stored postings and score bounds
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
    paths = tuple(article.path for article in files)
    return CorpusFingerprint(root=root, files=entries, reading=reading, paths=paths)


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
            meta = json.loads(meta_file.read().decode("utf-8"))
            arrays = _map_arrays(arrays_file, arrays_path)
        return _read(meta, arrays, arrays_path, fingerprint, key)
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
    if any(_SEPARATOR in term for term in postings.terms):
        raise ValueError("index terms must not contain NUL characters to be cached")
    _make_private_dir(cache_dir)
    key = fingerprint.key
    meta_path, arrays_path = _paths(cache_dir, key)
    documents = corpus.documents
    encoded = [s.text.encode("utf-8") for d in documents for s in d.sentences]
    text_ends = np.cumsum(np.fromiter(map(len, encoded), np.int64, count=len(encoded)))
    texts = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    del encoded
    files: dict[str, int] = {}
    document_files = [
        files.setdefault(d.path.relative_to(corpus.root).as_posix(), len(files)) for d in documents
    ]
    arrays: dict[str, Sequence[int] | np.ndarray] = {
        "texts": texts,
        "text_ends": text_ends,
        "lines": [s.line for d in documents for s in d.sentences],
        "sentence_counts": [len(d.sentences) for d in documents],
        "document_files": document_files,
        "positions": positions,
        "terms": np.frombuffer(_SEPARATOR.join(postings.terms).encode("utf-8"), dtype=np.uint8),
        "offsets": postings.offsets,
        "doc_ids": postings.doc_ids,
        "tfs": postings.tfs,
        "doc_len": postings.doc_len,
        "bounds": index.bounds,
        "repeat_originals": repeats.originals,
        "repeat_copies": repeats.copies,
    }
    typed = {name: _stored(name, values) for name, values in arrays.items()}
    meta = {
        "format": FORMAT_VERSION,
        "key": key,
        "root": str(fingerprint.root.resolve()),
        "built_with": build_environment(),
        "files": list(files),
        "documents": {
            "id": [d.doc_id for d in documents],
            "title": [d.title for d in documents],
            "source": [d.source for d in documents],
            "published": [d.published.isoformat() if d.published else None for d in documents],
            "url": [d.url for d in documents],
            "author": [d.author for d in documents],
        },
    }
    _write_atomically(arrays_path, lambda f: write_arrays(f, typed))
    _write_atomically(meta_path, lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode()))
    _drop_other_entries(cache_dir, str(fingerprint.root.resolve()), key)
    return arrays_path


def _stored(name: str, values: Sequence[int] | np.ndarray) -> np.ndarray:
    """``values`` as the array type the entry stores under ``name`` (counts keep their width)."""
    types = _ARRAY_TYPES[name]
    if isinstance(values, np.ndarray) and values.dtype.str in types:
        return np.ascontiguousarray(values)
    return np.ascontiguousarray(values, dtype=np.dtype(types[0]))


def write_arrays(file: BinaryIO, arrays: dict[str, np.ndarray]) -> None:
    """Write one-dimensional arrays of numbers in the entry's layout: ``_MAGIC``, the header's
    length, a JSON header listing each array (name, type, length, offset from the data), then
    the data, each array aligned to ``_ALIGNMENT`` bytes so it can be mapped in place."""
    offsets = []
    end = 0
    for name, values in arrays.items():
        if values.ndim != 1 or values.dtype.kind not in "iuf":
            raise ValueError(f"array {name} is not a one-dimensional array of numbers")
        offsets.append(end)
        end = _aligned(end + values.nbytes)
    listed = [
        [name, values.dtype.str, int(values.size), offset]
        for (name, values), offset in zip(arrays.items(), offsets, strict=True)
    ]
    header = json.dumps({"arrays": listed}).encode()
    file.write(_MAGIC + len(header).to_bytes(_PREAMBLE_BYTES - len(_MAGIC), "little") + header)
    data_start = _aligned(_PREAMBLE_BYTES + len(header))
    written = _PREAMBLE_BYTES + len(header)
    for values, offset in zip(arrays.values(), offsets, strict=True):
        file.write(bytes(data_start + offset - written))
        file.write(np.ascontiguousarray(values).data)
        written = data_start + offset + values.nbytes


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an entry's arrays file, mapped read-only (no trust checks: see ``load``)."""
    with path.open("rb") as file:
        return _map_arrays(file, path)


def _map_arrays(file: IO[bytes], path: Path) -> dict[str, np.ndarray]:
    """The arrays ``write_arrays`` wrote, as read-only views of the file mapped into memory:
    nothing is copied, and pages are read from the file when first touched. Only the number
    types of ``_ARRAY_TYPES`` are accepted, so nothing can be unpickled."""
    size = os.fstat(file.fileno()).st_size
    if size < _PREAMBLE_BYTES:
        raise CacheFormatError(path, "truncated arrays file")
    mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(_MAGIC)] != _MAGIC:
        raise CacheFormatError(path, "not an arrays file")
    header_length = int.from_bytes(mapped[len(_MAGIC) : _PREAMBLE_BYTES], "little")
    if header_length > min(size - _PREAMBLE_BYTES, _MAX_HEADER_BYTES):
        raise CacheFormatError(path, "truncated arrays file")
    header = json.loads(mapped[_PREAMBLE_BYTES : _PREAMBLE_BYTES + header_length].decode())
    data_start = _aligned(_PREAMBLE_BYTES + header_length)
    listed = header.get("arrays") if isinstance(header, dict) else None
    if not isinstance(listed, list):
        raise CacheFormatError(path, "no list of arrays")
    arrays: dict[str, np.ndarray] = {}
    for item in listed:
        if not isinstance(item, list) or len(item) != 4:
            raise CacheFormatError(path, "malformed array entry")
        name, type_name, length, offset = item
        types = _ARRAY_TYPES.get(name) if isinstance(name, str) else None
        if types is None or name in arrays or type_name not in types:
            raise CacheFormatError(path, f"unexpected array {name!r} of type {type_name!r}")
        if not (type(length) is int and type(offset) is int and length >= 0 and offset >= 0):
            raise CacheFormatError(path, f"array {name} of a bad length or offset")
        dtype = np.dtype(type_name)
        start = data_start + offset
        if start % _ALIGNMENT or start + length * dtype.itemsize > size:
            raise CacheFormatError(path, f"array {name} lies outside the file")
        if length:
            arrays[name] = np.frombuffer(mapped, dtype=dtype, count=length, offset=start)
        else:
            arrays[name] = np.zeros(0, dtype=dtype)
    if arrays.keys() != _ARRAY_TYPES.keys():
        raise CacheFormatError(path, "unexpected arrays")
    return arrays


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGNMENT) * _ALIGNMENT


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
    meta: Any, arrays: dict[str, np.ndarray], path: Path, fingerprint: CorpusFingerprint, key: str
) -> CachedIndex:
    """The entry's parts, each checked against the others before it is used."""
    root = fingerprint.root
    columns = _document_columns(meta, key, path)
    store = _sentence_store(path, arrays)
    counts = arrays["sentence_counts"]
    if (
        counts.size != len(columns.ids)
        or (counts.size and counts.min() < 0)
        or int(counts.sum()) != len(store)
    ):
        raise CacheFormatError(path, "inconsistent sentence counts")
    file_of = arrays["document_files"]
    if file_of.size != counts.size or (
        file_of.size and (file_of.min() < 0 or file_of.max() >= len(columns.files))
    ):
        raise CacheFormatError(path, "inconsistent document files")
    listed = dict(zip([entry[0] for entry in fingerprint.files], fingerprint.paths, strict=False))
    paths = [listed.get(name) or root / name for name in columns.files]
    firsts = (np.cumsum(counts) - counts).tolist()
    documents = tuple(
        map(
            Document,
            columns.ids,
            columns.titles,
            map(paths.__getitem__, file_of.tolist()),
            map(store.sentences, columns.ids, firsts, counts.tolist()),
            columns.sources,
            columns.published,
            columns.urls,
            columns.authors,
        )
    )
    terms = arrays["terms"].tobytes().decode("utf-8").split(_SEPARATOR)
    postings = Postings(
        terms=tuple(terms),
        offsets=arrays["offsets"],
        doc_ids=arrays["doc_ids"],
        tfs=arrays["tfs"],
        doc_len=arrays["doc_len"],
    )
    _check_postings(path, postings)
    bounds = arrays["bounds"]
    if bounds.shape != (len(terms),) or not np.all(np.isfinite(bounds)) or np.any(bounds < 0):
        raise CacheFormatError(path, "inconsistent score bounds")
    index = InvertedBM25Index.from_postings(postings, bounds=bounds)
    if len(index.bm25.term_ids) != len(terms):
        raise CacheFormatError(path, "a term is listed twice")
    positions = arrays["positions"]
    # The indexed sentences, in reading order, each once.
    if positions.size != postings.doc_len.size or (
        positions.size
        and (positions[0] < 0 or positions[-1] >= len(store) or np.any(np.diff(positions) <= 0))
    ):
        raise CacheFormatError(path, "inconsistent sentence positions")
    repeats = Repeats(arrays["repeat_originals"], arrays["repeat_copies"])
    _check_repeats(path, repeats, positions, len(store), counts)
    return CachedIndex(
        corpus=Corpus(root=root, documents=documents),
        positions=positions,
        index=index,
        repeats=repeats,
    )


def _sentence_store(path: Path, arrays: dict[str, np.ndarray]) -> SentenceStore:
    """The sentences' text and lines, once their ends are known to cut the text in order into
    non-empty pieces. The text is not decoded here (that alone took 0.5 s for a million
    sentences): a byte that is not UTF-8 reads as U+FFFD (``SentenceStore.text_of``)."""
    text, ends, lines = arrays["texts"], arrays["text_ends"], arrays["lines"]
    if lines.size != ends.size or (lines.size and lines.min() < 0):
        raise CacheFormatError(path, "inconsistent sentence lines")
    if ends.size and (ends[0] <= 0 or np.any(np.diff(ends) <= 0) or int(ends[-1]) != text.size):
        raise CacheFormatError(path, "inconsistent sentence texts")
    if not ends.size and text.size:
        raise CacheFormatError(path, "inconsistent sentence texts")
    return SentenceStore(text=text, ends=ends, lines=lines)


def _check_repeats(
    path: Path, repeats: Repeats, positions: np.ndarray, sentences: int, counts: np.ndarray
) -> None:
    """Refuse repeats that are not pairs of (indexed sentence, later unindexed sentence of
    another article), sorted. ``positions`` are known to ascend."""
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
        or not np.all(_sorted_contains(positions, originals))
        or np.any(_sorted_contains(positions, copies))
        # Each copy lies in a later article than its original.
        or np.any(
            np.searchsorted(starts, copies, side="right")
            <= np.searchsorted(starts, originals, side="right")
        )
    ):
        raise CacheFormatError(path, "inconsistent repeats")


def _sorted_contains(ascending: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each value, whether the ascending array holds it (a binary search each)."""
    if not ascending.size:
        return np.zeros(values.shape, dtype=bool)
    at = np.minimum(np.searchsorted(ascending, values), ascending.size - 1)
    return np.asarray(ascending[at] == values)


@dataclass(frozen=True, slots=True)
class _DocumentColumns:
    """The documents of an entry's JSON, a list per field, checked."""

    files: list[str]
    ids: list[str]
    titles: list[str]
    sources: list[str | None]
    published: list[date | None]
    urls: list[str | None]
    authors: list[str | None]


def _document_columns(meta: Any, key: str, path: Path) -> _DocumentColumns:
    """Each document field of the entry's JSON, checked: whole lists at a time, since a large
    archive has 50,000 documents and more."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION or meta.get("key") != key:
        raise CacheFormatError(path, "cache entry of another format or corpus")
    files, listed = meta.get("files"), meta.get("documents")
    if not isinstance(files, list) or not all(map(_is_relative_name, files)):
        raise CacheFormatError(path, "bad document file names")
    if not isinstance(listed, dict):
        raise CacheFormatError(path, "documents are not an object")
    columns: list[list[Any]] = []
    for name in _DOCUMENT_FIELDS:
        column = listed.get(name)
        if not isinstance(column, list):
            raise CacheFormatError(path, f"the documents' {name} is not a list")
        columns.append(column)
    ids, titles, *optional = columns
    if any(len(column) != len(ids) for column in columns):
        raise CacheFormatError(path, "document fields of different lengths")
    if not all(type(text) is str for text in (*ids, *titles)):
        raise CacheFormatError(path, "a document's id or title is not text")
    if not all(ids) or len(set(ids)) != len(ids):
        raise CacheFormatError(path, "an empty or repeated document id")
    if not all(text is None or type(text) is str for column in optional for text in column):
        raise CacheFormatError(path, "bad metadata in a document entry")
    sources, published, urls, authors = optional
    return _DocumentColumns(
        files=files,
        ids=ids,
        titles=titles,
        sources=sources,
        published=[date.fromisoformat(text) if text is not None else None for text in published],
        urls=urls,
        authors=authors,
    )


def _is_relative_name(name: object) -> bool:
    """Whether ``name`` is a path inside a folder: relative, no «..»."""
    if not isinstance(name, str) or not name or name.startswith("/"):
        return False
    parts = name.split("/")
    return ".." not in parts and any(part not in ("", ".") for part in parts)


def _check_postings(path: Path, postings: Postings) -> None:
    """Refuse postings that would index out of bounds or disagree with the sentence lengths."""
    sentences = postings.doc_len.size
    ids = postings.doc_ids
    offsets = postings.offsets
    if (
        offsets.size != len(postings.terms) + 1
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
    return cache_dir / f"index-{key}.json", cache_dir / f"index-{key}{ARRAYS_SUFFIX}"


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
            # The arrays of entries written before FORMAT_VERSION 4.
            (cache_dir / f"index-{key}.npz").unlink(missing_ok=True)
