"""The types of the bot fixtures ``build_app`` and ``process`` (tests/bot/conftest.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application

BuildApp = Callable[..., Awaitable[Application]]
Process = Callable[[dict[str, Any]], Awaitable[None]]
