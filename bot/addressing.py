"""Which messages are meant for the bot, and the question inside them.

In a private chat every text message is a question. In a group only a message that mentions the
bot, replies to one of its messages, or uses ``/ask`` is; the mention or command is not part of
the question.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.ext import filters

_COMMAND_PREFIX = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?\s*")


class AddressedToBot(filters.MessageFilter):
    """Messages that mention this bot (by @username or text mention) or reply to it."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
        for entity, text in entities.items():
            if entity.type == MessageEntity.MENTION and text.casefold() == mention:
                return True
            if entity.user is not None and entity.user.id == bot.id:
                return True
        return False


ADDRESSED_TO_BOT = AddressedToBot(name="addressed_to_bot")


def question_text(message: Message) -> str:
    """The question in ``message``: its text without a leading command or mentions of the bot."""
    text = _COMMAND_PREFIX.sub("", message.text or "", count=1)
    username = message.get_bot().username
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())
