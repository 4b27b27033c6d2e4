"""The index the bot answers from, rebuilt in the background and swapped in at once.

SIGHUP and an admin's /reload call ``LiveIndex.reload``: the corpus is read and indexed in a worker
thread while the old engine keeps answering; then one assignment puts the new engine in place.
An update reads ``LiveIndex.engine`` once and uses that engine throughout, so no reply mixes the
two. A corpus that cannot be loaded leaves the old engine in place, and the result says why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.answer import Engine
from retrieval.corpus import CorpusError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What a reload did: the new index's size, or why the old one is still in use."""

    ok: bool
    documents: int = 0
    sentences: int = 0
    error: str = ""


class LiveIndex:
    """The current engine, and the means to replace it from ``corpus`` without stopping."""

    def __init__(
        self,
        engine: Engine,
        corpus: Path,
        *,
        load: Callable[[Path], Engine] = Engine.from_folder,
    ) -> None:
        self._engine = engine
        self._corpus = corpus
        self._load = load
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> Engine:
        """The engine to answer from now."""
        return self._engine

    async def reload(self) -> ReloadResult:
        """Rebuild the index from the corpus folder and swap it in; keep the old one on failure.

        Reloads run one at a time; one asked for during another runs after it, so the last
        request always sees the corpus as it was when it was made.
        """
        async with self._lock:
            logger.info("reloading the index from %s", self._corpus)
            try:
                engine = await asyncio.to_thread(self._load, self._corpus)
            except CorpusError as error:
                logger.error("reload failed, still answering from the old index: %s", error)
                return ReloadResult(ok=False, error=str(error))
            except Exception as error:  # an unreadable file, a bug: the old index is still good
                logger.exception("reload failed, still answering from the old index")
                return ReloadResult(ok=False, error=f"{type(error).__name__}: {error}")
            self._engine = engine
            result = ReloadResult(
                ok=True,
                documents=len(engine.corpus.documents),
                sentences=engine.indexed_sentence_count,
            )
            logger.info(
                "reloaded the index: %d documents, %d sentences", result.documents, result.sentences
            )
            return result
