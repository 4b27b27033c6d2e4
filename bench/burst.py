"""Burst benchmark: 300 questions from 60 chats arrive at once; how fast do the replies come?

The bot polls the loopback Bot API stand-in of the tests (``tests/bot/http_botapi.py``) over real
HTTP on 127.0.0.1, in-process, answering from seeds/. Every update is queued at the stand-in at
the same moment; latency runs from then to the moment the stand-in receives the reply's
``sendMessage``, so it includes the bot's polling. Each scenario runs in a fresh process, so its
peak memory (the process's maximum resident set size: bot, index and stand-in) is its own.

Scenarios:
- ``unthrottled``: the flood limits off; what the bot itself can do.
- ``flood-limited``: as deployed, with python-telegram-bot's AIORateLimiter at Telegram's limit of
  30 messages a second; the replies can come no faster than that.

Run with ``make bench-burst`` (or ``python -m bench.burst``); ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import telegram

from bot.app import build_application
from bot.delivery import DeliveryPolicy
from bot.live_index import LiveIndex
from bot.runner import serve
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.botapi import PRIVATE_CHAT, TOKEN, USER, UpdateFactory
from tests.support.http_botapi import HttpBotApi, running_bot_api

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
SCENARIOS = {
    "unthrottled": DeliveryPolicy(messages_per_second=0, group_messages_per_minute=0),
    "flood-limited": DeliveryPolicy(),
}
FIRST_CHAT = 7_000_000
TIMEOUT = 120.0  # seconds; the bound on one scenario's wait for its replies


@dataclass(frozen=True, slots=True)
class Result:
    """One scenario's figures."""

    scenario: str
    questions: int
    chats: int
    replies: int
    missing: int
    doubled: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    peak_rss_mib: float
    rss_before_burst_mib: float


def main(argv: list[str] | None = None) -> int:
    options = _parse_args(argv)
    if options.run:
        result = asyncio.run(run_burst(options.run, chats=options.chats, per_chat=options.per_chat))
        print(json.dumps(asdict(result)))
        return 0
    results = [_in_fresh_process(name, options) for name in SCENARIOS]
    print(_environment())
    print(_table(results))
    if options.json:
        Path(options.json).write_text(
            json.dumps([asdict(result) for result in results], indent=2) + "\n", encoding="utf-8"
        )
    faulty = [r.scenario for r in results if r.missing or r.doubled]
    if faulty:
        print(f"replies missing or doubled in: {', '.join(faulty)}", file=sys.stderr)
        return 1
    return 0


async def run_burst(scenario: str, *, chats: int, per_chat: int) -> Result:
    """Send ``chats`` × ``per_chat`` questions at once and time each reply."""
    questions = _questions(per_chat)
    engine = Engine.from_folder(SEEDS)
    with running_bot_api() as bot_api:
        settings = Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS)
        application = build_application(
            settings, LiveIndex(engine, SEEDS), delivery=SCENARIOS[scenario]
        )
        stop = asyncio.Event()
        serving = asyncio.create_task(serve(application, stop))
        await asyncio.to_thread(bot_api.wait_for, "getUpdates", timeout=30)
        rss_before = _peak_rss_mib()
        pushed_at = _push_burst(bot_api, questions, chats)
        try:
            await asyncio.to_thread(
                bot_api.wait_for_delivered, "sendMessage", count=len(pushed_at), timeout=TIMEOUT
            )
        except TimeoutError:
            pass  # the table shows how many replies are missing
        finally:
            stop.set()
            await asyncio.wait_for(serving, 30)
        replies = [
            seen
            for seen in bot_api.received
            if seen.method == "sendMessage" and seen.outcome == "ok"
        ]
    answered = [
        (seen.params["chat_id"], seen.params["reply_parameters"]["message_id"]) for seen in replies
    ]
    latencies = [
        seen.at - pushed_at[(seen.params["chat_id"], seen.params["reply_parameters"]["message_id"])]
        for seen in replies
    ]
    start = min(pushed_at.values())
    seconds = max(seen.at for seen in replies) - start
    return Result(
        scenario=scenario,
        questions=len(pushed_at),
        chats=chats,
        replies=len(replies),
        missing=len(set(pushed_at) - set(answered)),
        doubled=len(answered) - len(set(answered)),
        seconds=round(seconds, 3),
        per_second=round(len(replies) / seconds, 1),
        p50_ms=round(1000 * statistics.median(latencies), 1),
        p95_ms=round(1000 * statistics.quantiles(latencies, n=20)[-1], 1),
        max_ms=round(1000 * max(latencies), 1),
        peak_rss_mib=round(_peak_rss_mib(), 1),
        rss_before_burst_mib=round(rss_before, 1),
    )


def _push_burst(
    bot_api: HttpBotApi, questions: list[str], chats: int
) -> dict[tuple[int, int], float]:
    """Queue every question at once, interleaved by chat; (chat, message id) -> when."""
    factory = UpdateFactory()
    updates = []
    for question in questions:
        for number in range(FIRST_CHAT, FIRST_CHAT + chats):
            update = factory.message(question, chat={**PRIVATE_CHAT, "id": number})
            update["message"]["from"] = {**USER, "id": number}
            updates.append(update)
    now = time.monotonic()
    for update in updates:
        bot_api.push(update)
    return {(u["message"]["chat"]["id"], u["message"]["message_id"]): now for u in updates}


def _questions(count: int) -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    return [row["question"] for row in rows if row.get("doc_id")][:count]


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _in_fresh_process(scenario: str, options: argparse.Namespace) -> Result:
    command = [
        sys.executable, "-m", "bench.burst", "--run", scenario,
        "--chats", str(options.chats), "--per-chat", str(options.per_chat),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT + 60
    )
    if done.returncode != 0:
        raise SystemExit(f"scenario {scenario} failed:\n{done.stderr[-3000:]}")
    return Result(**json.loads(done.stdout.strip().splitlines()[-1]))


def _environment() -> str:
    return (
        f"python {platform.python_version()}, python-telegram-bot {telegram.__version__}, "
        f"{os.cpu_count()} CPUs, {platform.platform()}"
    )


def _table(results: list[Result]) -> str:
    lines = [
        "| scenario | questions (chats) | replies (missing, doubled) | all replied in | replies/s "
        "| p50 latency | p95 latency | max latency | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {r.scenario} | {r.questions} ({r.chats}) | {r.replies} ({r.missing}, {r.doubled}) "
        f"| {r.seconds:.2f} s "
        f"| {r.per_second:.0f} | {r.p50_ms:.0f} ms | {r.p95_ms:.0f} ms | {r.max_ms:.0f} ms "
        f"| {r.peak_rss_mib:.0f} MiB (idle {r.rss_before_burst_mib:.0f}) |"
        for r in results
    )
    return "\n".join(lines)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.burst", description=__doc__)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--per-chat", type=int, default=5)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--run", choices=sorted(SCENARIOS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
