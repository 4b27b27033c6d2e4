"""The engine: a corpus, its index, and the judge that answers from them; built once.

``Engine(corpus)`` indexes a corpus in memory; ``Engine.from_folder`` reads a folder and, for a
large corpus, reuses the index cached on disk by an earlier start (``retrieval.index_cache``).
Which sentences are indexed is ``retrieval.indexed``'s business; how a question is answered from
them, ``retrieval.judge``'s.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from retrieval import index_cache
from retrieval.corpus import (
    DEFAULT_MAX_FILE_BYTES,
    Corpus,
    CorpusError,
    article_files,
    load_corpus,
)
from retrieval.duplicates import RepeatLog, Repeats
from retrieval.fields import FieldMap
from retrieval.followup import FollowUpContext
from retrieval.index import EmptyIndexError
from retrieval.indexed import IndexedView, answerable_sentences
from retrieval.inverted import InvertedBM25Index
from retrieval.judge import Judge, Models
from retrieval.progress import Progress, StderrProgress
from retrieval.provenance import Provenance
from retrieval.results import Answer
from retrieval.sentence_table import SentenceTable
from retrieval.workers import Workers, parallel_workers

logger = logging.getLogger(__name__)

DEFAULT_TOP_K = 3


class Engine:
    """Cited answers from one corpus; the index is built once, at construction."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        progress: Progress | None = None,
        models: Models | None = None,
        workers: Workers | None = None,
    ) -> None:
        positions: list[int] = []
        repeats = RepeatLog()
        tokenized = answerable_sentences(corpus, positions, progress, repeats, workers)
        try:
            with cycle_collection_paused():
                index = InvertedBM25Index(tokenized)
        except EmptyIndexError:
            raise CorpusError(
                corpus.root, "no sentence long enough to answer from in corpus folder"
            ) from None
        finally:
            if progress is not None:
                progress.close()
        self._init(corpus, positions, index, repeats.freeze(), models)

    def _init(
        self,
        corpus: Corpus,
        positions: Sequence[int],
        index: InvertedBM25Index,
        repeats: Repeats,
        models: Models | None = None,
    ) -> None:
        """The engine over an index built here or read from the cache; the indexed sentences
        are made when read, from the corpus (``IndexedView``)."""
        table = SentenceTable.build(corpus, positions)
        sentences = IndexedView(corpus, table)
        self.corpus = corpus
        self._sentences = sentences
        self._positions = positions
        self._inverted = index
        self._repeats = repeats
        provenance = Provenance(corpus, repeats)
        self.judge = Judge(corpus, sentences, index, table, provenance, models)
        logger.info(
            "indexed %d sentences from %d documents in %s",
            len(self._sentences),
            len(corpus.documents),
            corpus.root,
        )

    @classmethod
    def from_folder(
        cls,
        folder: Path | str,
        *,
        cache_dir: Path | None = index_cache.DEFAULT_CACHE_DIR,
        cache_min_bytes: int = index_cache.DEFAULT_MIN_CORPUS_BYTES,
        show_progress: bool = True,
        max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
        fields: FieldMap = FieldMap.DEFAULT,
        workers: int | None = None,
    ) -> Engine:
        """Load the corpus under ``folder`` and index it, or reuse its cached index.

        Corpora of at least ``cache_min_bytes`` are cached under ``cache_dir`` (None: never);
        see ``retrieval.index_cache``. ``show_progress`` reports long loading on stderr. Files
        and records larger than ``max_file_bytes`` are skipped (None: no limit); ``fields`` says
        which record fields hold an article's title, text and metadata. ``workers`` processes
        read and analyse a corpus that is not cached (``retrieval.workers.parallel_workers``:
        None decides by the corpus's size and the machine's cores, 1 works in this process).
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise CorpusError(folder, "corpus folder not found")
        articles = article_files(folder, max_file_bytes=max_file_bytes)
        fingerprint = None
        if cache_dir is not None:
            options = index_cache.reading_options(max_file_bytes, fields)
            fingerprint = index_cache.fingerprint(folder, articles, reading=options)
            if fingerprint.total_bytes < cache_min_bytes:
                fingerprint = None
        if cache_dir is not None and fingerprint is not None:
            cached = index_cache.load(cache_dir, fingerprint)
            if cached is not None:
                logger.info("reusing the cached index of %s from %s", folder, cache_dir)
                return cls._from_cache(cached)
        reading = _progress(show_progress, "reading", len(articles), "files")
        with contextlib.ExitStack() as stack:
            pool = parallel_workers(workers, len(articles))
            if pool is not None:
                stack.enter_context(pool)
            with cycle_collection_paused():
                corpus = load_corpus(
                    folder,
                    progress=reading,
                    files=articles,
                    max_file_bytes=max_file_bytes,
                    fields=fields,
                    workers=pool,
                )
            engine = cls(
                corpus,
                progress=_progress(show_progress, "indexing", corpus.sentence_count, "sentences"),
                workers=pool,
            )
        if cache_dir is not None and fingerprint is not None:
            try:
                path = index_cache.save(
                    cache_dir,
                    fingerprint,
                    corpus,
                    engine._positions,
                    engine._inverted,
                    engine._repeats,
                )
            except (OSError, ValueError) as error:
                # The engine is ready; only the next start will be slower.
                logger.warning("could not save the index cache in %s: %s", cache_dir, error)
            else:
                logger.info("saved the index of %s to %s", folder, path)
        return engine

    @classmethod
    def _from_cache(cls, cached: index_cache.CachedIndex) -> Engine:
        engine = cls.__new__(cls)
        positions = cast("Sequence[int]", cached.positions)  # an int64 array, read like a list
        engine._init(cached.corpus, positions, cached.index, cached.repeats)
        return engine

    @property
    def indexed_sentence_count(self) -> int:
        return len(self._sentences)

    def answer(
        self,
        question: str,
        *,
        top_k: int = DEFAULT_TOP_K,
        context: FollowUpContext | None = None,
    ) -> Answer:
        """The best ``top_k`` sentences that answer the question, or found=False. ``context``
        is the previous question of the same conversation (see ``retrieval.followup``)."""
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        return self.judge.answer(question, top_k=top_k, context=context)


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a corpus is read or indexed, then let it run again
    (unless it was off already). Reading and indexing make millions of objects that live as
    long as the engine and form no cycles, and each full pass of the collector walks all of
    them: 12 passes took 3.3 s of a cold start at a million sentences."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _progress(show: bool, label: str, total: int | None, unit: str) -> Progress | None:
    return StderrProgress(label, total=total, unit=unit) if show else None
