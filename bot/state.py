"""The bot's state, in SQLite: conversation turns, the bot's replies, and a question log.

One database file, ``sanad.db`` under SANAD_DATA_DIR (default ``./.sanad-data``, created 0700;
the file is 0600), in WAL mode, so the state survives a restart:

- **turns** (``contexts``): per user, chat and thread (``bot.conversation.Place``), the last
  question, its top answer's article and when, for follow-up questions (``bot.asking``);
- **replies**, each chat's memory of which of the bot's messages answers which question, in
  which thread and with which turn as context: an edited question edits its answer, a reply to
  an answer continues its thread, and «المزيد» asks again with the same context. Kept 7 days;
- **questions**, the question log behind /stats: when, which chat, how long the reply took,
  whether it was answered, how many hits, the question's type, and the text of an unanswered
  question only (what to add to the corpus). Kept SANAD_LOG_DAYS days; 0 keeps none.

A database that cannot be opened, fails its integrity check, or turns out corrupt later is moved
aside (``sanad.db.broken-<time>``) with one warning and a fresh one is started; if even that
fails (a read-only folder), the state lives in memory until the bot stops, said in the same one
warning. Any other SQLite error costs that one read or write, logged, never the reply.

``Database`` is the synchronous store; ``StateStore`` runs each of its calls in one thread of its
own, so no read or write ever blocks the event loop, and they happen in the order asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bot.asking import Turn
from bot.conversation import Place
from retrieval.normalize import normalize

logger = logging.getLogger(__name__)

T = TypeVar("T")

DATABASE_NAME = "sanad.db"
SCHEMA_VERSION = 1
DAY_SECONDS = 24 * 3600
# How long the bot remembers its replies: edits, «المزيد» and reply threads older than this start
# afresh.
REPLY_MEMORY_SECONDS = 7 * DAY_SECONDS
# Turns are useless after ``bot.asking.FOLLOW_UP_WINDOW``; they are deleted once they are this old.
TURN_MEMORY_SECONDS = DAY_SECONDS
# How often old rows are deleted, in seconds.
PRUNE_EVERY = 3600.0
# The longest unanswered question kept in the log, in characters.
MAX_LOGGED_QUESTION = 300
# How many unanswered questions /stats lists.
TOP_UNANSWERED = 10
# At most one line per this many seconds for failing reads and writes.
ERROR_REPORT_EVERY = 60.0

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS contexts (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    doc_id TEXT,
    asked_at REAL NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id, thread_id)
);
CREATE TABLE IF NOT EXISTS replies (
    chat_id INTEGER NOT NULL,
    question_message_id INTEGER NOT NULL,
    reply_message_id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,
    context_question TEXT,
    context_doc_id TEXT,
    context_at REAL,
    sent_at REAL NOT NULL,
    PRIMARY KEY (chat_id, question_message_id)
);
CREATE INDEX IF NOT EXISTS replies_by_reply ON replies (chat_id, reply_message_id);
CREATE INDEX IF NOT EXISTS replies_by_time ON replies (sent_at);
CREATE TABLE IF NOT EXISTS questions (
    asked_at REAL NOT NULL,
    chat_id INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    found INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    kind TEXT NOT NULL,
    unanswered TEXT,
    unanswered_key TEXT
);
CREATE INDEX IF NOT EXISTS questions_by_time ON questions (asked_at);
PRAGMA user_version = {SCHEMA_VERSION};
"""


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    """The bot's reply to one question message, and the thread and context it was asked in."""

    chat_id: int
    question_message_id: int
    reply_message_id: int
    # The thread a reply to this reply continues (``bot.conversation``).
    thread_id: int
    context: Turn | None
    at: float


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One line of the question log."""

    at: float
    chat_id: int
    latency_ms: int
    found: bool
    hits: int
    kind: str
    # Kept only when the question went unanswered.
    text: str


@dataclass(frozen=True, slots=True)
class Window:
    """The questions of one period: how many, how many answered, and reply times (ms)."""

    questions: int
    answered: int
    p50_ms: int | None
    p95_ms: int | None


@dataclass(frozen=True, slots=True)
class Unanswered:
    """An unanswered question (as last asked) and how many times it was asked."""

    question: str
    times: int


@dataclass(frozen=True, slots=True)
class Stats:
    """What /stats shows."""

    day: Window
    week: Window
    unanswered: tuple[Unanswered, ...]
    log_days: int


class StateUnavailable(Exception):
    """The state database could not answer a read that has no sensible default."""


class Database:
    """The state in one SQLite database; every method is safe to call from any one thread."""

    def __init__(
        self,
        path: Path | None,
        *,
        log_days: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Open (or create) the database in ``path``; None keeps the state in memory."""
        self._path = path
        self._log_days = log_days
        self._clock = clock
        self._lock = threading.Lock()
        self._last_prune = -math.inf
        self._error_reported_at = -math.inf
        self._connection = _open_or_replace(path)
        self.prune()

    @property
    def path(self) -> Path | None:
        """The database file, or None when the state is in memory."""
        return self._path

    def context(self, place: Place) -> Turn | None:
        """The last turn remembered for ``place``, however old."""
        row = self._read(
            "SELECT question, doc_id, asked_at, message_id FROM contexts"
            " WHERE chat_id = ? AND user_id = ? AND thread_id = ?",
            (place.chat_id, place.user_id, place.thread_id),
        )
        return Turn(row[0], row[1], row[2], row[3]) if row else None

    def reply_to(self, chat_id: int, question_message_id: int) -> ReplyRecord | None:
        """The bot's reply to a question message, when it is remembered."""
        row = self._read(
            "SELECT reply_message_id, thread_id, context_question, context_doc_id, context_at,"
            " sent_at FROM replies WHERE chat_id = ? AND question_message_id = ?",
            (chat_id, question_message_id),
        )
        if row is None:
            return None
        context = Turn(row[2], row[3], row[4]) if row[2] is not None else None
        return ReplyRecord(chat_id, question_message_id, row[0], row[1], context, row[5])

    def thread_of_reply(self, chat_id: int, reply_message_id: int) -> int | None:
        """The thread that a reply to the bot's message ``reply_message_id`` continues."""
        row = self._read(
            "SELECT thread_id FROM replies WHERE chat_id = ? AND reply_message_id = ?"
            " ORDER BY sent_at DESC LIMIT 1",
            (chat_id, reply_message_id),
        )
        return int(row[0]) if row else None

    def save(
        self,
        *,
        reply: ReplyRecord | None = None,
        turn: Turn | None = None,
        places: Sequence[Place] = (),
        logged: LoggedQuestion | None = None,
    ) -> None:
        """Remember a reply, a turn (in each of ``places``) and a logged question, at once.

        A turn replaces the one a place has unless that one is newer, by time and then by
        message id (an edited question is saved with its original time, so it never hides a
        question asked after it).
        """
        statements: list[tuple[str, tuple[object, ...]]] = []
        if reply is not None:
            context = reply.context
            statements.append(
                (
                    "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        reply.chat_id,
                        reply.question_message_id,
                        reply.reply_message_id,
                        reply.thread_id,
                        _storable(context.question) if context else None,
                        context.doc_id if context else None,
                        context.at if context else None,
                        reply.at,
                    ),
                )
            )
        if turn is not None:
            for place in places:
                statements.append(
                    (
                        "INSERT INTO contexts VALUES (?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (chat_id, user_id, thread_id) DO UPDATE SET"
                        " question = excluded.question, doc_id = excluded.doc_id,"
                        " asked_at = excluded.asked_at, message_id = excluded.message_id"
                        " WHERE excluded.asked_at > contexts.asked_at"
                        " OR (excluded.asked_at = contexts.asked_at"
                        " AND excluded.message_id >= contexts.message_id)",
                        (
                            place.chat_id,
                            place.user_id,
                            place.thread_id,
                            _storable(turn.question),
                            turn.doc_id,
                            turn.at,
                            turn.message_id,
                        ),
                    )
                )
        if logged is not None and self._log_days > 0:
            text = None if logged.found else _storable(logged.text[:MAX_LOGGED_QUESTION])
            statements.append(
                (
                    "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        logged.at,
                        logged.chat_id,
                        logged.latency_ms,
                        int(logged.found),
                        logged.hits,
                        logged.kind,
                        text,
                        normalize(text) if text else None,
                    ),
                )
            )
        self._write(statements)
        if self._clock() - self._last_prune >= PRUNE_EVERY:
            self.prune()

    def forget(self, chat_id: int, user_id: int) -> None:
        """Forget every turn of ``user_id`` in ``chat_id`` (/new)."""
        self._write(
            [("DELETE FROM contexts WHERE chat_id = ? AND user_id = ?", (chat_id, user_id))]
        )

    def stats(self) -> Stats | None:
        """/stats over the question log; None when the log is off (SANAD_LOG_DAYS=0).

        Raises ``StateUnavailable`` when the log cannot be read (the error is logged).
        """
        if self._log_days <= 0:
            return None
        now = self._clock()
        stats = self._guarded(
            lambda: Stats(
                day=self._window(now - DAY_SECONDS),
                week=self._window(now - 7 * DAY_SECONDS),
                unanswered=self._unanswered(now - self._log_days * DAY_SECONDS),
                log_days=self._log_days,
            ),
            None,
        )
        if stats is None:
            raise StateUnavailable("the question log could not be read")
        return stats

    def prune(self) -> None:
        """Delete log lines older than SANAD_LOG_DAYS, and replies and turns nobody needs."""
        now = self._clock()
        self._last_prune = now
        self._write(
            [
                ("DELETE FROM questions WHERE asked_at < ?", (now - self._log_days * DAY_SECONDS,)),
                ("DELETE FROM replies WHERE sent_at < ?", (now - REPLY_MEMORY_SECONDS,)),
                ("DELETE FROM contexts WHERE asked_at < ?", (now - TURN_MEMORY_SECONDS,)),
            ]
        )

    def close(self) -> None:
        """Close the database; later calls are errors, logged."""
        with self._lock:
            self._connection.close()

    def _window(self, since: float) -> Window:
        questions, answered = self._connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(found), 0) FROM questions WHERE asked_at >= ?",
            (since,),
        ).fetchone()
        return Window(
            questions,
            answered,
            self._percentile(since, questions, 0.50),
            self._percentile(since, questions, 0.95),
        )

    def _percentile(self, since: float, questions: int, share: float) -> int | None:
        """The nearest-rank percentile of the reply times since ``since``."""
        if questions == 0:
            return None
        rank = max(math.ceil(share * questions) - 1, 0)
        row = self._connection.execute(
            "SELECT latency_ms FROM questions WHERE asked_at >= ?"
            " ORDER BY latency_ms LIMIT 1 OFFSET ?",
            (since, rank),
        ).fetchone()
        return int(row[0])

    def _unanswered(self, since: float) -> tuple[Unanswered, ...]:
        # SQLite takes the bare column of a MAX() query from the row holding the maximum: the
        # question's wording as last asked.
        rows = self._connection.execute(
            "SELECT unanswered, COUNT(*) AS times, MAX(asked_at) AS last FROM questions"
            " WHERE found = 0 AND unanswered_key IS NOT NULL AND unanswered_key != ''"
            " AND asked_at >= ? GROUP BY unanswered_key ORDER BY times DESC, last DESC LIMIT ?",
            (since, TOP_UNANSWERED),
        ).fetchall()
        return tuple(Unanswered(row[0], row[1]) for row in rows)

    def _read(self, sql: str, parameters: tuple[object, ...]) -> tuple[Any, ...] | None:
        def read() -> tuple[Any, ...] | None:
            row: tuple[Any, ...] | None = self._connection.execute(sql, parameters).fetchone()
            return row

        return self._guarded(read, None)

    def _write(self, statements: Sequence[tuple[str, tuple[object, ...]]]) -> None:
        def write() -> None:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                for sql, parameters in statements:
                    connection.execute(sql, parameters)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

        if statements:
            self._guarded(write, None)

    def _guarded(self, call: Callable[[], T], failed: T) -> T:
        """``call()`` under the lock; on an SQLite error, ``failed`` (and the error logged).

        A database found corrupt is replaced by a fresh one, as at start-up.
        """
        with self._lock:
            try:
                return call()
            except (sqlite3.Error, ValueError) as error:
                if isinstance(error, sqlite3.Error) and _is_corruption(error) and self._path:
                    with contextlib.suppress(sqlite3.Error):
                        self._connection.close()
                    self._connection = _open_or_replace(self._path, found=error)
                else:
                    self._report(error)
                return failed

    def _report(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._error_reported_at >= ERROR_REPORT_EVERY:
            self._error_reported_at = now
            logger.warning("the state database %s failed: %s", self._path or "in memory", error)


class StateStore:
    """``Database`` for the event loop: each call runs in the store's own thread, in order."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="sanad-state")

    @classmethod
    def open(
        cls, folder: Path | None, *, log_days: int, clock: Callable[[], float] = time.time
    ) -> StateStore:
        """The store in ``folder`` (``sanad.db``), or in memory when ``folder`` is None."""
        path = folder / DATABASE_NAME if folder is not None else None
        return cls(Database(path, log_days=log_days, clock=clock))

    async def context(self, place: Place) -> Turn | None:
        """See ``Database.context``."""
        return await self._run(self.database.context, place)

    async def reply_to(self, chat_id: int, question_message_id: int) -> ReplyRecord | None:
        """See ``Database.reply_to``."""
        return await self._run(self.database.reply_to, chat_id, question_message_id)

    async def thread_of_reply(self, chat_id: int, reply_message_id: int) -> int | None:
        """See ``Database.thread_of_reply``."""
        return await self._run(self.database.thread_of_reply, chat_id, reply_message_id)

    async def save(
        self,
        *,
        reply: ReplyRecord | None = None,
        turn: Turn | None = None,
        places: Sequence[Place] = (),
        logged: LoggedQuestion | None = None,
    ) -> None:
        """See ``Database.save``."""
        await self._run(
            partial(self.database.save, reply=reply, turn=turn, places=places, logged=logged)
        )

    async def forget(self, chat_id: int, user_id: int) -> None:
        """See ``Database.forget``."""
        await self._run(self.database.forget, chat_id, user_id)

    async def stats(self) -> Stats | None:
        """See ``Database.stats``."""
        return await self._run(self.database.stats)

    def close(self) -> None:
        """Close the database once the calls already asked for are done."""
        self._executor.submit(self.database.close)
        self._executor.shutdown(wait=True)

    async def _run(self, function: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(function, *args))


def _open_or_replace(
    path: Path | None, *, found: BaseException | None = None
) -> sqlite3.Connection:
    """A connection to ``path``, set up; a database that fails (or ``found`` failed) is moved
    aside and a fresh one started; in memory when even that fails. At most one warning."""
    if path is None:
        return _connect(":memory:")
    if found is None:
        try:
            return _connect_file(path)
        except (sqlite3.Error, OSError) as error:
            found = error
    aside = _move_aside(path)
    try:
        connection = _connect_file(path)
    except (sqlite3.Error, OSError) as error:
        logger.warning(
            "the state database %s cannot be used (%s)%s, nor a fresh one started (%s): "
            "conversations and the question log are kept in memory until the bot stops",
            path,
            found,
            f"; moved it to {aside}" if aside else "",
            error,
        )
        return _connect(":memory:")
    if aside is not None:
        logger.warning(
            "the state database %s could not be used (%s): moved it to %s and started a fresh one",
            path,
            found,
            aside,
        )
    else:
        logger.warning(
            "the state database %s could not be used (%s): started a fresh one", path, found
        )
    return connection


def _connect_file(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Created readable by the bot's user alone before SQLite opens it; its WAL files copy that.
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)
    return _connect(str(path))


def _connect(target: str) -> sqlite3.Connection:
    """An autocommit connection usable from any thread, in WAL mode, checked, with the schema."""
    connection = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=5)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        (check,) = connection.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema version {version} is newer than this Sanad's")
        connection.executescript(_SCHEMA)
    except BaseException:
        connection.close()
        raise
    return connection


def _move_aside(path: Path) -> Path | None:
    """Rename ``path`` (and its WAL files) to ``<name>.broken-<UTC time>``; None if it can't."""
    if not path.is_file():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    try:
        path.rename(aside)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            companion.rename(aside.with_name(aside.name + suffix))
    return aside


def _storable(text: str) -> str:
    """``text`` with lone surrogates (possible in JSON from a client) as U+FFFD: SQLite keeps
    UTF-8, which cannot hold them."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _is_corruption(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the database file itself is broken (not busy, not full)."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text
