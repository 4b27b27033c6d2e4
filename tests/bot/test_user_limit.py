"""The per-user question limit: a sliding minute, one notice per over-the-limit spell."""

from __future__ import annotations

from bot.user_limit import UserRateLimit, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_questions_up_to_the_limit_are_allowed_then_one_notice_then_silence() -> None:
    clock = Clock()
    limit = UserRateLimit(3, clock=clock)
    verdicts = []
    for _ in range(6):
        verdicts.append(limit.check(1))
        clock.now += 1
    assert [v.allowed for v in verdicts] == [True, True, True, False, False, False]
    assert [v.notify for v in verdicts] == [False, False, False, True, False, False]
    assert verdicts[3].retry_after == 57  # the first question leaves the window at 1060


def test_the_window_slides_and_a_later_flood_gets_a_new_notice() -> None:
    clock = Clock()
    limit = UserRateLimit(2, clock=clock)
    assert limit.check(1).allowed and limit.check(1).allowed
    assert limit.check(1) == Verdict(allowed=False, notify=True, retry_after=60)
    clock.now += 60
    assert limit.check(1).allowed
    assert limit.check(1).allowed
    assert limit.check(1).notify  # a new spell over the limit, so a new notice


def test_users_are_counted_separately() -> None:
    limit = UserRateLimit(1, clock=Clock())
    assert limit.check(1).allowed
    assert limit.check(2).allowed
    assert not limit.check(1).allowed


def test_zero_turns_the_limit_off() -> None:
    limit = UserRateLimit(0, clock=Clock())
    assert all(limit.check(1).allowed for _ in range(1000))


def test_users_who_stopped_asking_are_forgotten() -> None:
    clock = Clock()
    limit = UserRateLimit(5, clock=clock)
    for user in range(1000):
        limit.check(user)
    assert limit.tracked_users() == 1000
    clock.now += 61
    limit.check(1)
    assert limit.tracked_users() == 1
