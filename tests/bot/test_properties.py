"""Property tests end to end: any text in, exactly one valid reply out.

Each example is a real update through the real Application over the offline Bot API stand-in;
the reply must be one ``sendMessage`` to the right chat, answering the right message, in valid
Telegram HTML within the length limit. The per-user limit and the flood limits are off here,
since every example comes from the same user and chat.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import Application

from bot.delivery import DeliveryPolicy
from bot.format import MAX_LENGTH, telegram_length
from bot.settings import Settings
from tests.support.app import BuildApp
from tests.support.botapi import GROUP_CHAT, GROUP_ID, TOKEN, USER_ID, FakeBotApi, UpdateFactory
from tests.support.paths import SEEDS
from tests.support.telegram_html import html_problems, visible_text

HOSTILE_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic, its digits, marks
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC),  # presentation forms, ﻻ
    st.sampled_from(list("<>&\"'/@#{}$;%*_`~\\ .!?؟،«»\n\t")),
    st.sampled_from(list("\x00\x07\x1b\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\ufeff")),
    st.sampled_from(list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789")),
    st.sampled_from(["\ud800", "\udfff", "😀", "👍", "\U0001f3fd", "\U0001f1f8"]),
    st.characters(),
)
SHORT_TEXT = st.text(HOSTILE_CHARACTERS, max_size=200)
# Long messages: a short piece repeated up to Telegram's limit, and one unbroken word.
LONG_TEXT = st.builds(
    lambda piece, size: (piece * (size // max(len(piece), 1) + 1))[:size],
    st.text(HOSTILE_CHARACTERS, min_size=1, max_size=40),
    st.integers(min_value=1000, max_value=MAX_LENGTH),
)
QUESTION_TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT, LONG_TEXT, st.just(""), st.just("متى"))
UNTHROTTLED = DeliveryPolicy(messages_per_second=0, group_messages_per_minute=0)
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def settings_without_limit() -> Settings:
    return Settings(token=TOKEN, corpus=SEEDS, rate_limit=0)


@pytest.fixture
async def unlimited_app(build_app: BuildApp, settings_without_limit: Settings) -> Application:
    return await build_app(settings_without_limit, delivery=UNTHROTTLED)


def assert_one_valid_reply(api: FakeBotApi, *, chat_id: int, reply_to: int) -> None:
    [sent] = api.sent()
    assert sent["chat_id"] == chat_id
    assert sent["reply_parameters"]["message_id"] == reply_to
    assert sent["parse_mode"] == "HTML"
    assert html_problems(sent["text"]) == []
    assert 0 < telegram_length(sent["text"]) <= MAX_LENGTH
    assert visible_text(sent["text"]).strip()


@PROPERTY_SETTINGS
@given(text=QUESTION_TEXT)
async def test_any_private_message_gets_exactly_one_valid_reply(
    unlimited_app: Application, api: FakeBotApi, updates: UpdateFactory, text: str
) -> None:
    api.clear()
    update = updates.message(text)
    await unlimited_app.process_update(Update.de_json(update, unlimited_app.bot))
    assert_one_valid_reply(api, chat_id=USER_ID, reply_to=update["message"]["message_id"])


@PROPERTY_SETTINGS
@given(text=QUESTION_TEXT)
async def test_any_ask_in_a_group_gets_exactly_one_valid_reply(
    unlimited_app: Application, api: FakeBotApi, updates: UpdateFactory, text: str
) -> None:
    api.clear()
    update = updates.message(f"/ask {text}", chat=GROUP_CHAT)
    await unlimited_app.process_update(Update.de_json(update, unlimited_app.bot))
    assert_one_valid_reply(api, chat_id=GROUP_ID, reply_to=update["message"]["message_id"])
