"""Bot API faults, scripted on the loopback stand-in, while the bot polls it for real.

Each test runs the real application with ``serve`` against ``HttpBotApi`` on 127.0.0.1, with
waits shrunk through ``DeliveryPolicy`` and ``poll_interval`` rather than real seconds, and every
wait bounded. Every test also logs at DEBUG through the token filter and checks that the token
never reached the log, whatever failed.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from telegram import Bot

from bot import wording
from bot.delivery import RetryingRequest
from bot.format import plain
from bot.logging_filter import MASK
from retrieval.engine import Engine
from retrieval.followup import FollowUpContext
from retrieval.results import Answer
from tests.support.botapi import PRIVATE_CHAT, SECRET_HALF, TOKEN, USER, USER_ID, UpdateFactory
from tests.support.http_botapi import DROP, HttpBotApi, late, status
from tests.support.live_bot import FAST, WAIT, delivered, polling
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE


@pytest.fixture(autouse=True)
def token_stays_out_of_the_log(debug_log: io.StringIO) -> Iterator[io.StringIO]:
    yield debug_log
    log = debug_log.getvalue()
    assert TOKEN not in log
    assert SECRET_HALF not in log
    assert f"/bot{MASK}/" in log  # request URLs were logged, with the token masked


def outcomes(bot_api: HttpBotApi, method: str = "sendMessage") -> list[str]:
    return [seen.outcome for seen in bot_api.received if seen.method == method]


async def test_get_updates_errors_and_timeouts_do_not_stop_polling(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    # 5xx twice, a dropped connection, then an answer that comes after the read timeout and so
    # is lost: the update it carried is fetched again, and answered once.
    bot_api.fail("getUpdates", status(502), status(500), DROP, late(FAST.read_timeout + 0.3))
    bot_api.push(updates.message(MISSION_QUESTION))
    async with polling(bot_api, engine, long_poll=0):
        [sent] = await delivered(bot_api)
    assert MISSION_TITLE in sent["text"]
    assert outcomes(bot_api, "getUpdates")[:5] == ["502", "500", "dropped", "late", "ok"]
    assert outcomes(bot_api) == ["ok"]
    assert debug_log.getvalue().count("getUpdates failed") == 3


async def test_polling_survives_connection_refused_and_answers_once_the_api_is_back(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    async with polling(bot_api, engine):
        await asyncio.to_thread(bot_api.wait_for, "getUpdates", timeout=WAIT)
        bot_api.go_offline()
        deadline = time.monotonic() + WAIT
        while "ConnectError" not in debug_log.getvalue():  # the bot is knocking on a closed port
            assert time.monotonic() < deadline, "no refused getUpdates was logged"
            await asyncio.sleep(0.02)
        bot_api.push(updates.message(MISSION_QUESTION))
        bot_api.go_online()
        [sent] = await delivered(bot_api)
    assert MISSION_TITLE in sent["text"]
    assert "getUpdates failed" in debug_log.getvalue()


async def test_send_message_5xx_is_retried_with_backoff_and_delivered_once(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    bot_api.fail("sendMessage", status(502), status(503))
    update = updates.message(MISSION_QUESTION)
    bot_api.push(update)
    async with polling(bot_api, engine):
        [sent] = await delivered(bot_api)
    assert outcomes(bot_api) == ["502", "503", "ok"]
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert MISSION_TITLE in sent["text"]
    assert "sendMessage failed (Bad Gateway (502)" not in debug_log.getvalue()  # raw status
    assert "sendMessage failed (HTTP 502); trying again" in debug_log.getvalue()


async def test_a_reply_that_keeps_failing_is_logged_and_the_next_update_is_answered(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    # Three attempts for the answer, three for the apology: both fail, boundedly.
    bot_api.fail("sendMessage", *[status(500)] * (2 * FAST.attempts))
    first = updates.message(MISSION_QUESTION)
    second = updates.message(MISSION_QUESTION)
    bot_api.push(first)
    bot_api.push(second)
    async with polling(bot_api, engine):
        [sent] = await delivered(bot_api)
    assert outcomes(bot_api) == ["500"] * (2 * FAST.attempts) + ["ok"]
    assert sent["reply_parameters"]["message_id"] == second["message"]["message_id"]
    log = debug_log.getvalue()
    assert f"update {first['update_id']} failed" in log
    assert f"could not apologise for update {first['update_id']}" in log


async def test_a_reply_whose_answer_times_out_is_not_sent_again(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    # Telegram got the message, but its answer came after the read timeout: the message may
    # have arrived, so it is neither repeated nor followed by an apology.
    bot_api.fail("sendMessage", late(FAST.read_timeout + 0.3))
    first = updates.message(MISSION_QUESTION)
    second = updates.message("/help")  # same chat: handled only once the first is done
    bot_api.push(first)
    bot_api.push(second)
    async with polling(bot_api, engine):
        sent = await delivered(bot_api, count=2)
    assert outcomes(bot_api) == ["late", "ok"]
    assert [s["reply_parameters"]["message_id"] for s in sent] == [
        first["message"]["message_id"],
        second["message"]["message_id"],
    ]
    assert all(s["text"] != plain(wording.APOLOGY) for s in sent)
    assert (
        f"update {first['update_id']}: the reply to chat {USER_ID} may not have arrived"
        in debug_log.getvalue()
    )


# python-telegram-bot's own RetryAfter reads its deprecated int ``retry_after`` when raised.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_waits_retry_after_then_sends_once(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    bot_api.fail("sendMessage", status(429, retry_after=1))
    bot_api.push(updates.message(MISSION_QUESTION))
    async with polling(bot_api, engine):
        await delivered(bot_api)
    [limited, ok] = [seen for seen in bot_api.received if seen.method == "sendMessage"]
    assert (limited.outcome, ok.outcome) == ("429", "ok")
    assert ok.at - limited.at >= 1.0  # as long as Telegram asked


async def test_send_to_a_refused_port_is_retried_until_the_api_is_back(
    bot_api: HttpBotApi, debug_log: io.StringIO
) -> None:
    # A refused connection certainly delivered nothing, so even sendMessage is retried.
    policy = replace(FAST, attempts=50, backoff=0.02, max_backoff=0.02)
    bot = Bot(TOKEN, base_url=bot_api.base_url, request=RetryingRequest(policy))
    bot_api.go_offline()
    sending = asyncio.create_task(bot.send_message(USER_ID, "سند"))
    deadline = time.monotonic() + WAIT
    while "ConnectError" not in debug_log.getvalue():
        assert time.monotonic() < deadline, "no refused sendMessage was logged"
        await asyncio.sleep(0.02)
    bot_api.go_online()
    message = await asyncio.wait_for(sending, WAIT)
    await bot.shutdown()
    assert message.text == "سند"
    assert [call.params["text"] for call in bot_api.delivered] == ["سند"]


class FailingOn:
    """An engine that raises, with the token in its message, for one question only."""

    def __init__(self, engine: Engine, question: str) -> None:
        self.corpus = engine.corpus
        self._engine = engine
        self._question = question

    def answer(
        self, question: str, *, top_k: int = 3, context: FollowUpContext | None = None
    ) -> Answer:
        if question == self._question:
            raise RuntimeError(f"index exploded near {TOKEN}")
        return self._engine.answer(question, top_k=top_k, context=context)


async def test_a_handler_that_raises_does_not_stop_other_updates(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    other_chat = {**PRIVATE_CHAT, "id": USER_ID + 1}
    bad = updates.message("سؤال يكسر المحرك")
    good = [updates.message(MISSION_QUESTION), updates.message(MISSION_QUESTION, chat=other_chat)]
    for update in (bad, *good):
        bot_api.push(update)
    broken = FailingOn(engine, "سؤال يكسر المحرك")
    async with polling(bot_api, broken):  # type: ignore[arg-type]
        sent = await delivered(bot_api, count=3)
    by_reply = {s["reply_parameters"]["message_id"]: s["text"] for s in sent}
    assert by_reply[bad["message"]["message_id"]] == plain(wording.APOLOGY)
    for update in good:
        assert MISSION_TITLE in by_reply[update["message"]["message_id"]]
    log = debug_log.getvalue()
    assert "index exploded near [TOKEN]" in log  # the traceback is logged, masked
    assert USER["id"] == USER_ID


async def test_a_dropped_reply_is_not_sent_again_but_a_late_typing_action_is(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory, debug_log: io.StringIO
) -> None:
    # "typing…" is harmless to repeat, so its lost answer is retried; a reply whose connection
    # dropped after it was sent may have arrived, so it is not.
    bot_api.fail("sendChatAction", late(FAST.read_timeout + 0.3))
    bot_api.fail("sendMessage", DROP)
    first = updates.message(MISSION_QUESTION)
    second = updates.message("/help")
    bot_api.push(first)
    bot_api.push(second)
    async with polling(bot_api, engine):
        [sent] = await delivered(bot_api)
    assert outcomes(bot_api, "sendChatAction") == ["late", "ok"]
    assert outcomes(bot_api) == ["dropped", "ok"]
    assert sent["reply_parameters"]["message_id"] == second["message"]["message_id"]
    assert f"update {first['update_id']}: the reply to chat {USER_ID} may not have arrived" in (
        debug_log.getvalue()
    )
