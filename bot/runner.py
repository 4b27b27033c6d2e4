"""Running the bot in polling mode: settings, logging, then the Telegram loop and the index.

This is the only place that configures logging. The bot polls at once and builds its index in the
background (``bot.live_index``): questions that come in meanwhile wait for it. Every expected
failure at start-up (a missing setting, a missing corpus folder or one without a ``.txt`` file, a
token Telegram rejects, a corpus the background load finds unusable) ends with one line on stderr
and exit code 2; SIGINT and SIGTERM stop polling cleanly and exit with 0, even while the index is
loading; SIGHUP reloads the corpus in the background while the bot keeps answering.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import signal
import sys
from functools import partial

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.delivery import log_polling_error
from bot.live_index import IndexLoadError, LiveIndex
from bot.logging_filter import install_token_filter
from bot.settings import SettingsError, load_settings
from retrieval.corpus import CorpusError, check_corpus_folder
from retrieval.engine import Engine

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CONFIGURATION = 2
EXIT_INTERRUPTED = 130
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RELOAD_SIGNAL = signal.SIGHUP
# Seconds Telegram may hold a getUpdates open while waiting for an update (long polling).
LONG_POLL_SECONDS = 10.0
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CORPUS_HINT = "set SANAD_CORPUS to a folder of .txt articles"


def main(argv: list[str] | None = None) -> int:
    """Run the bot until SIGINT or SIGTERM; the exit code.

    ``argv`` holds the options after the program name; None means none, so that ``sanad bot``
    can call ``main()`` from inside its own command-line parser.
    """
    options = _parse_args(argv or [])
    try:
        return _run(options.env_file)
    except KeyboardInterrupt:  # Ctrl+C before polling took over the signal
        return EXIT_INTERRUPTED


def _run(env_file: str) -> int:
    try:
        settings = load_settings(env_file=env_file)
    except SettingsError as error:
        return _fail(str(error))
    configure_logging(settings.log_level, token=settings.token)
    try:
        check_corpus_folder(settings.corpus)  # a setting to fix: say so before polling
    except CorpusError as error:
        return _fail(f"{error}; {CORPUS_HINT}")
    load_engine = partial(Engine.from_folder, cache_dir=settings.cache_dir)
    index = LiveIndex(None, settings.corpus, load=load_engine)
    application = build_application(settings, index)
    try:
        asyncio.run(_poll_until_signalled(application, index))
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather (/token)")
    except IndexLoadError as error:
        if error.corpus_error is not None:
            return _fail(f"{error.corpus_error}; {CORPUS_HINT}")
        return _fail(str(error))
    except TelegramError as error:
        logger.error("stopped after a Bot API error: %s", error)
        return EXIT_FAILURE
    logger.info("stopped")
    return EXIT_OK


async def serve(
    application: Application,
    stop: asyncio.Event,
    *,
    index: LiveIndex | None = None,
    poll_interval: float = 0.0,
    long_poll: float = LONG_POLL_SECONDS,
) -> None:
    """Initialize, set the command menu, poll until ``stop`` is set, then shut down cleanly.

    An ``index`` that is not loaded yet loads in the background meanwhile, starting before the
    first ``getUpdates`` so that the two overlap. If that load fails, polling stops and, once
    shut down, ``IndexLoadError`` is raised. When polling stops, questions still waiting for the
    first index stop waiting (they get the "still loading" reply), so stopping takes no longer.

    Initializing directly (rather than through ``run_polling``'s retry loop) lets a rejected
    token surface as one ``InvalidToken`` instead of a logged traceback. A failed ``getUpdates``
    is logged and polling goes on: python-telegram-bot waits 1 s after the first failure (or
    1.5 × ``poll_interval``, when that is set) and half as long again after each further one,
    up to 30 s; tests pass a tiny ``poll_interval`` to keep those waits short.
    """
    loading = _load_in_background(index, stop) if index is not None else None
    try:
        await _poll(application, stop, index, poll_interval=poll_interval, long_poll=long_poll)
    finally:
        failure = _finish_loading(loading)
    if failure is not None:
        raise failure


async def _poll(
    application: Application,
    stop: asyncio.Event,
    index: LiveIndex | None,
    *,
    poll_interval: float,
    long_poll: float,
) -> None:
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        if application.updater is None:
            raise RuntimeError("the application was built without an updater; cannot poll")
        await application.updater.start_polling(
            poll_interval=poll_interval,
            timeout=dt.timedelta(seconds=long_poll),
            allowed_updates=list(ALLOWED_UPDATES),
            error_callback=log_polling_error,
        )
        await application.start()
        logger.info("polling for updates; stop with Ctrl+C or SIGTERM")
        await stop.wait()
        logger.info("stopping")
        if index is not None:
            index.close()
        await application.updater.stop()
        await application.stop()


def _load_in_background(index: LiveIndex, stop: asyncio.Event) -> asyncio.Task[object] | None:
    """Start loading ``index`` unless it is loaded; a failed load sets ``stop``."""
    if index.loaded:
        return None

    def stop_if_failed(task: asyncio.Task[object]) -> None:
        if not task.cancelled() and task.exception() is not None:
            stop.set()

    loading: asyncio.Task[object] = asyncio.create_task(index.load())
    loading.add_done_callback(stop_if_failed)
    return loading


def _finish_loading(loading: asyncio.Task[object] | None) -> BaseException | None:
    """Cancel a load still under way (its daemon thread dies with the process); its error."""
    if loading is None:
        return None
    if not loading.done():
        loading.cancel()
        return None
    return None if loading.cancelled() else loading.exception()


async def _poll_until_signalled(application: Application, index: LiveIndex) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    reloads: set[asyncio.Task[object]] = set()

    def reload_in_background() -> None:
        task = loop.create_task(index.reload())
        reloads.add(task)  # a task nobody holds may be collected before it finishes
        task.add_done_callback(reloads.discard)

    for stop_signal in STOP_SIGNALS:
        loop.add_signal_handler(stop_signal, stop.set)
    loop.add_signal_handler(RELOAD_SIGNAL, reload_in_background)
    try:
        await serve(application, stop, index=index)
    finally:
        for stop_signal in (*STOP_SIGNALS, RELOAD_SIGNAL):
            loop.remove_signal_handler(stop_signal)


def configure_logging(level: str, *, token: str) -> None:
    """Log to stderr at ``level``, with the token masked and httpx's per-request lines off."""
    logging.basicConfig(format=LOG_FORMAT, level=level)
    logging.getLogger().setLevel(level)
    # Library warnings go through logging too, so the token filter sees them.
    logging.captureWarnings(True)
    install_token_filter(token)
    # httpx logs every request URL at INFO, and each URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run the Sanad Telegram bot in polling mode."
    )
    parser.add_argument(
        "--env-file", default=".env", help="settings file read under the environment (.env)"
    )
    return parser.parse_args(argv)


def _fail(line: str) -> int:
    print(f"sanad: {line}", file=sys.stderr)
    return EXIT_CONFIGURATION
