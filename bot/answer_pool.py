"""The threads that work out answers, shared fairly: one user cannot occupy them all.

Answers are worked out in worker threads so the event loop stays free. asyncio's default pool
(min(32, CPUs + 4) threads) is shared with everything else that uses ``to_thread``, and nothing
stopped one user from filling it: six ``/ask`` from six groups, well within the rate limit, kept
every other user waiting. Here answers get their own pool of ``threads``, and each asker (a user,
or the chat an anonymous admin or a channel speaks as) has at most ``per_asker`` answers in it at
once; their further questions wait for their own earlier ones, outside the pool.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

# Threads that work out answers. Answering holds the GIL, so more threads than this add no speed
# on 2 cores; they only let a few slow answers run beside quick ones.
ANSWER_THREADS = 4
# Answers one asker may have in the pool at once.
ANSWERS_PER_ASKER = 1

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class _Asker:
    turns: asyncio.Semaphore
    in_hand: int = 0


@dataclass
class AnswerPool:
    """A dedicated thread pool where each asker holds at most ``per_asker`` threads at once."""

    threads: int = ANSWER_THREADS
    per_asker: int = ANSWERS_PER_ASKER
    _executor: ThreadPoolExecutor = field(init=False, repr=False)
    # Only askers with an answer in hand or waiting have an entry, so this stays small.
    _askers: dict[int, _Asker] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.threads < 1 or self.per_asker < 1:
            raise ValueError("threads and per_asker must be at least 1")
        self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="sanad-answer")

    async def run(
        self, asker: int, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``function(*args, **kwargs)`` in the pool, after ``asker``'s earlier answers."""
        entry = self._askers.get(asker)
        if entry is None:
            entry = self._askers[asker] = _Asker(asyncio.Semaphore(self.per_asker))
        entry.in_hand += 1
        try:
            async with entry.turns:
                loop = asyncio.get_running_loop()
                call = functools.partial(function, *args, **kwargs)
                return await loop.run_in_executor(self._executor, call)
        finally:
            entry.in_hand -= 1
            if entry.in_hand == 0:
                del self._askers[asker]

    def askers_in_hand(self) -> int:
        """How many askers have an answer running or waiting (for tests of its memory)."""
        return len(self._askers)

    def close(self) -> None:
        """Stop taking work; answers under way finish in their threads, none waits for them."""
        self._executor.shutdown(wait=False, cancel_futures=True)
