"""The index the bot answers from: loaded in the background, rebuilt on request, swapped at once.

The bot polls before its index exists: ``LiveIndex(None, corpus)`` starts empty, and ``load``
reads and indexes the corpus in a daemon thread while updates come in. Handlers ``wait`` for it,
for a bounded time. SIGHUP and an admin's /reload call ``LiveIndex.reload``: the corpus is read
and indexed in a worker thread while the old engine keeps answering; then one assignment puts the
new engine in place. An update gets its engine once and uses it throughout, so no reply mixes
the two. A corpus that cannot be reloaded leaves the old engine in place, and the result says why.

Loads and reloads run one at a time, in the order asked, so a reload asked for during the first
load runs after it. Requests that arrive while a reload waits to start are merged into it: forty
SIGHUPs in two seconds cost at most two rebuilds, not forty, and each request is still answered
by a rebuild that started after it was made. Their threads are daemon threads, so a bot told to
stop never waits for one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from retrieval.corpus import CorpusError
from retrieval.engine import Engine

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What a reload did: the new index's size, or why the old one is still in use."""

    ok: bool
    documents: int = 0
    sentences: int = 0
    error: str = ""


class IndexLoadError(Exception):
    """The first index could not be built, so the bot has nothing to answer from.

    ``corpus_error`` is set when the corpus itself is the problem (the operator can fix it).
    """

    def __init__(self, corpus: Path, reason: str, corpus_error: CorpusError | None) -> None:
        super().__init__(f"could not load the index from {corpus}: {reason}")
        self.corpus = corpus
        self.reason = reason
        self.corpus_error = corpus_error


class LiveIndex:
    """The current engine, and the means to load or replace it from ``corpus`` without stopping.

    ``engine`` None means not loaded yet: call ``load`` once the event loop runs.
    """

    def __init__(
        self,
        engine: Engine | None,
        corpus: Path,
        *,
        load: Callable[[Path], Engine] = Engine.from_folder,
    ) -> None:
        self._engine = engine
        self._corpus = corpus
        self._load = load
        self._lock = asyncio.Lock()
        # The reload asked for but not started yet; later requests join it rather than queue.
        self._queued_reload: asyncio.Task[ReloadResult] | None = None
        # Set once waiting is over: the first engine is in place, its load failed, or the bot
        # is stopping.
        self._settled = asyncio.Event()
        if engine is not None:
            self._settled.set()

    @property
    def loaded(self) -> bool:
        """Whether there is an engine to answer from."""
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        """The engine to answer from now; only once ``loaded``."""
        if self._engine is None:
            raise RuntimeError(f"the index of {self._corpus} is still loading")
        return self._engine

    async def wait(self, timeout: float) -> Engine | None:
        """The engine, waiting up to ``timeout`` seconds for the first load.

        None when the first load takes longer, has failed, or the bot is stopping (``close``).
        """
        if self._engine is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._settled.wait(), timeout)
        return self._engine

    def close(self) -> None:
        """Stop making updates wait for the first load: ``wait`` returns None from now on."""
        self._settled.set()

    async def load(self) -> Engine:
        """Build the first index from the corpus folder; raise IndexLoadError if it cannot be."""
        async with self._lock:
            logger.info("loading the index from %s in the background", self._corpus)
            started = time.monotonic()
            try:
                engine = await in_daemon_thread(self._load, self._corpus)
            except CorpusError as error:
                self._settled.set()
                logger.error("could not load the index: %s", error)
                raise IndexLoadError(self._corpus, str(error), error) from None
            except Exception as error:  # an unreadable file, a bug: nothing to answer from
                self._settled.set()
                reason = f"{type(error).__name__}: {error}"
                logger.error("could not load the index from %s: %s", self._corpus, reason)
                logger.debug("the load failed here", exc_info=error)
                raise IndexLoadError(self._corpus, reason, None) from None
            self._engine = engine
            self._settled.set()
            logger.info(
                "loaded the index in %.1f s: %d documents, %d sentences",
                time.monotonic() - started,
                len(engine.corpus.documents),
                engine.indexed_sentence_count,
            )
            return engine

    async def reload(self) -> ReloadResult:
        """Rebuild the index from the corpus folder and swap it in; keep the old one on failure.

        Reloads run one at a time, after the first load; one asked for during another runs after
        it, so the last request always sees the corpus as it was when it was made. A request made
        while another one still waits to start shares that one's rebuild and result.
        """
        queued = self._queued_reload
        if queued is not None:
            logger.info("a reload is already waiting to start; this request joins it")
        else:
            queued = asyncio.create_task(self._reload_when_free())
            self._queued_reload = queued
        # Shielded: a caller that gives up (a stopping handler) does not cancel the others' reload.
        return await asyncio.shield(queued)

    async def _reload_when_free(self) -> ReloadResult:
        async with self._lock:
            self._queued_reload = None  # from here on, a new request needs a new rebuild
            logger.info("reloading the index from %s", self._corpus)
            try:
                engine = await in_daemon_thread(self._load, self._corpus)
            except CorpusError as error:
                logger.error("reload failed, still answering from the old index: %s", error)
                return ReloadResult(ok=False, error=str(error))
            except Exception as error:  # an unreadable file, a bug: the old index is still good
                logger.exception("reload failed, still answering from the old index")
                return ReloadResult(ok=False, error=f"{type(error).__name__}: {error}")
            self._engine = engine
            self._settled.set()
            result = ReloadResult(
                ok=True,
                documents=len(engine.corpus.documents),
                sentences=engine.indexed_sentence_count,
            )
            logger.info(
                "reloaded the index: %d documents, %d sentences", result.documents, result.sentences
            )
            return result


async def in_daemon_thread(function: Callable[[Path], T], argument: Path) -> T:
    """``function(argument)`` in a daemon thread, awaited without blocking the event loop.

    Unlike ``asyncio.to_thread``, whose pool threads are joined when the loop and the interpreter
    shut down, a daemon thread does not keep a stopping bot alive until an index is built.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the awaiting task was cancelled: the bot is stopping
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = function(argument), None
        except BaseException as raised:  # handed to the awaiting task, which decides
            result, error = None, raised
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="sanad-index", daemon=True).start()
    return await future
