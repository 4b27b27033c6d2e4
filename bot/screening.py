"""Updates python-telegram-bot cannot read are skipped once, so they never stall polling.

python-telegram-bot parses a whole ``getUpdates`` batch at once. One update it cannot parse (a
message that is a string, a date past any calendar) makes the call fail without confirming the
batch, so the same batch comes back at once, forever: nothing after it is answered, and the log
grows by megabytes a second. ``ScreeningRequest`` is the HTTP client for ``getUpdates``: it reads
each update of a batch on its own first, and replaces one it cannot read, or whose chat or sender
id is not a number, by its bare ``update_id``. The update is logged once, with that id; the batch
is confirmed as usual, and handlers never see it (an update with no content matches none).

A batch in which no update has a usable ``update_id`` cannot be confirmed at all: the call fails
as a network error would, so python-telegram-bot's polling loop backs off before asking again.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.request import BaseRequest, HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

_GET_UPDATES = "getUpdates"
_OK = 200


def screen_updates(items: list[Any]) -> list[Any]:
    """``items`` with each unreadable update cut down to its id; items without an id dropped."""
    kept: list[Any] = []
    for item in items:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if type(update_id) is not int:
            logger.warning("getUpdates returned an item without a usable update_id; skipped")
            continue
        problem = _unreadable(item)
        if problem is None:
            kept.append(item)
        else:
            logger.warning("update %d could not be read and is skipped: %s", update_id, problem)
            kept.append({"update_id": update_id})
    return kept


def _unreadable(item: dict[str, Any]) -> str | None:
    """Why python-telegram-bot or the handlers could not use this update; None when they can."""
    try:
        update = Update.de_json(item, None)
    except Exception as error:  # whatever the parser trips on, the update is unusable
        return f"{type(error).__name__}: {error}"
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    sender_chat = message.sender_chat if message is not None else None
    for what, value in (
        ("chat id", chat.id if chat is not None else 0),
        ("sender id", user.id if user is not None else 0),
        ("sender chat id", sender_chat.id if sender_chat is not None else 0),
        ("message id", message.message_id if message is not None else 0),
    ):
        if type(value) is not int:
            return f"its {what} is not a number ({type(value).__name__})"
    return None


def screened_payload(payload: bytes) -> bytes:
    """A ``getUpdates`` answer with its unreadable updates screened out (see module doc)."""
    try:
        body = json.loads(payload)
    except ValueError:
        return payload  # python-telegram-bot reports an invalid server response itself
    if not isinstance(body, dict) or not isinstance(body.get("result"), list):
        return payload
    items = body["result"]
    kept = screen_updates(items)
    if items and not kept:
        raise NetworkError("getUpdates returned no update with a usable update_id")
    if kept == items:
        return payload
    return json.dumps({**body, "result": kept}).encode()


class ScreeningRequest(HTTPXRequest):
    """The HTTP client for ``getUpdates``, screening out updates that cannot be read."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if code != _OK or url.rsplit("/", 1)[-1] != _GET_UPDATES:
            return code, payload
        return code, screened_payload(payload)
