"""Progress of long indexing work: a line that rewrites itself on a terminal, log lines otherwise.

Reading and indexing a news archive takes a while (about a minute at a million sentences), and a
silent process looks hung. Nothing is shown for work that ends within ``delay`` seconds, so small
corpora and tests stay quiet. No progress-bar dependency is needed for one line of text.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Protocol, TextIO

logger = logging.getLogger(__name__)

DEFAULT_DELAY = 2.0
DEFAULT_LOG_INTERVAL = 10.0
# A terminal line is redrawn at most this often.
_REDRAW_INTERVAL = 0.2


class Progress(Protocol):
    """Told how many items of a job are done so far, and when the job is over."""

    def update(self, done: int) -> None: ...

    def close(self) -> None: ...


class _Silent:
    def update(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


def silent_progress() -> Progress:
    """A Progress that shows nothing."""
    return _Silent()


class StderrProgress:
    """``label: done/total (pct) rate/s`` on stderr: redrawn in place on a terminal, otherwise
    logged every ``log_interval`` seconds. Quiet until the job has run for ``delay`` seconds."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "items",
        stream: TextIO | None = None,
        delay: float = DEFAULT_DELAY,
        log_interval: float = DEFAULT_LOG_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self._stream = stream if stream is not None else sys.stderr
        self._terminal = bool(getattr(self._stream, "isatty", lambda: False)())
        self._delay = delay
        self._log_interval = log_interval
        self._clock = clock
        self._started = clock()
        self._shown_at: float | None = None
        self._done = 0

    def update(self, done: int) -> None:
        self._done = done
        now = self._clock()
        if now - self._started < self._delay:
            return
        interval = _REDRAW_INTERVAL if self._terminal else self._log_interval
        if self._shown_at is not None and now - self._shown_at < interval:
            return
        self._shown_at = now
        self._show(now)

    def close(self) -> None:
        """Show the final count if anything was shown, and end the terminal line."""
        if self._shown_at is None:
            return
        self._show(self._clock())
        if self._terminal:
            self._stream.write("\n")
            self._stream.flush()
        self._shown_at = None

    def describe(self, now: float) -> str:
        elapsed = max(now - self._started, 1e-9)
        rate = self._done / elapsed
        if self.total:
            share = f"{self._done:,}/{self.total:,} {self.unit} ({self._done / self.total:.0%})"
        else:
            share = f"{self._done:,} {self.unit}"
        return f"{self.label}: {share}, {rate:,.0f}/s, {elapsed:.0f}s"

    def _show(self, now: float) -> None:
        text = self.describe(now)
        if self._terminal:
            self._stream.write("\r\033[K" + text)
            self._stream.flush()
        else:
            logger.info("%s", text)
