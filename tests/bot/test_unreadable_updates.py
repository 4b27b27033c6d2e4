"""An update python-telegram-bot cannot read is skipped once; it never stalls polling."""

from __future__ import annotations

import asyncio
import io
import time
from typing import Any

import pytest
from telegram.error import NetworkError

from bot.screening import screen_updates, screened_payload
from retrieval.engine import Engine
from tests.support.botapi import UpdateFactory
from tests.support.http_botapi import HttpBotApi
from tests.support.live_bot import delivered, polling
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE

NOW = int(time.time())
UNREADABLE: dict[str, dict[str, Any]] = {
    "a message that is a string": {"message": "hi"},
    "a date past any calendar": {
        "message": {"message_id": 1, "date": 1e20, "chat": {"id": 5, "type": "private"}}
    },
    "a chat id that is a string": {
        "message": {"message_id": 1, "date": NOW, "chat": {"id": "5", "type": "private"}}
    },
    "a sender id that is a string": {
        "message": {
            "message_id": 1,
            "date": NOW,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": "x", "is_bot": False, "first_name": "x"},
            "text": "hi",
        }
    },
}


async def test_unreadable_updates_are_skipped_and_the_questions_after_them_are_answered(
    bot_api: HttpBotApi,
    engine: Engine,
    updates: UpdateFactory,
    debug_log: io.StringIO,
) -> None:
    # Before, the first of them made every getUpdates fail without advancing the offset:
    # nothing after it was answered, at 560 getUpdates a second.
    bad_ids = []
    for kind in sorted(UNREADABLE):
        bad_ids.append(next(updates.update_ids))
        bot_api.push({"update_id": bad_ids[-1], **UNREADABLE[kind]})
        bot_api.push(updates.message(MISSION_QUESTION))
    async with polling(bot_api, engine):
        sent = await delivered(bot_api, len(UNREADABLE))
        await asyncio.sleep(0.3)  # time enough for a tight getUpdates loop to show
    assert all(MISSION_TITLE in params["text"] for params in sent)
    polls = [seen for seen in bot_api.received if seen.method == "getUpdates"]
    assert len(polls) < 20, f"{len(polls)} getUpdates calls"
    log = debug_log.getvalue()
    for bad_id in bad_ids:
        assert log.count(f"update {bad_id} could not be read") == 1


def test_readable_updates_pass_unchanged_and_unreadable_ones_keep_only_their_id() -> None:
    chat = {"id": 5, "type": "private"}
    good = {"update_id": 7, "message": {"message_id": 1, "date": NOW, "chat": chat}}
    bad = {"update_id": 8, "message": "hi"}
    assert screen_updates([good, bad]) == [good, {"update_id": 8}]


def test_items_without_a_usable_update_id_are_dropped() -> None:
    assert screen_updates([{"update_id": 9}, {"update_id": "x"}, "junk", {"update_id": True}]) == [
        {"update_id": 9}
    ]


def test_a_batch_with_no_usable_update_id_fails_like_a_network_error_so_polling_backs_off() -> None:
    with pytest.raises(NetworkError):
        screened_payload(b'{"ok": true, "result": [{"update_id": "x"}]}')
    assert screened_payload(b'{"ok": true, "result": []}') == b'{"ok": true, "result": []}'
