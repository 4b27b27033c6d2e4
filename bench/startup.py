"""Start-up benchmark: how long from launching ``python -m bot`` to polling, and to a first answer?

The bot runs as the operator runs it (a fresh process, settings from the environment) against the
tests' loopback Bot API stand-in (``tests/bot/http_botapi.py``) on 127.0.0.1. One question is
waiting in the stand-in before the launch, as if a user had asked while the bot was down. The
clock starts just before the process is spawned and reads two times from the stand-in: its first
``getUpdates`` (the bot is polling) and the ``sendMessage`` that answers the question. That covers
the interpreter, the imports, reading and indexing the corpus (or loading its cache), ``getMe``
and the command menu. When the index takes longer than the bot lets a question wait, the reply is
"still loading, ask again": the question is then asked again at once, as a user would, and the
first answer is the first reply that is not that; such replies are counted.

Every launch shares one working folder, so with a corpus large enough to be cached (see
``retrieval.index_cache``) the first launch builds the cache and the others reuse it; the first
launch is reported on its own. Run with ``make bench-startup``; ``--corpus DIR`` measures another
corpus, ``--runs N`` the number of launches.
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
from dataclasses import dataclass
from pathlib import Path

from bot import wording
from tests.support.botapi import TOKEN, UpdateFactory
from tests.support.http_botapi import running_bot_api

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300.0  # seconds; the bound on one launch (a cold 1M-sentence build takes ~2 min)
QUESTION = "متى اتفقا على الهدنة الإنسانية؟"


@dataclass(frozen=True, slots=True)
class Launch:
    """Seconds from spawning the bot to its first getUpdates, and to its first real answer."""

    first_poll: float
    first_answer: float
    still_loading_replies: int


def launch(corpus: Path, workdir: Path) -> Launch:
    """Spawn ``python -m bot`` against a fresh stand-in holding one question; time it."""
    updates = UpdateFactory()
    with running_bot_api() as bot_api:
        bot_api.push(updates.message(QUESTION))
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
        replies = 0
        try:
            while True:
                replies += 1
                [*_, reply] = bot_api.wait_for_delivered(
                    "sendMessage", count=replies, timeout=TIMEOUT
                )
                if wording.STILL_LOADING not in reply.params["text"]:
                    break
                bot_api.push(updates.message(QUESTION))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        polls = [call.at for call in bot_api.received if call.method == "getUpdates"]
        sent = [call.at for call in bot_api.received if call.method == "sendMessage"]
    return Launch(polls[0] - started, sent[replies - 1] - started, replies - 1)


def main(argv: list[str] | None = None) -> int:
    """Launch the bot ``--runs`` times and print the start-up times as a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    corpus = options.corpus.resolve()
    launches = []
    with tempfile.TemporaryDirectory() as workdir:
        for run in range(1, options.runs + 1):
            launches.append(launch(corpus, Path(workdir)))
            print(
                f"launch {run}: first getUpdates {launches[-1].first_poll:.2f} s, "
                f"first answer {launches[-1].first_answer:.2f} s, "
                f"{launches[-1].still_loading_replies} 'still loading' replies",
                file=sys.stderr,
            )
    print(
        "| corpus | launches | first getUpdates: first launch s | p50 s | max s "
        "| first answer: first launch s | p50 s | max s | 'still loading' replies |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    polls = [one.first_poll for one in launches]
    answers = [one.first_answer for one in launches]
    print(
        f"| {corpus.name} | {len(launches)} "
        f"| {polls[0]:.2f} | {statistics.median(polls):.2f} | {max(polls):.2f} "
        f"| {answers[0]:.2f} | {statistics.median(answers):.2f} | {max(answers):.2f} "
        f"| {sum(one.still_loading_replies for one in launches)} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
