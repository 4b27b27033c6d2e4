"""The bot polling the loopback Bot API stand-in in-process, with waits shrunk for tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.app import build_application
from bot.delivery import DeliveryPolicy
from bot.live_index import LiveIndex
from bot.runner import StartupRetry, serve
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.botapi import TOKEN
from tests.support.http_botapi import HttpBotApi
from tests.support.paths import SEEDS

# Tiny waits so that each fault costs milliseconds; the read timeout is what "late" beats.
FAST = DeliveryPolicy(
    attempts=3,
    backoff=0.01,
    max_backoff=0.05,
    read_timeout=0.4,
    connect_timeout=0.5,
    pool_timeout=2.0,
    messages_per_second=0,
    group_messages_per_minute=0,
)
WAIT = 10.0  # seconds; the bound on every wait for the stand-in
# Start-up retries against an unreachable Bot API, milliseconds apart.
FAST_STARTUP = StartupRetry(first=0.01, factor=2.0, longest=0.05)


@contextlib.asynccontextmanager
async def polling(
    bot_api: HttpBotApi,
    engine: Engine,
    *,
    delivery: DeliveryPolicy = FAST,
    long_poll: float = 0.2,
    index: LiveIndex | None = None,
    startup: StartupRetry = FAST_STARTUP,
    **settings: Any,
) -> AsyncIterator[None]:
    """The bot polling ``bot_api`` for the duration of the block, then stopped cleanly.

    It answers from ``index`` when given (one still loading loads in the background, as in
    ``python -m bot``), otherwise from ``engine``.
    """
    config = Settings(
        token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS, **{"rate_limit": 0, **settings}
    )
    index = index or LiveIndex(engine, SEEDS)
    application = build_application(config, index, delivery=delivery)
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(
            application,
            stop,
            index=index,
            poll_interval=0.01,
            long_poll=long_poll,
            startup=startup,
        )
    )
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, WAIT)


async def delivered(
    bot_api: HttpBotApi, count: int = 1, *, timeout: float = WAIT
) -> list[dict[str, Any]]:
    """The first ``count`` messages that reached the stand-in, waiting for them (bounded)."""
    calls = await asyncio.to_thread(
        bot_api.wait_for_delivered, "sendMessage", count=count, timeout=timeout
    )
    return [call.params for call in calls]
