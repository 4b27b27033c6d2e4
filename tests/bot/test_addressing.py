"""Finding the question in a message: commands and mentions of the bot are not part of it."""

from __future__ import annotations

import pytest
from telegram import Message
from telegram.ext import Application

from bot.addressing import question_text
from tests.support.botapi import UpdateFactory


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("متى اتفقا؟", "متى اتفقا؟"),
        ("/ask متى اتفقا؟", "متى اتفقا؟"),
        ("/ask@sanad_test_bot   متى\nاتفقا؟", "متى اتفقا؟"),
        ("@sanad_test_bot متى اتفقا؟", "متى اتفقا؟"),
        ("متى اتفقا؟ @SANAD_TEST_BOT", "متى اتفقا؟"),
        ("@sanad_test_bot", ""),
        ("/ask", ""),
        ("@other_bot متى اتفقا؟", "@other_bot متى اتفقا؟"),
        ("<b>متى</b> & اتفقا", "<b>متى</b> & اتفقا"),
    ],
)
async def test_question_text_drops_the_command_and_mentions_of_the_bot(
    app: Application, updates: UpdateFactory, text: str, question: str
) -> None:
    # ``app`` is initialized, so its bot knows its username from getMe.
    message = Message.de_json(updates.message_dict(text), app.bot)
    assert question_text(message) == question
