"""Updates from different chats are handled at the same time; those from one chat, in order.

The index is read-only, so answers for different chats can be worked out side by side (the
engine runs in worker threads). Within one chat, a second question waits for the first one's
reply, so replies come in the order the questions were asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# How many updates are handled at once, over all chats.
MAX_CONCURRENT_UPDATES = 256


@dataclass
class _ChatQueue:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently, except that each chat's updates run one at a time."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        # Only chats with an update in hand have an entry, so this stays small.
        self._chats: dict[int, _ChatQueue] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        queue = self._chats.setdefault(chat.id, _ChatQueue())
        queue.waiting += 1
        try:
            async with queue.lock:
                await coroutine
        finally:
            queue.waiting -= 1
            if queue.waiting == 0:
                del self._chats[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
