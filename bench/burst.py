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
- ``busy-group``: as deployed, 300 members of one group each send ``/ask`` at once, and the
  group's replies are held to Telegram's 20 a minute; meanwhile 20 users ask in private chats, one
  every 0.25 s. The figures are those other users' latencies (target: p95 at most 2 s); the
  group's replies are counted apart.

Every scenario also times the stop: from the stop signal to the bot fully shut down.

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
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import telegram

from bot.app import build_application
from bot.delivery import DeliveryPolicy
from bot.live_index import LiveIndex
from bot.runner import serve
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.botapi import GROUP_CHAT, PRIVATE_CHAT, TOKEN, USER, UpdateFactory
from tests.support.http_botapi import HttpBotApi, Received, running_bot_api

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
SCENARIOS = {
    "unthrottled": DeliveryPolicy(messages_per_second=0, group_messages_per_minute=0),
    "flood-limited": DeliveryPolicy(),
    "busy-group": DeliveryPolicy(),
}
FIRST_CHAT = 7_000_000
FIRST_MEMBER = 8_000_000
TIMEOUT = 120.0  # seconds; the bound on one scenario's wait for its replies
STOP_TIMEOUT = 60.0  # seconds; the bound on the wait for the bot to stop
# busy-group: the group's flood, and the other users who ask meanwhile.
GROUP_MEMBERS = 300
OTHER_USERS = 20
OTHER_EVERY = 0.25  # seconds between two other users' questions
OTHERS_TIMEOUT = 60.0  # seconds; a reply later than this counts as missing


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
    # Seconds from the stop signal to the bot shut down (STOP_TIMEOUT when it took longer).
    stop_seconds: float = 0.0
    # busy-group only: the group's questions, and how many of them got a reply.
    flood: int = 0
    flood_replies: int = 0


def main(argv: list[str] | None = None) -> int:
    options = _parse_args(argv)
    if options.run == "busy-group":
        result = asyncio.run(run_busy_group())
        print(json.dumps(asdict(result)))
        return 0
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
            stop_seconds = await _stop(stop, serving)
        replies = [
            seen
            for seen in bot_api.received
            if seen.method == "sendMessage" and seen.outcome == "ok"
        ]
    return _result(scenario, pushed_at, replies, chats, rss_before, stop_seconds)


async def run_busy_group() -> Result:
    """One group floods while other users ask in private chats; time the other users' replies."""
    engine = Engine.from_folder(SEEDS)
    question = _questions(1)[0]
    with running_bot_api() as bot_api:
        settings = Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS)
        application = build_application(
            settings, LiveIndex(engine, SEEDS), delivery=SCENARIOS["busy-group"]
        )
        stop = asyncio.Event()
        serving = asyncio.create_task(serve(application, stop))
        await asyncio.to_thread(bot_api.wait_for, "getUpdates", timeout=30)
        rss_before = _peak_rss_mib()
        factory = UpdateFactory()
        for member in range(GROUP_MEMBERS):
            update = factory.message(f"/ask {question}", chat=GROUP_CHAT)
            update["message"]["from"] = {**USER, "id": FIRST_MEMBER + member}
            bot_api.push(update)
        pushed_at: dict[tuple[int, int], float] = {}
        for number in range(FIRST_CHAT, FIRST_CHAT + OTHER_USERS):
            await asyncio.sleep(OTHER_EVERY)
            update = factory.message(question, chat={**PRIVATE_CHAT, "id": number})
            update["message"]["from"] = {**USER, "id": number}
            pushed_at[(number, update["message"]["message_id"])] = time.monotonic()
            bot_api.push(update)
        deadline = time.monotonic() + OTHERS_TIMEOUT
        while time.monotonic() < deadline and len(_private_replies(bot_api)) < OTHER_USERS:
            await asyncio.sleep(0.05)
        stop_seconds = await _stop(stop, serving)
        replies = _private_replies(bot_api)
        flood_replies = sum(
            1
            for seen in bot_api.received
            if seen.method == "sendMessage"
            and seen.outcome == "ok"
            and seen.params["chat_id"] == GROUP_CHAT["id"]
        )
    result = _result(
        "busy-group",
        pushed_at,
        replies,
        OTHER_USERS,
        rss_before,
        stop_seconds,
        missing_after=OTHERS_TIMEOUT,
    )
    return replace(result, flood=GROUP_MEMBERS, flood_replies=flood_replies)


def _private_replies(bot_api: HttpBotApi) -> list[Received]:
    return [
        seen
        for seen in list(bot_api.received)
        if seen.method == "sendMessage" and seen.outcome == "ok" and seen.params["chat_id"] > 0
    ]


async def _stop(stop: asyncio.Event, serving: asyncio.Task[None]) -> float:
    """Seconds the bot takes to stop once told to (``STOP_TIMEOUT`` when it takes longer)."""
    started = time.monotonic()
    stop.set()
    try:
        await asyncio.wait_for(serving, STOP_TIMEOUT)
    except TimeoutError:
        return STOP_TIMEOUT
    return round(time.monotonic() - started, 2)


def _result(
    scenario: str,
    pushed_at: dict[tuple[int, int], float],
    replies: list[Received],
    chats: int,
    rss_before: float,
    stop_seconds: float,
    *,
    missing_after: float | None = None,
) -> Result:
    """The figures of one scenario; with ``missing_after``, a missing reply counts as that late."""
    answered = [
        (seen.params["chat_id"], seen.params["reply_parameters"]["message_id"]) for seen in replies
    ]
    latencies = [
        seen.at - pushed_at[(seen.params["chat_id"], seen.params["reply_parameters"]["message_id"])]
        for seen in replies
    ]
    missing = len(set(pushed_at) - set(answered))
    if missing_after is not None:
        latencies += [missing_after] * missing
    if len(latencies) < 2:
        raise SystemExit(f"{scenario}: {len(replies)} replies, too few to measure")
    start = min(pushed_at.values())
    seconds = max((seen.at for seen in replies), default=start) - start
    return Result(
        scenario=scenario,
        questions=len(pushed_at),
        chats=chats,
        replies=len(replies),
        missing=missing,
        doubled=len(answered) - len(set(answered)),
        seconds=round(seconds, 3),
        per_second=round(len(replies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(1000 * statistics.median(latencies), 1),
        p95_ms=round(1000 * statistics.quantiles(latencies, n=20)[-1], 1),
        max_ms=round(1000 * max(latencies), 1),
        peak_rss_mib=round(_peak_rss_mib(), 1),
        rss_before_burst_mib=round(rss_before, 1),
        stop_seconds=stop_seconds,
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
        "| p50 latency | p95 latency | max latency | peak RSS | stop |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {_scenario_cell(r)} | {r.questions} ({r.chats}) "
        f"| {r.replies} ({r.missing}, {r.doubled}) | {r.seconds:.2f} s "
        f"| {r.per_second:.0f} | {r.p50_ms:.0f} ms | {r.p95_ms:.0f} ms | {r.max_ms:.0f} ms "
        f"| {r.peak_rss_mib:.0f} MiB (idle {r.rss_before_burst_mib:.0f}) "
        f"| {'> ' if r.stop_seconds >= STOP_TIMEOUT else ''}{r.stop_seconds:.1f} s |"
        for r in results
    )
    return "\n".join(lines)


def _scenario_cell(result: Result) -> str:
    if not result.flood:
        return result.scenario
    return (
        f"{result.scenario}: other users, while {result.flood} /ask flood one group "
        f"({result.flood_replies} group replies)"
    )


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.burst", description=__doc__)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--per-chat", type=int, default=5)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--run", choices=sorted(SCENARIOS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
