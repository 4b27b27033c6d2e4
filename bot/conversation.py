"""Where in a chat a question was asked, so a follow-up leans on the right earlier question.

A conversation's context is kept per user, per chat and per thread (``Place``). Each chat has a
main line: the whole private chat, the group outside any reply thread, or a forum topic. A
message that replies to one of the bot's answers continues that answer's thread instead: a
question asked on the main line starts a thread of its own (its id is the question's message
id), and every reply to an answer in it stays in it. So in a group, «ومتى؟» replying to the
answer to «أين التقى بوتين علييف؟» follows up on that question, whatever was asked since, and
two users never lean on each other's questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message

# The thread id of a chat's main line outside forum topics.
MAIN_LINE = 0


@dataclass(frozen=True, slots=True)
class Place:
    """One conversation: a user (or the chat they speak as) in a chat, in one thread."""

    chat_id: int
    user_id: int
    thread_id: int


def main_line(message: Message) -> int:
    """The thread a message belongs to when it replies to none of the bot's answers."""
    if message.is_topic_message and message.message_thread_id is not None:
        return message.message_thread_id
    return MAIN_LINE


def replied_bot_message(message: Message) -> int | None:
    """The id of the bot's message that ``message`` replies to, if it replies to one."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None:
        return None
    if replied.from_user.id != message.get_bot().id:
        return None
    return replied.message_id
