"""Fixtures for the bot's tests: settings, and the application offline."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.delivery import DEFAULT_DELIVERY, DeliveryPolicy
from bot.live_index import LiveIndex
from bot.logging_filter import install_token_filter
from bot.settings import Settings
from bot.state import StateStore
from retrieval.engine import Engine
from tests.support.app import BuildApp, Process
from tests.support.botapi import TOKEN, FakeBotApi, UpdateFactory
from tests.support.http_botapi import HttpBotApi, running_bot_api
from tests.support.paths import SEEDS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The bot over seeds/, its state in a real database file of the test's own."""
    return Settings(token=TOKEN, corpus=SEEDS, data_dir=tmp_path / "sanad-data")


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def updates() -> UpdateFactory:
    return UpdateFactory()


@pytest.fixture
async def build_app(api: FakeBotApi, engine: Engine) -> AsyncIterator[BuildApp]:
    """Build and initialize the real application over ``api``; shut down after the test."""
    built: list[Application] = []

    stores: list[StateStore] = []

    async def build(
        settings: Settings,
        engine: Engine = engine,
        *,
        delivery: DeliveryPolicy = DEFAULT_DELIVERY,
        index: LiveIndex | None = None,
        clock: Callable[[], float] = time.time,
    ) -> Application:
        index = index or LiveIndex(engine, settings.corpus)
        state = StateStore.open(settings.data_dir, log_days=settings.log_days, clock=clock)
        stores.append(state)
        application = build_application(
            settings, index, request=api, delivery=delivery, state=state, clock=clock
        )
        await application.initialize()
        built.append(application)
        api.clear()  # the getMe of initialize is not what tests look at
        return application

    yield build
    for application in built:
        await application.shutdown()
    for state in stores:
        state.close()


@pytest.fixture
async def app(build_app: BuildApp, settings: Settings) -> Application:
    return await build_app(settings)


@pytest.fixture
def process(app: Application) -> Process:
    """Feed one update dict through ``Application.process_update``."""

    async def run(data: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(data, app.bot))

    return run


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, by every logger, through a root handler with the filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old_level = root.level
    httpx_logger = logging.getLogger("httpx")
    old_httpx_level = httpx_logger.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    httpx_logger.setLevel(logging.DEBUG)  # its request lines carry the token in their URLs
    token_filter = install_token_filter(TOKEN)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        httpx_logger.setLevel(old_httpx_level)
        for other in root.handlers:
            other.removeFilter(token_filter)
        if logging.lastResort is not None:
            logging.lastResort.removeFilter(token_filter)


@pytest.fixture
def bot_api() -> Iterator[HttpBotApi]:
    with running_bot_api() as server:
        yield server
