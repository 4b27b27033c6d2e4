"""Updates from different chats are handled at the same time; those from one chat, in order.

The index is read-only, so answers for different chats can be worked out side by side (the
engine runs in worker threads). Within one chat, a second question waits for the first one's
reply, so replies come in the order the questions were asked.

Three rules keep one busy chat from stalling the others:

- **Waiting for a chat's turn holds no global slot.** python-telegram-bot's ``process_update``
  takes one of its slots before calling ``do_process_update``, so a chat's lock waited on inside
  would pin a slot per queued update: a group with 256 updates queued behind its flood limit
  (20 messages a minute) held every slot. Here the base class gets no real bound, and the
  ``max_concurrent_updates`` slots are taken only once an update's turn in its chat has come, so
  each chat holds at most one.
- **Each chat's backlog is bounded** (``max_backlog`` updates in hand, the running one included).
  Updates beyond it are dropped, never started, and logged; the chat gets one notice
  (``on_overflow``) until its backlog has drained.
- **Stopping is quick** (``begin_stopping``): updates not started yet are dropped and counted in
  one log line, never half-handled; those still running get ``grace`` seconds, then are
  cancelled. Nothing is sent twice: a dropped update sent nothing, and nothing is retried.

An update delivered twice (the same ``update_id``, as Telegram may do on a retry) is handled once.
Inline queries have no chat: they wait in their sender's queue (a user's private chat has the
user's id), so one user typing fast cannot start more than one answer at a time either.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

# How many updates are handled at once, over all chats (each chat counts at most once).
MAX_CONCURRENT_UPDATES = 256
# Updates one chat may have in hand, the running one included, before more are dropped: at a
# group's flood limit of 20 messages a minute, the last of them is answered within half a minute.
MAX_CHAT_BACKLOG = 10
# Seconds the updates already running get to finish once the bot is told to stop.
STOP_GRACE_SECONDS = 3.0
# How many recent update ids are remembered to drop a second delivery of one.
RECENT_UPDATE_IDS = 10_000
# python-telegram-bot's own bound is taken before a chat's turn; it must never be what waits.
_UNBOUNDED = 2**31 - 1

OverflowNotice = Callable[[Update], Coroutine[object, object, None]]


@dataclass
class _ChatQueue:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    in_hand: int = 0
    dropped: int = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently, each chat's one at a time, with bounded backlogs."""

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        *,
        max_backlog: int = MAX_CHAT_BACKLOG,
        on_overflow: OverflowNotice | None = None,
    ) -> None:
        super().__init__(_UNBOUNDED)
        if max_concurrent_updates < 1 or max_backlog < 1:
            raise ValueError("max_concurrent_updates and max_backlog must be at least 1")
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._max_backlog = max_backlog
        self._on_overflow = on_overflow
        # Only chats with an update in hand have an entry, so this stays small.
        self._chats: dict[int, _ChatQueue] = {}
        self._recent_ids: OrderedDict[int, None] = OrderedDict()
        self._running: set[asyncio.Task[object]] = set()
        self._notices: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._dropped_at_stop = 0

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        if self._stopping:
            self._drop_at_stop(coroutine)
            return
        if isinstance(update, Update) and self._seen_before(update.update_id):
            logger.info("update %s arrived a second time; it is handled once", update.update_id)
            _discard(coroutine)
            return
        key = queue_key(update) if isinstance(update, Update) else None
        if key is None:
            await self._run(coroutine)
            return
        queue = self._chats.setdefault(key, _ChatQueue())
        if queue.in_hand >= self._max_backlog:
            self._overflow(update, key, queue, coroutine)  # type: ignore[arg-type]
            return
        queue.in_hand += 1
        try:
            async with queue.lock:
                if self._stopping:
                    self._drop_at_stop(coroutine)
                    return
                await self._run(coroutine)
        finally:
            queue.in_hand -= 1
            if queue.in_hand == 0:
                del self._chats[key]

    async def _run(self, coroutine: Awaitable[object]) -> None:
        """Run ``coroutine`` in one of the global slots, cancellable when stopping."""
        async with self._slots:
            if self._stopping:
                self._drop_at_stop(coroutine)
                return
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                await coroutine
            finally:
                if task is not None:
                    self._running.discard(task)

    def _overflow(
        self, update: Update, chat_id: int, queue: _ChatQueue, coroutine: Awaitable[object]
    ) -> None:
        """Drop an update beyond the chat's backlog; the first one dropped gets the notice."""
        _discard(coroutine)
        queue.dropped += 1
        logger.warning(
            "chat %s has %d updates in hand: update %s dropped (%d so far)",
            chat_id,
            queue.in_hand,
            update.update_id,
            queue.dropped,
        )
        if queue.dropped == 1 and self._on_overflow is not None:
            notice = asyncio.create_task(self._on_overflow(update))
            self._notices.add(notice)  # a task nobody holds may be collected before it runs
            notice.add_done_callback(self._notices.discard)

    def _seen_before(self, update_id: int) -> bool:
        if update_id in self._recent_ids:
            return True
        self._recent_ids[update_id] = None
        if len(self._recent_ids) > RECENT_UPDATE_IDS:
            self._recent_ids.popitem(last=False)
        return False

    def begin_stopping(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Drop every update not started yet; cancel those still running after ``grace`` s."""
        if self._stopping:
            return
        self._stopping = True
        waiting = sum(queue.in_hand for queue in self._chats.values()) - len(self._running)
        logger.info(
            "stopping: %d updates running get %.0f s to finish; %d waiting are dropped",
            len(self._running),
            grace,
            max(waiting, 0),
        )
        asyncio.get_running_loop().call_later(grace, self._cancel_running)

    def _cancel_running(self) -> None:
        if self._running:
            logger.warning(
                "stopping: %d updates still running after the grace period are cancelled",
                len(self._running),
            )
        for task in list(self._running):
            task.cancel()

    def _drop_at_stop(self, coroutine: Awaitable[object]) -> None:
        _discard(coroutine)
        self._dropped_at_stop += 1
        if self._dropped_at_stop == 1:
            logger.warning("stopping: queued updates are dropped unanswered")

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        if self._dropped_at_stop:
            logger.warning(
                "stopped: %d queued updates were dropped unanswered", self._dropped_at_stop
            )


def queue_key(update: Update) -> int | None:
    """Whose queue an update waits in: its chat's, or for an inline query (which has no chat)
    its sender's, whose private chat has the same id."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.inline_query is not None:
        return update.inline_query.from_user.id
    return None


def _discard(coroutine: Awaitable[object]) -> None:
    """Drop a handler coroutine that was never started (no "never awaited" warning)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
