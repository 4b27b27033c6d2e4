"""Start-up benchmark: how long from launching ``python -m bot`` to its first ``getUpdates``?

The bot runs as the operator runs it (a fresh process, settings from the environment) against the
tests' loopback Bot API stand-in (``tests/bot/http_botapi.py``) on 127.0.0.1; the clock starts
just before the process is spawned and stops when the stand-in receives the first getUpdates.
That covers the interpreter, the imports, reading and indexing the corpus (or loading its cache),
``getMe`` and the command menu. Run with ``make bench-startup``; ``--corpus DIR`` measures
another corpus, ``--runs N`` the number of launches.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bot.botapi import TOKEN
from tests.bot.http_botapi import HttpBotApi, running_bot_api

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120.0  # seconds; the bound on one launch


def time_to_first_poll(bot_api: HttpBotApi, corpus: Path, workdir: Path) -> float:
    """Seconds from spawning ``python -m bot`` to the stand-in's first getUpdates."""
    seen = len([call for call in bot_api.calls if call.method == "getUpdates"])
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": bot_api.base_url,
        "SANAD_CORPUS": str(corpus),
        "LOG_LEVEL": "WARNING",
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        bot_api.wait_for("getUpdates", count=seen + 1, timeout=TIMEOUT)
        return time.monotonic() - started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    """Launch the bot ``--runs`` times and print the start-up times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    corpus = options.corpus.resolve()
    with running_bot_api() as bot_api, tempfile.TemporaryDirectory() as workdir:
        seconds = [time_to_first_poll(bot_api, corpus, Path(workdir)) for _ in range(options.runs)]
    print("| corpus | runs | p50 s | max s |\n|---|---:|---:|---:|")
    print(
        f"| {corpus.name} | {len(seconds)} | {statistics.median(seconds):.2f} "
        f"| {max(seconds):.2f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
