"""The answering pool: each asker holds at most their share of its threads."""

from __future__ import annotations

import asyncio
import threading

from bot.answer_pool import AnswerPool

WAIT = 5.0


async def test_an_asker_with_answers_waiting_leaves_threads_for_others() -> None:
    pool = AnswerPool(threads=2, per_asker=1)
    release = threading.Event()
    running: list[str] = []

    def work(name: str) -> str:
        running.append(name)
        assert release.wait(WAIT), "the test never released the work"
        return name

    try:
        first = [asyncio.create_task(pool.run(1, work, f"a{n}")) for n in range(3)]
        await asyncio.sleep(0.05)
        assert running == ["a0"]  # the asker's others wait outside the pool
        other = asyncio.create_task(pool.run(2, work, "b"))
        await asyncio.sleep(0.05)
        assert running == ["a0", "b"]  # a thread was free for the other asker
        release.set()
        assert await asyncio.wait_for(asyncio.gather(*first, other), WAIT) == [
            "a0",
            "a1",
            "a2",
            "b",
        ]
    finally:
        release.set()
        pool.close()


async def test_the_pool_forgets_askers_once_their_answers_are_done() -> None:
    pool = AnswerPool()
    try:
        for asker in range(100):
            assert await pool.run(asker, str, asker) == str(asker)
        assert pool.askers_in_hand() == 0
    finally:
        pool.close()
