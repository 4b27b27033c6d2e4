"""The bot as the operator runs it: a child process (``python -m bot`` or ``sanad bot``) in an
empty folder, pointed at the loopback Bot API stand-in, and the means to watch and stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tests.support.botapi import TOKEN
from tests.support.http_botapi import HttpBotApi
from tests.support.paths import SEEDS

PYTHON_M_BOT = ("-m", "bot")
SANAD_BOT = ("-m", "sanad", "bot")


def stop_with(process: subprocess.Popen[str], stop_signal: signal.Signals) -> tuple[str, float]:
    """Send ``stop_signal`` and wait (10 s at most): the process's stderr and the seconds taken."""
    stopped_at = time.monotonic()
    process.send_signal(stop_signal)
    _, stderr = process.communicate(timeout=10)
    return stderr, time.monotonic() - stopped_at


@contextmanager
def killed_on_failure(process: subprocess.Popen[str]) -> Iterator[None]:
    """Kill the bot if the block fails before it stopped, so no process outlives its test."""
    try:
        yield
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def start_bot(
    tmp_path: Path,
    bot_api: HttpBotApi,
    *,
    code: str | None = None,
    args: Sequence[str] = PYTHON_M_BOT,
    **extra: str,
) -> subprocess.Popen[str]:
    """``python ARGS`` (default ``python -m bot``; or ``python -c code``) in an empty folder (no
    .env) with the token and the stand-in's URL in its environment, and ``extra`` settings."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": bot_api.base_url,
        "SANAD_CORPUS": str(SEEDS),
        "LOG_LEVEL": "DEBUG",
        **extra,
    }
    return subprocess.Popen(
        [sys.executable, *args] if code is None else [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class StderrLines:
    """Lines of a child's stderr, read in a thread so a test can wait for one."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        assert process.stderr is not None
        self._thread = threading.Thread(target=self._read, args=(process.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, fragment: str, *, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (found := [line for line in self.lines if fragment in line]):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no {fragment!r} in stderr: {''.join(self.lines)[-2000:]}")
                self._changed.wait(remaining)
            return found[0]

    def text(self) -> str:
        self._thread.join(timeout=5)
        return "".join(self.lines)
