"""The state database: a real SQLite file, kept across restarts, replaced when broken."""

from __future__ import annotations

import logging
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from bot.asking import Turn
from bot.conversation import Place
from bot.state import (
    DATABASE_NAME,
    DAY_SECONDS,
    REPLY_MEMORY_SECONDS,
    Database,
    LoggedQuestion,
    ReplyRecord,
    StateStore,
    StateUnavailable,
)

PLACE = Place(chat_id=-100, user_id=7, thread_id=0)
NOW = 1_800_000_000.0


class Clock:
    """A clock the test moves."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def database(folder: Path, *, log_days: int = 30, clock: Clock | None = None) -> Database:
    return Database(folder / DATABASE_NAME, log_days=log_days, clock=clock or Clock())


def logged(at: float, *, found: bool, latency_ms: int = 100, text: str = "سؤال") -> LoggedQuestion:
    return LoggedQuestion(at, -100, latency_ms, found, 3 if found else 0, "time", text)


def test_turns_replies_and_threads_survive_a_restart(tmp_path: Path) -> None:
    first = database(tmp_path)
    turn = Turn("أين التقى بوتين علييف؟", "002_85166882b8e78257", NOW, message_id=41)
    reply = ReplyRecord(-100, 41, 9001, 41, None, NOW)
    first.save(reply=reply, turn=turn, places=(PLACE, Place(-100, 7, 41)))
    first.close()

    second = database(tmp_path)
    assert second.context(PLACE) == turn
    assert second.context(Place(-100, 7, 41)) == turn
    assert second.context(Place(-100, 8, 0)) is None  # another user
    assert second.reply_to(-100, 41) == reply
    assert second.thread_of_reply(-100, 9001) == 41
    assert second.thread_of_reply(-100, 9002) is None
    assert second.path == tmp_path / DATABASE_NAME


def test_the_database_is_a_wal_file_readable_by_its_owner_alone(tmp_path: Path) -> None:
    database(tmp_path / "data").save(turn=Turn("س", None, NOW), places=(PLACE,))
    path = tmp_path / "data" / DATABASE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_turn_is_never_replaced_by_an_older_one(tmp_path: Path) -> None:
    db = database(tmp_path)
    newer = Turn("ومتى؟", "doc", NOW + 10, message_id=2)
    db.save(turn=newer, places=(PLACE,))
    db.save(turn=Turn("سؤال معدّل", "doc", NOW, message_id=1), places=(PLACE,))
    assert db.context(PLACE) == newer
    edited = Turn("ومتى كان ذلك؟", "doc", NOW + 10, message_id=2)
    db.save(turn=edited, places=(PLACE,))
    assert db.context(PLACE) == edited


def test_forget_drops_every_thread_of_one_user_in_one_chat(tmp_path: Path) -> None:
    db = database(tmp_path)
    turn = Turn("س", None, NOW)
    others = (Place(-100, 8, 0), Place(-200, 7, 0))
    db.save(turn=turn, places=(PLACE, Place(-100, 7, 55), *others))
    db.forget(-100, 7)
    assert db.context(PLACE) is None
    assert db.context(Place(-100, 7, 55)) is None
    assert [db.context(place) for place in others] == [turn, turn]


def test_stats_count_the_last_day_and_week_with_latency_percentiles(tmp_path: Path) -> None:
    db = database(tmp_path)
    for index in range(20):  # 20 today, 1 to 20 ms, every fourth unanswered
        db.save(logged=logged(NOW - 60 * index, found=index % 4 != 0, latency_ms=index + 1))
    for index in range(10):  # 10 three days ago, 1000 ms, all answered
        db.save(logged=logged(NOW - 3 * DAY_SECONDS - index, found=True, latency_ms=1000))
    db.save(logged=logged(NOW - 10 * DAY_SECONDS, found=True))  # outside the week
    stats = db.stats()
    assert stats is not None
    assert (stats.day.questions, stats.day.answered) == (20, 15)
    assert (stats.day.p50_ms, stats.day.p95_ms) == (10, 19)
    assert (stats.week.questions, stats.week.answered) == (30, 25)
    assert (stats.week.p50_ms, stats.week.p95_ms) == (15, 1000)
    assert stats.log_days == 30


def test_stats_list_the_most_frequent_unanswered_questions_as_last_asked(tmp_path: Path) -> None:
    db = database(tmp_path)
    asked = [
        ("ما هي عاصمة اليابان؟", 1),
        ("ما هي عاصمة اليابان", 2),
        ("ما هى عاصمة اليابان", 3),  # the same question, spelled otherwise
        ("من فاز بكأس العالم؟", 4),
        ("من فاز بكأس العالم؟", 5),
        ("كم عمر المدرب؟", 6),
    ]
    for text, minute in asked:
        db.save(logged=logged(NOW - 3600 + 60 * minute, found=False, text=text))
    db.save(logged=logged(NOW, found=True, text="متى اتفقا على الهدنة الإنسانية؟"))
    stats = db.stats()
    assert stats is not None
    assert [(item.question, item.times) for item in stats.unanswered] == [
        ("ما هى عاصمة اليابان", 3),
        ("من فاز بكأس العالم؟", 2),
        ("كم عمر المدرب؟", 1),
    ]


def test_only_unanswered_questions_keep_their_text(tmp_path: Path) -> None:
    db = database(tmp_path)
    db.save(logged=logged(NOW, found=True, text="متى اتفقا على الهدنة؟"))
    db.save(logged=logged(NOW, found=False, text="سؤال بلا جواب \ud800"))
    db.close()
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        texts = connection.execute("SELECT unanswered FROM questions ORDER BY found").fetchall()
    assert texts == [("سؤال بلا جواب \ufffd",), (None,)]


def test_the_log_is_kept_log_days_and_replies_a_week(tmp_path: Path) -> None:
    clock = Clock()
    db = database(tmp_path, log_days=2, clock=clock)
    db.save(logged=logged(NOW - 3 * DAY_SECONDS, found=False))
    db.save(logged=logged(NOW - DAY_SECONDS, found=False))
    db.save(reply=ReplyRecord(-100, 1, 2, 1, None, NOW))
    db.prune()
    stats = db.stats()
    assert stats is not None
    assert stats.week.questions == 1
    clock.now = NOW + REPLY_MEMORY_SECONDS + 1
    db.prune()
    assert db.reply_to(-100, 1) is None


def test_log_days_zero_keeps_no_question_log(tmp_path: Path) -> None:
    db = database(tmp_path, log_days=0)
    db.save(logged=logged(NOW, found=False), turn=Turn("س", None, NOW), places=(PLACE,))
    assert db.stats() is None
    assert db.context(PLACE) is not None  # conversations are kept all the same
    db.close()
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        assert connection.execute("SELECT COUNT(*) FROM questions").fetchone() == (0,)


@pytest.mark.parametrize(
    "content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_corrupt_database_is_moved_aside_with_one_warning_and_a_fresh_one_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    path = tmp_path / DATABASE_NAME
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="bot.state"):
        db = database(tmp_path)
    [warning] = caplog.records
    assert "moved it to" in warning.getMessage()
    [aside] = tmp_path.glob(f"{DATABASE_NAME}.broken-*")
    assert aside.read_bytes() == content
    db.save(turn=Turn("س", None, NOW), places=(PLACE,))
    assert db.context(PLACE) == Turn("س", None, NOW)


def test_a_database_that_cannot_be_created_keeps_the_state_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "data"
    folder.write_text("a file where the folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.state"):
        db = database(folder)
    [warning] = caplog.records
    assert "kept in memory" in warning.getMessage()
    db.save(turn=Turn("س", None, NOW), places=(PLACE,))
    assert db.context(PLACE) == Turn("س", None, NOW)


def test_stats_that_cannot_be_read_are_an_error_not_an_empty_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = database(tmp_path)
    db.close()  # every read now fails
    with caplog.at_level(logging.WARNING, logger="bot.state"), pytest.raises(StateUnavailable):
        db.stats()
    assert len(caplog.records) == 1


async def test_the_store_reads_and_writes_off_the_event_loop(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path, log_days=30)
    threads: list[str] = []
    original = store.database.context

    def context(place: Place) -> Turn | None:
        threads.append(threading.current_thread().name)
        return original(place)

    store.database.context = context  # type: ignore[method-assign]
    await store.save(turn=Turn("س", None, NOW), places=(PLACE,))
    assert await store.context(PLACE) == Turn("س", None, NOW)
    store.close()
    assert threads and all(name.startswith("sanad-state") for name in threads)
