"""Start-up against a Bot API that cannot be reached: keep trying with backoff, say so once a
minute, answer once it is back, and stop at once when told to."""

from __future__ import annotations

import asyncio
import io
import re
import signal
import time
from pathlib import Path

from bot.app import build_application
from bot.live_index import LiveIndex
from bot.runner import StartupRetry, initialize_when_reachable
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.bot_process import StderrLines, killed_on_failure, start_bot
from tests.support.botapi import TOKEN, UpdateFactory
from tests.support.http_botapi import HttpBotApi, late
from tests.support.live_bot import FAST, WAIT, delivered, polling
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE, SEEDS

UNREACHABLE = "cannot reach the Bot API"


def test_backoff_grows_to_its_ceiling() -> None:
    retry = StartupRetry(first=1.0, factor=2.0, longest=30.0)
    assert [retry.delay(n) for n in (1, 2, 3, 5, 6, 20)] == [1.0, 2.0, 4.0, 16.0, 30.0, 30.0]


async def test_an_unreachable_api_is_tried_again_said_once_and_answered_from_once_back(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    bot_api.go_offline()
    async with polling(bot_api, engine):
        await asyncio.sleep(0.5)  # a dozen tries, milliseconds apart
        bot_api.push(updates.message(MISSION_QUESTION))
        bot_api.go_online()
        [sent] = await delivered(bot_api)
    log = debug_log.getvalue()
    assert MISSION_TITLE in sent["text"]
    assert log.count(UNREACHABLE) == 1  # once a minute, and the test took well under one
    reached = re.search(r"reached the Bot API after (\d+) failed tries", log)
    assert reached is not None
    assert int(reached[1]) >= 3


async def test_the_unreachable_api_is_said_again_after_the_report_interval(
    bot_api: HttpBotApi, engine: Engine, debug_log: io.StringIO
) -> None:
    bot_api.go_offline()
    application = build_application(
        Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS),
        LiveIndex(engine, SEEDS),
        delivery=FAST,
    )
    stop = asyncio.Event()
    retry = StartupRetry(first=0.01, longest=0.02, report_every=0.15)
    trying = asyncio.create_task(initialize_when_reachable(application, stop, retry))
    await asyncio.sleep(0.5)
    stop.set()
    assert await asyncio.wait_for(trying, WAIT) is False
    reports = debug_log.getvalue().count(UNREACHABLE)
    assert 2 <= reports <= 4


async def test_a_stop_during_a_start_up_call_that_hangs_returns_at_once(
    bot_api: HttpBotApi, engine: Engine
) -> None:
    bot_api.fail("getMe", late(WAIT))
    application = build_application(
        Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS),
        LiveIndex(engine, SEEDS),
        delivery=FAST,
    )
    stop = asyncio.Event()
    trying = asyncio.create_task(initialize_when_reachable(application, stop))
    await asyncio.to_thread(bot_api.wait_for, "getMe", timeout=WAIT)
    started = time.monotonic()
    stop.set()
    assert await asyncio.wait_for(trying, WAIT) is False
    assert time.monotonic() - started < 1.0


def test_python_m_bot_keeps_trying_an_unreachable_api_and_stops_cleanly(
    tmp_path: Path, bot_api: HttpBotApi
) -> None:
    bot_api.go_offline()
    process = start_bot(tmp_path, bot_api, LOG_LEVEL="INFO")
    with killed_on_failure(process):
        lines = StderrLines(process)
        # It used to give up after 3.5 s (the delivery policy's retries of getMe) and exit 1.
        lines.wait_for(UNREACHABLE, timeout=WAIT)
        time.sleep(1.5)  # the second try, a second later
        assert process.poll() is None, "the bot gave up on an unreachable Bot API"
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=WAIT)
        stop_seconds = time.monotonic() - stopped_at
    assert process.returncode == 0
    assert stop_seconds < 3
    assert "Traceback" not in lines.text()
