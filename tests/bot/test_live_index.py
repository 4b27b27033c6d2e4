"""The live index: rebuilt in a worker thread, swapped in whole, kept when the corpus is broken."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.live_index import IndexLoadError, LiveIndex
from retrieval.corpus import CorpusError
from retrieval.engine import Engine
from tests.support.corpora import SlowLoad
from tests.support.paths import SEEDS


async def test_the_old_engine_answers_until_the_new_one_is_ready(engine: Engine) -> None:
    release = threading.Event()
    new_engine = Engine.from_folder(SEEDS)

    def slow_load(folder: Path) -> Engine:
        assert release.wait(5), "the test never released the load"
        return new_engine

    index = LiveIndex(engine, SEEDS, load=slow_load)
    reloading = asyncio.create_task(index.reload())
    await asyncio.sleep(0.05)  # the load is under way in its thread; the loop is free
    assert index.engine is engine
    assert not reloading.done()
    release.set()
    result = await asyncio.wait_for(reloading, 5)
    assert result.ok
    assert index.engine is new_engine
    assert result.documents == len(new_engine.corpus.documents)
    assert result.sentences == new_engine.indexed_sentence_count


async def test_a_broken_corpus_keeps_the_old_engine_and_says_why(
    engine: Engine, tmp_path: Path
) -> None:
    index = LiveIndex(engine, tmp_path / "missing")
    result = await index.reload()
    assert not result.ok
    assert "corpus folder not found" in result.error
    assert str(tmp_path / "missing") in result.error
    assert index.engine is engine


async def test_an_unexpected_failure_keeps_the_old_engine_too(engine: Engine) -> None:
    def unreadable(folder: Path) -> Engine:
        raise PermissionError(13, "Permission denied", str(folder))

    index = LiveIndex(engine, SEEDS, load=unreadable)
    result = await index.reload()
    assert not result.ok
    assert result.error.startswith("PermissionError")
    assert index.engine is engine


async def test_reloads_run_one_at_a_time(engine: Engine) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def counting_load(folder: Path) -> Engine:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            if not folder.exists():
                raise CorpusError(folder, "corpus folder not found")
            return engine
        finally:
            with lock:
                running -= 1

    index = LiveIndex(engine, SEEDS, load=counting_load)
    results = await asyncio.gather(*(index.reload() for _ in range(5)))
    assert all(result.ok for result in results)
    assert most == 1


async def test_updates_wait_for_the_first_load_and_get_its_engine(engine: Engine) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(None, SEEDS, load=load)
    loading = asyncio.create_task(index.load())
    waiting = asyncio.create_task(index.wait(5))
    await asyncio.sleep(0.05)  # the load is under way in its thread; the loop is free
    assert not index.loaded and not waiting.done()
    load.release.set()
    assert await asyncio.wait_for(waiting, 5) is engine
    assert await asyncio.wait_for(loading, 5) is engine
    assert index.engine is engine
    assert await index.wait(0) is engine


async def test_waiting_for_the_first_load_gives_up_after_the_timeout(engine: Engine) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(None, SEEDS, load=load)
    loading = asyncio.create_task(index.load())
    try:
        assert await index.wait(0.05) is None
        with pytest.raises(RuntimeError, match="still loading"):
            index.engine  # noqa: B018
    finally:
        load.release.set()
        await asyncio.wait_for(loading, 5)


async def test_closing_releases_updates_still_waiting(engine: Engine) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(None, SEEDS, load=load)
    loading = asyncio.create_task(index.load())
    waiting = asyncio.create_task(index.wait(5))
    await asyncio.sleep(0.05)
    index.close()
    assert await asyncio.wait_for(waiting, 1) is None
    loading.cancel()
    load.release.set()


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (CorpusError(SEEDS, "no readable articles in corpus folder"), "no readable"),
        (PermissionError(13, "Permission denied"), "PermissionError: [Errno 13]"),
    ],
)
async def test_a_failed_first_load_says_why_and_releases_waiting_updates(
    engine: Engine, error: Exception, reason: str
) -> None:
    load = SlowLoad(engine, error=error)
    index = LiveIndex(None, SEEDS, load=load)
    loading = asyncio.create_task(index.load())
    waiting = asyncio.create_task(index.wait(5))
    load.release.set()
    with pytest.raises(IndexLoadError) as raised:
        await asyncio.wait_for(loading, 5)
    assert reason in raised.value.reason
    assert raised.value.corpus_error is (error if isinstance(error, CorpusError) else None)
    assert await asyncio.wait_for(waiting, 1) is None
    assert not index.loaded


async def test_a_reload_asked_for_during_the_first_load_runs_after_it(engine: Engine) -> None:
    reloaded = Engine.from_folder(SEEDS)
    order: list[str] = []
    release = threading.Event()

    def load(folder: Path) -> Engine:
        order.append("start")
        if len(order) == 1:
            assert release.wait(5), "the test never released the load"
        order.append("end")
        return engine if len(order) == 2 else reloaded

    index = LiveIndex(None, SEEDS, load=load)
    loading = asyncio.create_task(index.load())
    await asyncio.sleep(0.05)
    reloading = asyncio.create_task(index.reload())
    await asyncio.sleep(0.05)
    assert order == ["start"]  # the reload waits for the first load
    release.set()
    assert await asyncio.wait_for(loading, 5) is engine
    result = await asyncio.wait_for(reloading, 5)
    assert result.ok
    assert order == ["start", "end", "start", "end"]
    assert index.engine is reloaded


async def test_a_stopping_bot_does_not_wait_for_a_load_thread() -> None:
    release = threading.Event()

    def never(folder: Path) -> Engine:
        release.wait(5)
        raise CorpusError(folder, "released by the test")

    index = LiveIndex(None, SEEDS, load=never)
    loading = asyncio.create_task(index.load())
    await asyncio.sleep(0.05)
    threads = [t for t in threading.enumerate() if t.name == "sanad-index"]
    assert threads and all(t.daemon for t in threads)  # the interpreter exits without them
    loading.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loading
    release.set()


async def test_reloads_asked_for_while_one_runs_are_merged_into_one_more(engine: Engine) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(engine, SEEDS, load=load)
    first = asyncio.create_task(index.reload())
    await asyncio.sleep(0.05)  # the first rebuild is under way
    # Forty SIGHUPs while it runs: each must see a rebuild that starts after it, and one does.
    later = [asyncio.create_task(index.reload()) for _ in range(40)]
    await asyncio.sleep(0.05)
    load.release.set()
    results = await asyncio.wait_for(asyncio.gather(first, *later), 5)
    assert all(result.ok for result in results)
    assert load.calls == 2


async def test_a_request_after_the_merged_reload_started_gets_a_rebuild_of_its_own(
    engine: Engine,
) -> None:
    load = SlowLoad(engine)
    load.release.set()
    index = LiveIndex(engine, SEEDS, load=load)
    await index.reload()
    await index.reload()
    assert load.calls == 2


async def test_a_caller_giving_up_does_not_cancel_the_reload_others_wait_for(
    engine: Engine,
) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(engine, SEEDS, load=load)
    running = asyncio.create_task(index.reload())
    await asyncio.sleep(0.05)
    impatient = asyncio.create_task(index.reload())
    patient = asyncio.create_task(index.reload())
    await asyncio.sleep(0.01)
    impatient.cancel()
    load.release.set()
    assert (await asyncio.wait_for(patient, 5)).ok
    assert (await asyncio.wait_for(running, 5)).ok
    assert load.calls == 2
