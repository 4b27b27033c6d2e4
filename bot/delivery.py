"""Getting each Bot API call through faults: retries where they are safe, a flood limit, backoff.

Three layers, from the wire up:

- ``RetryingRequest`` (the HTTP client) repeats a call, with doubling backoff and a bounded
  number of attempts, when it certainly did not take effect: the connection was never made
  (refused, connect or pool timeout), the request could not be written, or the Bot API answered
  with a 5xx. When the request went out but no answer came back (a read timeout, a dropped
  connection), a call that is safe to repeat is repeated; any other call, ``sendMessage`` above
  all, is not, because Telegram may already have delivered it. It fails with ``DeliveryUnknown``
  instead, which the error handler logs as a reply that may not have arrived: a reply is sent at
  most once, and never lost without a log line.
- ``FloodLimiter`` (python-telegram-bot's ``AIORateLimiter``) keeps the bot under Telegram's
  flood limits and, on a 429, waits the ``retry_after`` Telegram asks for, then sends again, up
  to ``DeliveryPolicy.rate_limit_retries`` times.
- ``getUpdates`` failures are left to python-telegram-bot's polling loop, which keeps polling
  and backs off (see ``docs/reliability.md``); ``log_polling_error`` gives each one a log line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.constants import FloodLimit
from telegram.error import NetworkError, TelegramError
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.screening import ScreeningRequest

logger = logging.getLogger(__name__)

# Calls whose second copy changes nothing for the user, so they may be repeated even when the
# first one may have reached Telegram.
SAFE_TO_REPEAT = frozenset({"getMe", "setMyCommands", "deleteWebhook", "sendChatAction", "close"})
# Best-effort calls that do not count against the flood limit: a late "typing…" is no use.
UNTHROTTLED = frozenset({"sendChatAction"})
# Calls tried once here because their caller retries them: getMe runs at start-up, where the
# runner keeps trying with its own backoff and says so once a minute.
RETRIED_BY_CALLER = frozenset({"getMe"})
# httpx failures after which the request certainly did not reach the Bot API whole.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
             httpx.WriteTimeout)  # fmt: skip
_SERVER_ERROR = 500


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How hard the bot tries to get a call through; tests shrink the waits."""

    # Tries per call for failures that certainly did not deliver it (the first one included).
    attempts: int = 4
    # Wait before the first retry; it doubles for each further one, up to ``max_backoff``.
    backoff: float = 0.5
    max_backoff: float = 8.0
    # Retries after a 429, each after the ``retry_after`` Telegram gave.
    rate_limit_retries: int = 3
    # Telegram's flood limits; 0 turns that limit off (the burst benchmark measures both).
    messages_per_second: float = FloodLimit.MESSAGES_PER_SECOND
    group_messages_per_minute: float = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
    # Seconds; the read timeout bounds how long a sent message may stay unconfirmed.
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    write_timeout: float = 5.0
    pool_timeout: float = 10.0
    # Connections for calls other than getUpdates: a burst sends many replies at once.
    connections: int = 256

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first)."""
        return min(self.backoff * 2 ** (retry - 1), self.max_backoff)


DEFAULT_DELIVERY = DeliveryPolicy()


class DeliveryUnknown(NetworkError):
    """A call reached the Bot API but its answer did not come back; it was not repeated."""

    def __init__(self, method: str, cause: str) -> None:
        super().__init__(
            f"{method}: sent, but no answer came back ({cause}); not repeated, so that it "
            "arrives at most once"
        )
        self.method = method


class RetryingRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, repeating the calls that are safe to repeat."""

    def __init__(self, policy: DeliveryPolicy = DEFAULT_DELIVERY) -> None:
        super().__init__(
            connection_pool_size=policy.connections,
            connect_timeout=policy.connect_timeout,
            read_timeout=policy.read_timeout,
            write_timeout=policy.write_timeout,
            pool_timeout=policy.pool_timeout,
        )
        self._policy = policy

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        attempts = 1 if endpoint in RETRIED_BY_CALLER else max(self._policy.attempts, 1)
        for attempt in range(1, attempts + 1):
            try:
                code, payload = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as error:
                cause = error.__cause__
                if not isinstance(cause, _NOT_SENT) and endpoint not in SAFE_TO_REPEAT:
                    raise DeliveryUnknown(endpoint, _describe(error)) from error
                if attempt == attempts:
                    raise
                problem = _describe(error)
            else:
                if code < _SERVER_ERROR or attempt == attempts:
                    return code, payload
                problem = f"HTTP {code}"
            delay = self._policy.delay(attempt)
            logger.warning(
                "%s failed (%s); trying again in %.2gs (attempt %d of %d)",
                endpoint,
                problem,
                delay,
                attempt + 1,
                attempts,
            )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")


def polling_request(policy: DeliveryPolicy = DEFAULT_DELIVERY) -> HTTPXRequest:
    """The HTTP client for ``getUpdates``: one connection; python-telegram-bot's loop retries.

    python-telegram-bot adds the long-poll time to the read timeout of each ``getUpdates``.
    Updates it could not read are screened out first (``bot.screening``).
    """
    return ScreeningRequest(
        connection_pool_size=1,
        connect_timeout=policy.connect_timeout,
        read_timeout=policy.read_timeout,
        write_timeout=policy.write_timeout,
        pool_timeout=policy.pool_timeout,
    )


class FloodLimiter(AIORateLimiter):
    """``AIORateLimiter`` with retries after 429 switched on, and "typing…" left unthrottled."""

    def __init__(self, policy: DeliveryPolicy = DEFAULT_DELIVERY) -> None:
        super().__init__(
            overall_max_rate=policy.messages_per_second,
            group_max_rate=policy.group_messages_per_minute,
            max_retries=policy.rate_limit_retries,
        )

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint in UNTHROTTLED:
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def log_polling_error(error: TelegramError) -> None:
    """One line per failed ``getUpdates``; python-telegram-bot retries it with backoff."""
    logger.warning("getUpdates failed (%s); polling goes on with backoff", _describe(error))


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    cause = error.__cause__
    if cause is not None and type(cause).__name__ not in text:
        text = f"{text}: {type(cause).__name__}"
    return text
