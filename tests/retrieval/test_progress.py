"""Progress of long indexing: quiet when quick, a redrawn line on a terminal, else log lines."""

from __future__ import annotations

import io
import logging

import pytest

from retrieval.progress import StderrProgress


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quick_work_shows_nothing() -> None:
    clock, stream = FakeClock(), Terminal()
    progress = StderrProgress("indexing", total=100, stream=stream, clock=clock)
    clock.now = 1.0
    progress.update(100)
    progress.close()
    assert stream.getvalue() == ""


def test_terminal_gets_a_line_redrawn_in_place() -> None:
    clock, stream = FakeClock(), Terminal()
    progress = StderrProgress("indexing", total=200, unit="sentences", stream=stream, clock=clock)
    clock.now = 3.0
    progress.update(100)
    clock.now = 4.0
    progress.update(200)
    progress.close()
    text = stream.getvalue()
    assert text.count("\r") == 3
    assert "indexing: 100/200 sentences (50%)" in text
    assert "200/200 sentences (100%)" in text
    assert text.endswith("\n")


def test_without_terminal_progress_is_logged_periodically(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, stream = FakeClock(), io.StringIO()
    progress = StderrProgress("reading", total=1000, unit="files", stream=stream, clock=clock)
    with caplog.at_level(logging.INFO, logger="retrieval.progress"):
        for step in range(1, 31):
            clock.now = float(step)
            progress.update(step * 10)
        progress.close()
    assert stream.getvalue() == ""
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 4  # at 2 s, 12 s, 22 s and the final count
    assert messages[-1].startswith("reading: 300/1,000 files (30%)")
