"""An on-disk cache of an indexed corpus, so that restarting over a large archive is fast.

Reading, splitting and analyzing a million sentences takes a minute or more; loading the result
takes seconds. An entry holds everything the Engine needs without reading the articles again:
the documents (ids, titles, sentences with their line numbers), which sentences are indexed, and
the postings. It is two files, ``<key>.npz`` (numpy arrays, read with ``allow_pickle=False``) and
``<key>.json`` (document metadata); nothing is unpickled, so a planted cache file cannot run code.

The key is a hash of the corpus files' relative names, sizes and modification times, plus the
source of the modules that decide what gets indexed: editing an article, adding or removing one,
or upgrading the analysis code all lead to a rebuild. One entry is kept per corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import BinaryIO

import numpy as np

from retrieval.corpus import ArticleFile, Corpus, Document, Sentence, article_files
from retrieval.inverted import InvertedBM25Index, Postings

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
DEFAULT_CACHE_DIR = Path(".sanad-cache")
# Smaller corpora index in well under a second: not worth a cache entry in the working directory.
DEFAULT_MIN_CORPUS_BYTES = 2_000_000
# Modules whose code decides which sentences are indexed and with what terms.
_ANALYSIS_MODULES = (
    "engine", "boilerplate", "corpus", "glued", "index", "inverted", "months", "normalize",
    "sentences", "stem", "stopwords", "synonyms", "terms",
)  # fmt: skip
_SEPARATOR = "\x00"


class CacheFormatError(ValueError):
    """A cache entry is unreadable or inconsistent; carries the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{problem}: {path}")
        self.path = path


@dataclass(frozen=True, slots=True)
class CorpusFingerprint:
    """What the cache key is made of: the corpus files' names, sizes and mtimes."""

    root: Path
    files: tuple[tuple[str, int, int], ...]  # (relative name, size in bytes, mtime in ns)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self.files)

    @property
    def key(self) -> str:
        digest = hashlib.sha256()
        # The folder itself is part of the key: two folders with files of the same names, sizes
        # and times must not share an index.
        digest.update(
            json.dumps([FORMAT_VERSION, _analysis_code_digest(), str(self.root.resolve())]).encode()
        )
        for name, size, mtime in self.files:
            digest.update(f"{name}\x00{size}\x00{mtime}\n".encode())
        return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CachedIndex:
    """An Engine's parts as stored: the corpus, the indexed sentences' positions, the postings."""

    corpus: Corpus
    positions: np.ndarray  # int64: index of each indexed sentence in the corpus' reading order
    postings: Postings
    bounds: np.ndarray  # the index's per-term score bounds, costly to recompute


def fingerprint(root: Path, files: Sequence[ArticleFile] | None = None) -> CorpusFingerprint:
    """The state of the articles under ``root``: ``files``, else ``article_files(root)``."""
    if files is None:
        files = article_files(root)
    base = str(root)
    entries = tuple(
        (Path(os.path.relpath(article.path, base)).as_posix(), article.size, article.mtime_ns)
        for article in files
    )
    return CorpusFingerprint(root=root, files=entries)


def load(cache_dir: Path, fingerprint: CorpusFingerprint) -> CachedIndex | None:
    """The entry for this corpus state, or None when there is none (or it is unreadable)."""
    key = fingerprint.key
    meta_path, arrays_path = _paths(cache_dir, key)
    if not meta_path.is_file() or not arrays_path.is_file():
        return None
    try:
        return _read(meta_path, arrays_path, fingerprint)
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as error:
        logger.warning("ignoring unreadable index cache %s: %s", arrays_path, error)
        return None


def save(
    cache_dir: Path,
    fingerprint: CorpusFingerprint,
    corpus: Corpus,
    positions: Sequence[int],
    index: InvertedBM25Index,
) -> Path:
    """Write the entry for this corpus state and drop older entries of the same folder."""
    postings = index.postings
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = fingerprint.key
    meta_path, arrays_path = _paths(cache_dir, key)
    sentences = [s for document in corpus.documents for s in document.sentences]
    texts = [s.text for s in sentences]
    if any(_SEPARATOR in term for term in postings.terms):
        raise ValueError("index terms must not contain NUL characters to be cached")
    text_ends = np.cumsum([len(text) for text in texts], dtype=np.int64)
    arrays = {
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
    }
    meta = {
        "format": FORMAT_VERSION,
        "key": key,
        "root": str(fingerprint.root.resolve()),
        "documents": [
            [d.doc_id, d.title, d.path.relative_to(corpus.root).as_posix()]
            for d in corpus.documents
        ],
    }
    _write_atomically(arrays_path, lambda f: np.savez(f, **arrays))
    _write_atomically(meta_path, lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode()))
    _drop_other_entries(cache_dir, str(fingerprint.root.resolve()), key)
    return arrays_path


def _read(meta_path: Path, arrays_path: Path, fingerprint: CorpusFingerprint) -> CachedIndex:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT_VERSION or meta.get("key") != fingerprint.key:
        raise CacheFormatError(meta_path, "cache entry of another format or corpus")
    with np.load(arrays_path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    root = fingerprint.root
    text = arrays["texts"].tobytes().decode("utf-8")
    ends = arrays["text_ends"].tolist()
    lines = arrays["lines"].tolist()
    counts = arrays["sentence_counts"].tolist()
    if len(counts) != len(meta["documents"]) or not sum(counts) == len(ends) == len(lines):
        raise CacheFormatError(arrays_path, "inconsistent sentence counts")
    texts = [text[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
    del text
    documents = []
    at = 0
    for (doc_id, title, relative), count in zip(meta["documents"], counts, strict=True):
        sentences = tuple(
            map(
                Sentence,
                repeat(doc_id, count),
                range(1, count + 1),
                texts[at : at + count],
                lines[at : at + count],
            )
        )
        documents.append(
            Document(doc_id=doc_id, title=title, path=root / relative, sentences=sentences)
        )
        at += count
    terms = arrays["terms"].tobytes().decode("utf-8").split(_SEPARATOR)
    postings = Postings(
        terms=tuple(terms),
        offsets=arrays["offsets"],
        doc_ids=arrays["doc_ids"],
        tfs=arrays["tfs"],
        doc_len=arrays["doc_len"],
    )
    _check_postings(arrays_path, postings)
    if arrays["bounds"].shape != (len(terms),):
        raise CacheFormatError(arrays_path, "inconsistent score bounds")
    positions = arrays["positions"]
    if positions.size != postings.doc_len.size or (
        positions.size and not 0 <= positions.min() <= positions.max() < len(ends)
    ):
        raise CacheFormatError(arrays_path, "inconsistent sentence positions")
    return CachedIndex(
        corpus=Corpus(root=root, documents=tuple(documents)),
        positions=positions,
        postings=postings,
        bounds=arrays["bounds"],
    )


def _check_postings(path: Path, postings: Postings) -> None:
    """Refuse arrays that would index out of bounds (a truncated or foreign file)."""
    sentences = postings.doc_len.size
    ids = postings.doc_ids
    if (
        postings.offsets.size != len(postings.terms) + 1
        or postings.offsets[0] != 0
        or postings.offsets[-1] != postings.doc_ids.size
        or postings.tfs.size != postings.doc_ids.size
        or np.any(np.diff(postings.offsets) < 1)
        or (ids.size and not 0 <= ids.min() <= ids.max() < sentences)
    ):
        raise CacheFormatError(path, "inconsistent postings")


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
            same_root = json.loads(meta_path.read_text(encoding="utf-8")).get("root") == root
        except (OSError, ValueError):
            continue
        if same_root:
            for stale in _paths(cache_dir, key):
                stale.unlink(missing_ok=True)


@cache
def _analysis_code_digest() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _ANALYSIS_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()
