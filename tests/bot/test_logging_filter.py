"""The token never reaches a log line: not in messages, arguments, exceptions, or at DEBUG."""

from __future__ import annotations

import io
import logging
from urllib.parse import quote

import httpx
import pytest
from telegram import Update

from bot.app import build_application
from bot.live_index import LiveIndex
from bot.logging_filter import MASK, TokenFilter
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.botapi import SECRET_HALF, TOKEN, UpdateFactory
from tests.support.http_botapi import HttpBotApi, running_bot_api
from tests.support.paths import SEEDS


def record(msg: object, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("test", logging.INFO, __file__, 1, msg, args or None, exc_info)


def formatted(log_record: logging.LogRecord) -> str:
    TokenFilter([TOKEN]).filter(log_record)
    return logging.Formatter().format(log_record)


@pytest.mark.parametrize(
    "log_record",
    [
        record(f"POST https://api.telegram.org/bot{TOKEN}/getMe"),
        record("HTTP Request: %s %s", "POST", httpx.URL(f"https://x/bot{TOKEN}/getMe")),
        record("url-quoted: %s", quote(TOKEN, safe="")),
        record("secret half alone: %s", SECRET_HALF),
        record(ValueError(f"token {TOKEN} rejected")),
    ],
    ids=["message", "args", "quoted", "secret-half", "exception-as-message"],
)
def test_filter_masks_the_token_wherever_it_is_written(log_record: logging.LogRecord) -> None:
    text = formatted(log_record)
    assert SECRET_HALF not in text
    assert MASK in text


def test_filter_masks_the_token_in_exception_text() -> None:
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError as error:
        text = formatted(record("failed", exc=error))
    assert "Traceback" in text
    assert SECRET_HALF not in text
    assert f"The token `{MASK}` was rejected" in text


def test_filter_leaves_other_records_alone() -> None:
    assert formatted(record("indexed %d sentences", 65)) == "indexed 65 sentences"


async def test_token_never_appears_in_debug_logs_of_real_bot_api_calls(
    debug_log: io.StringIO, engine: Engine, updates: UpdateFactory
) -> None:
    bot_api: HttpBotApi
    with running_bot_api() as bot_api:
        settings = Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS)
        application = build_application(settings, LiveIndex(engine, SEEDS))
        async with application:
            update = updates.message("متى اتفقا على الهدنة الإنسانية؟")
            await application.process_update(Update.de_json(update, application.bot))
    log = debug_log.getvalue()
    assert "sendMessage" in log  # a real call was made and logged at DEBUG
    assert "HTTP Request: POST" in log  # httpx's request line, URL included
    assert TOKEN not in log
    assert SECRET_HALF not in log
    assert f"/bot{MASK}/sendMessage" in log
