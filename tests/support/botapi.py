"""An offline stand-in for the Telegram Bot API, and realistic updates to feed the bot.

``FakeBotApi`` plugs into python-telegram-bot as its HTTP layer (a ``BaseRequest``): it records
each call with its decoded parameters and answers with canned Bot API JSON, so the real
``Application`` runs end to end without a network. ``bot_api_result`` is shared with the HTTP
stand-in used by the polling tests.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

TOKEN = "7000001:AAHfakeTokenForSanadTests_0123456789"
# The secret part of the token: what must never reach a log line.
SECRET_HALF = TOKEN.partition(":")[2]
BOT_ID = 7000001
BOT_USERNAME = "sanad_test_bot"
USER_ID = 5550001
GROUP_ID = -1001234567890

BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "سند", "username": BOT_USERNAME}
USER = {"id": USER_ID, "is_bot": False, "first_name": "ليلى", "language_code": "ar"}
PRIVATE_CHAT = {"id": USER_ID, "type": "private", "first_name": "ليلى"}
GROUP_CHAT = {"id": GROUP_ID, "type": "supergroup", "title": "قراء الأخبار"}

_TRUE_METHODS = frozenset(
    {
        "sendChatAction",
        "setMyCommands",
        "answerCallbackQuery",
        "answerInlineQuery",
        "deleteWebhook",
        "close",
    }
)


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One Bot API call: the method name and its decoded parameters."""

    method: str
    params: dict[str, Any]


class MessageIds:
    """Message ids for messages the stand-in 'sends', distinct from the updates' ids."""

    def __init__(self, start: int = 9000) -> None:
        self._counter = itertools.count(start)

    def next(self) -> int:
        return next(self._counter)


def bot_api_result(method: str, params: dict[str, Any], ids: MessageIds) -> Any:
    """What the Bot API returns for ``method``; raises KeyError for methods it does not know."""
    if method == "getMe":
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}
    if method in _TRUE_METHODS:
        return True
    if method in {"sendMessage", "editMessageReplyMarkup", "editMessageText"}:
        chat_id = int(params.get("chat_id", USER_ID))
        chat = PRIVATE_CHAT if chat_id == USER_ID else {**GROUP_CHAT, "id": chat_id}
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id") or ids.next()),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": params.get("text", ""),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message
    if method == "getUpdates":
        return []
    raise KeyError(method)


class FakeBotApi(BaseRequest):
    """A Bot API that records every call and never touches the network."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.urls: list[str] = []
        # The message each sendMessage returned, as Telegram would: what a reply to it quotes.
        self.messages: list[dict[str, Any]] = []
        self._ids = MessageIds()
        self._refusals: list[tuple[str, str]] = []

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(ApiCall(name, params))
        self.urls.append(url)
        refusal = next((r for r in self._refusals if r[0] == name), None)
        if refusal is not None:
            self._refusals.remove(refusal)
            body = {"ok": False, "error_code": 400, "description": refusal[1]}
            return 400, json.dumps(body).encode()
        try:
            result = bot_api_result(name, params, self._ids)
        except KeyError:
            body = {"ok": False, "error_code": 400, "description": f"stand-in lacks {name}"}
            return 400, json.dumps(body).encode()
        if name == "sendMessage":
            self.messages.append(result)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def fail_next(self, method: str, description: str = "Bad Request: scripted refusal") -> None:
        """Refuse the next call to ``method`` with a 400 saying ``description``, as Telegram
        does a message it rejects."""
        self._refusals.append((method, description))

    def methods(self) -> list[str]:
        """The names of the methods called so far, in order."""
        return [call.method for call in self.calls]

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call to ``method``."""
        return [call.params for call in self.calls if call.method == method]

    def clear(self) -> None:
        self.calls.clear()
        self.urls.clear()
        self.messages.clear()


@dataclass
class UpdateFactory:
    """Builds Bot API update dicts the way Telegram sends them, with fresh ids."""

    update_ids: itertools.count = field(default_factory=lambda: itertools.count(100))
    message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def message(
        self,
        text: str | None = None,
        *,
        chat: dict[str, Any] = PRIVATE_CHAT,
        reply_to: dict[str, Any] | None = None,
        sticker: bool = False,
        media: dict[str, Any] | None = None,
        sender: dict[str, Any] = USER,
    ) -> dict[str, Any]:
        """An update with a new message: text (entities filled in), a sticker, or ``media``."""
        message = self.message_dict(
            text, chat=chat, reply_to=reply_to, sticker=sticker, sender=sender
        )
        return {"update_id": next(self.update_ids), "message": {**message, **(media or {})}}

    def message_dict(
        self,
        text: str | None = None,
        *,
        chat: dict[str, Any] = PRIVATE_CHAT,
        reply_to: dict[str, Any] | None = None,
        sticker: bool = False,
        sender: dict[str, Any] = USER,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
        }
        if text is not None:
            message["text"] = text
            if entities := _entities(text):
                message["entities"] = entities
        if sticker:
            message["sticker"] = {
                "file_id": "CAACAgIAAxkBAAEBsticker",
                "file_unique_id": "AgADsticker",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def bot_reply(
        self, question: dict[str, Any] | None, *, callback_data: str, message_id: int = 8000
    ) -> dict[str, Any]:
        """A message the bot sent with a «المزيد» button, replying to ``question``."""
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": question["chat"] if question else PRIVATE_CHAT,
            "from": BOT_USER,
            "text": "…",
            "reply_markup": {
                "inline_keyboard": [[{"text": "المزيد", "callback_data": callback_data}]]
            },
        }
        if question is not None:
            message["reply_to_message"] = question
        return message

    def edited(self, update: dict[str, Any], text: str) -> dict[str, Any]:
        """An update for the message of ``update`` edited to read ``text``."""
        message = {**update["message"], "text": text, "edit_date": int(time.time())}
        message.pop("entities", None)
        if entities := _entities(text):
            message["entities"] = entities
        return {"update_id": next(self.update_ids), "edited_message": message}

    def inline_query(self, query: str, *, user: dict[str, Any] = USER) -> dict[str, Any]:
        """An update for ``@bot query`` typed by ``user`` in some chat."""
        return {
            "update_id": next(self.update_ids),
            "inline_query": {
                "id": f"iq{next(self.update_ids)}",
                "from": user,
                "query": query,
                "offset": "",
            },
        }

    def callback(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        """An update for a press of the button with ``data`` under ``message``."""
        return {
            "update_id": next(self.update_ids),
            "callback_query": {
                "id": f"cbq{next(self.update_ids)}",
                "from": USER,
                "chat_instance": "-4242",
                "data": data,
                "message": message,
            },
        }


def _entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram would attach: a leading bot command and @mentions (UTF-16 offsets)."""
    entities = []
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": _utf16(command)})
    start = 0
    while (index := text.find("@", start)) != -1:
        end = index + 1
        while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_"):
            end += 1
        # "@name" glued to a command ("/ask@bot") is part of the command entity.
        if end - index > 1 and (index == 0 or text[index - 1].isspace()):
            offset, length = _utf16(text[:index]), _utf16(text[index:end])
            entities.append({"type": "mention", "offset": offset, "length": length})
        start = end
    return entities


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
