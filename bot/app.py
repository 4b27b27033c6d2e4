"""Building the Telegram application: every handler is registered here, in one place."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import wording
from bot.concurrency import PerChatUpdateProcessor
from bot.delivery import (
    DEFAULT_DELIVERY,
    DeliveryPolicy,
    FloodLimiter,
    RetryingRequest,
    polling_request,
)
from bot.handlers import (
    EDITED_TEXT_PRIVATE,
    EDITED_TEXT_TO_BOT_IN_GROUP,
    NEW_MESSAGE,
    NON_TEXT_PRIVATE,
    TEXT_PRIVATE,
    TEXT_TO_BOT_IN_GROUP,
    Handlers,
    error_handler,
)
from bot.live_index import LiveIndex
from bot.settings import Settings
from bot.state import StateStore

logger = logging.getLogger(__name__)

# The updates the bot asks Telegram for; everything else is never sent to it.
ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
)


def build_application(
    settings: Settings,
    index: LiveIndex,
    *,
    request: BaseRequest | None = None,
    delivery: DeliveryPolicy = DEFAULT_DELIVERY,
    state: StateStore | None = None,
    clock: Callable[[], float] = time.time,
) -> Application:
    """The bot's application for ``settings``, answering from ``index``.

    Updates from different chats are handled concurrently, each chat's in order. Bot API calls
    go through ``delivery``'s retries and flood limits (``bot.delivery``). ``request`` replaces
    the HTTP client for every Bot API call (tests pass an offline stand-in). The conversations
    and the question log live in ``state`` (by default, opened from ``settings.data_dir``);
    ``clock`` tells the time of questions (tests move it).
    """
    handlers = Handlers(index, settings, state=state, clock=clock)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .post_init(set_commands)
        .concurrent_updates(PerChatUpdateProcessor(on_overflow=handlers.backlog_full))
        .rate_limiter(FloodLimiter(delivery))
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        builder = builder.request(RetryingRequest(delivery)).get_updates_request(
            polling_request(delivery)
        )
    application = builder.build()

    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", handlers.start, filters=NEW_MESSAGE),
            CommandHandler("help", handlers.help_command, filters=NEW_MESSAGE),
            CommandHandler("sources", handlers.sources, filters=NEW_MESSAGE),
            CommandHandler("ask", handlers.ask, filters=NEW_MESSAGE),
            CommandHandler("ask", handlers.edited, filters=filters.UpdateType.EDITED_MESSAGE),
            CommandHandler("new", handlers.new_topic, filters=NEW_MESSAGE),
            handlers.id_command,
            CommandHandler("stats", handlers.stats, filters=NEW_MESSAGE),
            CommandHandler("reload", handlers.reload, filters=NEW_MESSAGE),
            # «المزيد» is the only button; ``more`` answers any other data politely too.
            CallbackQueryHandler(handlers.more),
            InlineQueryHandler(handlers.inline),
            MessageHandler(TEXT_PRIVATE & ~filters.COMMAND, handlers.question),
            MessageHandler(TEXT_TO_BOT_IN_GROUP & ~filters.COMMAND, handlers.question),
            MessageHandler(EDITED_TEXT_PRIVATE & ~filters.COMMAND, handlers.edited),
            MessageHandler(EDITED_TEXT_TO_BOT_IN_GROUP & ~filters.COMMAND, handlers.edited),
            MessageHandler(NON_TEXT_PRIVATE, handlers.non_text),
            # An unknown command in a private chat gets the help text rather than silence.
            MessageHandler(TEXT_PRIVATE & filters.COMMAND, handlers.help_command),
        ]
    )
    application.add_error_handler(error_handler)
    return application


async def set_commands(application: Application) -> None:
    """Set the command menu, with Arabic descriptions; a failure only costs the menu."""
    commands = [BotCommand(command, description) for command, description in wording.COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as error:
        logger.warning("could not set the command menu: %s", error)
