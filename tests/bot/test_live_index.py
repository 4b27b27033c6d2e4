"""The live index: rebuilt in a worker thread, swapped in whole, kept when the corpus is broken."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.live_index import LiveIndex
from retrieval.answer import Engine
from retrieval.corpus import CorpusError
from tests.bot.conftest import SEEDS


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
