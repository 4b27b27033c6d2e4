"""Reading and analysing a corpus in worker processes builds what one process builds."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from retrieval import corpus as corpus_module
from retrieval import indexed as indexed_module
from retrieval.engine import Engine
from retrieval.workers import MIN_PARALLEL_FILES, Workers, parallel_workers

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Forty articles made from the seeds (copies of one another across files, so repeats are
    found), bad files, an id taken twice and a collection file among them."""
    folder = tmp_path / "corpus"
    (folder / "more").mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(40):
        shutil.copy(seeds[number % len(seeds)], folder / f"{number:03d}.txt")
    (folder / "010a.txt").write_bytes(b"")
    (folder / "020a.txt").write_bytes("عنوان\n\nخبر بترميز آخر".encode("cp1256"))
    (folder / "030a.txt").write_text("\n\n\n", encoding="utf-8")
    shutil.copy(seeds[0], folder / "more" / "005.txt")  # doc_id 005 is taken
    records = [
        {"title": "خبر من أرشيف", "content": "قال الوزير إن المشروع يكتمل العام المقبل."},
        {"title": "بلا نص", "content": ""},
    ]
    lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    (folder / "025.jsonl").write_text(lines + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many chunks, so that the order in which results come back is put to the test.
    monkeypatch.setattr(corpus_module, "_FILES_PER_CHUNK", 3)
    monkeypatch.setattr(indexed_module, "_SENTENCES_PER_CHUNK", 17)


def _build(folder: Path, workers: int) -> Engine:
    return Engine.from_folder(folder, cache_dir=None, show_progress=False, workers=workers)


def _assert_same_build(serial: Engine, parallel: Engine) -> None:
    assert parallel.corpus == serial.corpus
    assert list(parallel._positions) == list(serial._positions)
    ours, theirs = parallel._inverted._bm25.postings, serial._inverted._bm25.postings
    assert ours.terms == theirs.terms
    for name in ("offsets", "doc_ids", "tfs", "doc_len"):
        assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name
        assert getattr(ours, name).dtype == getattr(theirs, name).dtype, name
    assert np.array_equal(parallel._repeats.originals, serial._repeats.originals)
    assert np.array_equal(parallel._repeats.copies, serial._repeats.copies)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.usefixtures("small_chunks")
def test_two_workers_build_the_corpus_and_index_one_process_builds(
    mixed_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        serial = _build(mixed_folder, 1)
    serial_warnings = _warnings(caplog)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        parallel = _build(mixed_folder, 2)
    _assert_same_build(serial, parallel)
    assert len(serial._repeats.copies) > 0  # the copies across files were found as repeats
    # The same warnings, in the same order, each once, logged by this process.
    assert _warnings(caplog) == serial_warnings
    assert sum("010a.txt" in message for message in serial_warnings) == 1
    assert any("020a.txt" in message and "UTF-8" in message for message in serial_warnings)
    assert any("already taken" in message for message in serial_warnings)
    assert any("without text" in message for message in serial_warnings)
    assert parallel.answer("متى اتفقا على الهدنة الإنسانية؟") == serial.answer(
        "متى اتفقا على الهدنة الإنسانية؟"
    )


@pytest.mark.usefixtures("small_chunks")
def test_workers_started_from_another_thread_build_the_same(mixed_folder: Path) -> None:
    # The bot loads and reloads its index in a thread: its workers come from a fork server.
    serial = _build(mixed_folder, 1)
    built: list[Engine] = []
    thread = threading.Thread(target=lambda: built.append(_build(mixed_folder, 2)))
    thread.start()
    thread.join(timeout=120)
    assert built, "the build in a thread did not finish"
    _assert_same_build(serial, built[0])


@pytest.mark.usefixtures("small_chunks")
def test_workers_that_cannot_start_leave_the_work_to_this_process_with_one_warning(
    mixed_folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    serial = _build(mixed_folder, 1)

    def no_processes(method: str) -> None:
        raise OSError(f"no {method} here")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    with caplog.at_level(logging.WARNING, logger="retrieval.workers"):
        parallel = _build(mixed_folder, 2)
    _assert_same_build(serial, parallel)
    stopped = [r for r in caplog.records if r.name == "retrieval.workers"]
    assert len(stopped) == 1
    assert "cannot start worker processes" in stopped[0].getMessage()


def _square_all(numbers: list[int]) -> list[int]:
    return [number * number for number in numbers]


def _die_on_seven(numbers: list[int]) -> list[int]:
    if 7 in numbers and multiprocessing.parent_process() is not None:
        os._exit(1)  # the worker process ends, as one killed would
    return _square_all(numbers)


def test_workers_that_die_leave_the_rest_to_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with Workers(2) as workers, caplog.at_level(logging.WARNING, logger="retrieval.workers"):
        results = list(workers.map(_die_on_seven, list(range(30)), chunk_size=4))
        again = list(workers.map(_square_all, list(range(5)), chunk_size=2))
    assert results == [number * number for number in range(30)]
    assert again == [0, 1, 4, 9, 16]
    assert len([r for r in caplog.records if r.name == "retrieval.workers"]) == 1


def test_map_gives_results_in_order_whatever_the_chunk_size() -> None:
    with Workers(2) as workers:
        for size in (1, 3, 100):
            assert list(workers.map(_square_all, list(range(20)), chunk_size=size)) == [
                number * number for number in range(20)
            ]
        assert list(workers.map(_square_all, [], chunk_size=5)) == []


def test_workers_are_used_only_when_asked_or_when_they_pay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert parallel_workers(None, MIN_PARALLEL_FILES - 1) is None
    automatic = parallel_workers(None, MIN_PARALLEL_FILES)
    assert automatic is not None and automatic.count == 2
    assert parallel_workers(1, 100_000) is None
    forced = parallel_workers(2, 3)
    assert forced is not None and forced.count == 2
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert parallel_workers(None, 100_000) is None
    with pytest.raises(ValueError, match="at least 1"):
        parallel_workers(0, 10)
