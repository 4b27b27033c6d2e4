"""Running the bot in polling mode: settings, logging, then the Telegram loop and the index.

This is the only place that configures logging. The bot polls at once and builds its index in the
background (``bot.live_index``): questions that come in meanwhile wait for it. Every expected
failure at start-up (a missing setting, a missing corpus folder or one without an article file, a
token Telegram rejects, a corpus the background load finds unusable) ends with one line on stderr
and exit code 2; a Bot API that cannot be reached at start-up is tried again with backoff, and
said so once a minute, until it answers or the bot is stopped; SIGINT and SIGTERM stop polling
cleanly and exit with 0, even while the index is loading; SIGHUP reloads the corpus in the
background while the bot keeps answering. ``sanad bot`` is this same program.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import signal
import sys
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.concurrency import PerChatUpdateProcessor
from bot.delivery import log_polling_error
from bot.live_index import IndexLoadError, LiveIndex
from bot.logging_filter import install_token_filter
from bot.settings import SettingsError, load_settings
from bot.state import StateStore
from retrieval.config import ENV_FILE, env_file_warning
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
CORPUS_HINT = "set SANAD_CORPUS to a folder of articles (.txt, .json, .jsonl, .csv or .zip files)"


@dataclass(frozen=True, slots=True)
class StartupRetry:
    """How the bot keeps trying a Bot API it cannot reach at start-up; tests shrink the waits."""

    # Seconds before the second try; each further wait is ``factor`` times longer, up to
    # ``longest``.
    first: float = 1.0
    factor: float = 2.0
    longest: float = 30.0
    # The first failure is logged at once, then at most one line per this many seconds.
    report_every: float = 60.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failed tries in a row (1 for the first)."""
        return min(self.first * self.factor ** (failures - 1), self.longest)


DEFAULT_STARTUP_RETRY = StartupRetry()


def main(argv: list[str] | None = None, *, prog: str = "python -m bot") -> int:
    """Run the bot until SIGINT or SIGTERM; the exit code.

    ``argv`` holds the options after the program name (None: none); ``sanad bot`` passes the
    arguments that follow ``bot`` and its own name as ``prog``.
    """
    options = _parse_args(argv or [], prog=prog)
    if options.env_file is not None and not options.env_file.is_file():
        return _fail(f"settings file not found: {options.env_file} (--env-file)")
    try:
        return _run(options.env_file or ENV_FILE)
    except KeyboardInterrupt:  # Ctrl+C before polling took over the signal
        return EXIT_INTERRUPTED


def _run(env_file: Path) -> int:
    try:
        settings = load_settings(env_file=env_file)
    except SettingsError as error:
        return _fail(str(error))
    configure_logging(settings.log_level, token=settings.token)
    exposed = env_file_warning(env_file)
    if exposed is not None:
        logger.warning("%s", exposed)
    try:
        check_corpus_folder(settings.corpus)  # a setting to fix: say so before polling
    except CorpusError as error:
        return _fail(f"{error}; {CORPUS_HINT}")
    load_engine = partial(
        Engine.from_folder,
        cache_dir=settings.cache_dir,
        max_file_bytes=settings.max_file_bytes,
        fields=settings.fields,
        workers=settings.workers,
    )
    index = LiveIndex(None, settings.corpus, load=load_engine)
    state = StateStore.open(settings.data_dir, log_days=settings.log_days)
    application = build_application(settings, index, state=state)
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
    finally:
        state.close()
    logger.info("stopped")
    return EXIT_OK


async def serve(
    application: Application,
    stop: asyncio.Event,
    *,
    index: LiveIndex | None = None,
    poll_interval: float = 0.0,
    long_poll: float = LONG_POLL_SECONDS,
    startup: StartupRetry = DEFAULT_STARTUP_RETRY,
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
        if await initialize_when_reachable(application, stop, startup):
            await _poll(
                application, stop, index, poll_interval=poll_interval, long_poll=long_poll
            )
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
    async with application:  # initialized already; shut down on the way out
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
        processor = application.update_processor
        if isinstance(processor, PerChatUpdateProcessor):
            processor.begin_stopping()  # whatever is queued, stopping takes seconds
        await application.stop()


async def initialize_when_reachable(
    application: Application, stop: asyncio.Event, retry: StartupRetry = DEFAULT_STARTUP_RETRY
) -> bool:
    """Initialize ``application`` (its first Bot API call, ``getMe``), trying again with backoff
    while the Bot API cannot be reached; False when ``stop`` was set first.

    A rejected token (``InvalidToken``) and a malformed request (``BadRequest``) are raised at
    once: waiting would not fix them.
    """
    failures = 0
    started = time.monotonic()
    reported_at: float | None = None
    try:
        while not stop.is_set():
            try:
                if not await _unless_stopped(application.initialize(), stop):
                    break
            except BadRequest:  # a NetworkError by class, but no outage: trying again won't help
                raise
            except (NetworkError, RetryAfter) as error:
                failures += 1
                now = time.monotonic()
                if reported_at is None or now - reported_at >= retry.report_every:
                    reported_at = now
                    logger.warning(
                        "cannot reach the Bot API (%s); tried %d time%s over %.0f s, trying "
                        "again with backoff up to %.0f s (stop with Ctrl+C or SIGTERM)",
                        error,
                        failures,
                        "" if failures == 1 else "s",
                        now - started,
                        retry.longest,
                    )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), retry.delay(failures))
            else:
                if failures:
                    logger.warning("reached the Bot API after %d failed tries", failures)
                return True
    except BaseException:
        await application.bot.shutdown()  # close the HTTP clients the attempts opened
        raise
    await application.bot.shutdown()
    return False


async def _unless_stopped(call: Coroutine[Any, Any, None], stop: asyncio.Event) -> bool:
    """Await ``call``, cancelling it if ``stop`` is set first; whether it finished."""
    task = asyncio.ensure_future(call)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    if task.cancelled():
        return False
    task.result()  # raises what the call raised
    return True


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


def _parse_args(argv: list[str], *, prog: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=prog, description="Run the Sanad Telegram bot in polling mode."
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        default=None,
        help="settings file, read under the environment (default: .env in the working directory)",
    )
    return parser.parse_args(argv)


def _fail(line: str) -> int:
    print(f"sanad: {line}", file=sys.stderr)
    return EXIT_CONFIGURATION
