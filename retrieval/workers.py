"""Worker processes for the per-file and per-sentence work of a cold start.

Reading and splitting the articles and analysing their sentences are the same pure work for
every file and sentence, and most of a cold start (about three quarters at a million sentences,
profiled). ``Workers.map`` runs such a function over consecutive chunks of a list in other
processes and gives the results back in the list's order, so the corpus and the index are the
ones the serial path builds; the parent keeps everything that depends on order (ids taken,
repeats, warnings, record numbers, the index itself).

Processes are forked when the caller is the only thread (cheap: nothing is imported again);
otherwise (the bot's load and ``/reload`` threads) they come from a fork server, since forking a
process whose other threads may hold locks is unsafe. When workers cannot be started, or die,
the rest is done here, after one warning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many article files a cold start takes a second or two, less than it would gain.
MIN_PARALLEL_FILES = 2_000
# Chunks waiting or running in the workers at a time, per worker: enough to keep them busy while
# the parent takes results, few enough that results never pile up in memory.
_IN_FLIGHT_PER_WORKER = 3


class Workers:
    """A pool of ``count`` worker processes, started at the first ``map`` and stopped by
    ``close`` (or leaving a ``with`` block)."""

    def __init__(self, count: int) -> None:
        if count < 2:
            raise ValueError(f"a pool needs at least 2 workers, got {count}")
        self.count = count
        self._executor: ProcessPoolExecutor | None = None
        self._failed = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def map(
        self,
        function: Callable[[list[Item]], list[Result]],
        items: Sequence[Item],
        *,
        chunk_size: int,
    ) -> Iterator[Result]:
        """``function`` over consecutive chunks of ``items`` in the workers, its results one by
        one in order: what ``function(list(items))`` would give. If the workers cannot start or
        die, the chunks not yet done are done here, after one warning. ``function`` must be a
        module-level function (or a ``functools.partial`` of one) of picklable values."""
        chunks = [list(items[i : i + chunk_size]) for i in range(0, len(items), chunk_size)]
        done = 0
        pending: deque[Future[list[Result]]] = deque()
        executor = None if self._failed else self._start()
        try:
            while executor is not None and done < len(chunks):
                while len(pending) < self.count * _IN_FLIGHT_PER_WORKER and done + len(
                    pending
                ) < len(chunks):
                    pending.append(executor.submit(function, chunks[done + len(pending)]))
                results = pending.popleft().result()
                done += 1
                yield from results
        except (BrokenProcessPool, OSError) as error:
            self._fail(f"worker processes stopped ({error})")
        finally:
            for future in pending:
                future.cancel()
        for chunk in chunks[done:]:
            yield from function(chunk)

    def _start(self) -> ProcessPoolExecutor | None:
        if self._executor is None:
            # Forking copies every thread's locks as they are; only the thread that forks runs
            # on in the child, so a lock another thread held would never be released there.
            alone = threading.active_count() == 1
            method = "fork" if alone and "fork" in _methods() else "forkserver"
            try:
                context = multiprocessing.get_context(method)
                self._executor = ProcessPoolExecutor(self.count, mp_context=context)
            except (OSError, ValueError) as error:
                self._fail(f"cannot start worker processes ({error})")
        return self._executor

    def _fail(self, problem: str) -> None:
        logger.warning("%s: reading and analysing the corpus in this process only", problem)
        self._failed = True
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def parallel_workers(requested: int | None, file_count: int) -> Workers | None:
    """A pool for a cold start over ``file_count`` files, or None to work in this process.

    ``requested`` None decides: a pool of one worker per core when the machine has more than one
    core and there are at least ``MIN_PARALLEL_FILES`` files; 1 never uses workers; n > 1 always
    starts n (the tests use this to check that both paths build the same index).
    """
    if requested is None:
        cores = os.cpu_count() or 1
        if cores < 2 or file_count < MIN_PARALLEL_FILES:
            return None
        return Workers(cores)
    if requested < 1:
        raise ValueError(f"workers must be at least 1, got {requested}")
    return Workers(requested) if requested > 1 else None
