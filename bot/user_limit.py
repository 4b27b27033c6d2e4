"""The per-user question limit (SANAD_RATE_LIMIT): at most N questions in any 60 seconds.

A sliding window per user. The first question over the limit earns one notice saying when the
next question will be answered; the others until then get no reply, so a flood cannot make the bot
flood back. Pure bookkeeping with an injectable clock; the handlers decide what to send.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a question may be answered; if not, whether to send the notice, and when to retry."""

    allowed: bool
    notify: bool = False
    retry_after: int = 0


_ALLOWED = Verdict(allowed=True)


class UserRateLimit:
    """At most ``per_minute`` questions per user in any 60 seconds; 0 means no limit."""

    def __init__(
        self,
        per_minute: int,
        *,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_minute = per_minute
        self._window = window
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        # user -> when the notice they got runs out; no second notice before then.
        self._notified_until: dict[int, float] = {}
        self._last_sweep = clock()

    def check(self, user_id: int) -> Verdict:
        """Count a question from ``user_id`` if it may be answered now."""
        if self._per_minute <= 0:
            return _ALLOWED
        now = self._clock()
        if now - self._last_sweep >= self._window:
            self._sweep(now)
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self._window:
            asked.popleft()
        if len(asked) < self._per_minute:
            asked.append(now)
            return _ALLOWED
        free_at = asked[0] + self._window
        retry_after = max(1, math.ceil(free_at - now))
        if now < self._notified_until.get(user_id, -math.inf):
            return Verdict(allowed=False, retry_after=retry_after)
        self._notified_until[user_id] = free_at
        return Verdict(allowed=False, notify=True, retry_after=retry_after)

    def _sweep(self, now: float) -> None:
        """Forget users with no question in the window, once a window (memory stays bounded)."""
        self._last_sweep = now
        cutoff = now - self._window
        for user_id, asked in list(self._asked.items()):
            if not asked or asked[-1] <= cutoff:
                del self._asked[user_id]
        for user_id, until in list(self._notified_until.items()):
            if until <= now:
                del self._notified_until[user_id]

    def tracked_users(self) -> int:
        """How many users the limit remembers (for tests of its memory)."""
        return len(self._asked)
