"""Keeping the bot token out of every log line.

httpx logs each request URL, and Bot API URLs contain the token; python-telegram-bot logs the full
URL at DEBUG and puts the token in some exception messages. Rather than chase each logger, one
filter on the root handlers rewrites every record that reaches them: its message, its arguments
and its exception text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote

MASK = "[TOKEN]"


class TokenFilter(logging.Filter):
    """Replace each secret in a log record with ``[TOKEN]``; never drops a record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = _variants(secrets)

    def mask(self, text: str) -> str:
        """``text`` with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call; keep what can be shown, masked
            message = f"{record.msg} {record.args}"
        record.msg = self.mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


def _variants(secrets: Iterable[str]) -> tuple[str, ...]:
    """Each secret as written and URL-quoted, and a bot token's secret half; longest first."""
    found: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        found.update({secret, quote(secret, safe="")})
        _, _, secret_half = secret.partition(":")
        if len(secret_half) >= 8:
            found.add(secret_half)
    return tuple(sorted(found, key=len, reverse=True))


def install_token_filter(token: str) -> TokenFilter:
    """Mask ``token`` in everything the root logger's handlers (and the last resort) write."""
    token_filter = TokenFilter([token])
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None:
            handler.addFilter(token_filter)
    return token_filter
