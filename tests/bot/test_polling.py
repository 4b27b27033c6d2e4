"""Polling for real, over HTTP, against the loopback Bot API stand-in.

One test runs the application in-process; the others run ``python -m bot`` as the operator
would, to check start-up, the reply, the token's absence from DEBUG logs, and a clean stop on
SIGINT and SIGTERM. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.live_index import LiveIndex
from bot.runner import serve
from bot.settings import Settings
from retrieval.answer import Engine
from tests.bot.botapi import TOKEN, USER_ID, UpdateFactory
from tests.bot.conftest import SEEDS
from tests.bot.http_botapi import HttpBotApi, running_bot_api

MISSION_QUESTION = "متى اتفقا على الهدنة الإنسانية؟"
SECRET_HALF = TOKEN.partition(":")[2]


@pytest.fixture
def bot_api() -> Iterator[HttpBotApi]:
    with running_bot_api() as server:
        yield server


async def test_polling_answers_an_update_from_get_updates(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    settings = Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS)
    application = build_application(settings, LiveIndex(engine, SEEDS))
    update = updates.message(MISSION_QUESTION)
    bot_api.push(update)

    async def stop_once_answered() -> None:
        await asyncio.to_thread(bot_api.wait_for, "sendMessage", timeout=10)
        stop.set()

    stop = asyncio.Event()
    await asyncio.wait_for(asyncio.gather(serve(application, stop), stop_once_answered()), 15)
    [sent] = [call.params for call in bot_api.calls if call.method == "sendMessage"]
    assert sent["chat_id"] == USER_ID
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert "18 تشرين الأول/أكتوبر" in sent["text"]
    assert "004_13ef93096cc37932" in sent["text"]


def start_bot(tmp_path: Path, bot_api: HttpBotApi, **extra: str) -> subprocess.Popen[str]:
    """``python -m bot`` in an empty folder (no .env), pointed at the stand-in."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": bot_api.base_url,
        "SANAD_CORPUS": str(SEEDS),
        "LOG_LEVEL": "DEBUG",
        **extra,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_bot_process_answers_then_stops_cleanly_on_signal(
    tmp_path: Path, bot_api: HttpBotApi, updates: UpdateFactory, stop_signal: signal.Signals
) -> None:
    process = start_bot(tmp_path, bot_api)
    try:
        bot_api.push(updates.message(MISSION_QUESTION))
        [sent] = bot_api.wait_for("sendMessage", timeout=20)
        [menu] = bot_api.wait_for("setMyCommands", timeout=5)
        # The long poll after the update is under way, so the stop has to interrupt it.
        bot_api.wait_for("getUpdates", count=2, timeout=5)
        stopped_at = time.monotonic()
        process.send_signal(stop_signal)
        _, stderr = process.communicate(timeout=10)
        stop_seconds = time.monotonic() - stopped_at
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "004_13ef93096cc37932" in sent.params["text"]
    assert [item["command"] for item in menu.params["commands"]] == [
        "start",
        "help",
        "sources",
        "ask",
    ]
    assert process.returncode == 0, stderr
    assert stop_seconds < 5
    assert "Traceback" not in stderr
    assert TOKEN not in stderr
    assert SECRET_HALF not in stderr
    assert "[TOKEN]" in stderr  # python-telegram-bot logged the API URL, masked


def test_rejected_token_ends_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    with running_bot_api(token="123:another-bots-token") as bot_api:
        process = start_bot(tmp_path, bot_api, LOG_LEVEL="INFO")
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "Traceback" not in stderr
    assert TOKEN not in stderr
    assert SECRET_HALF not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "sanad: Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather (/token)"
    )
