"""Building the Telegram application: every handler is registered here, in one place."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
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
    NON_TEXT_PRIVATE,
    TEXT_PRIVATE,
    TEXT_TO_BOT_IN_GROUP,
    Handlers,
    error_handler,
)
from bot.live_index import LiveIndex
from bot.settings import Settings

logger = logging.getLogger(__name__)

# The updates the bot asks Telegram for; everything else is never sent to it.
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)


def build_application(
    settings: Settings,
    index: LiveIndex,
    *,
    request: BaseRequest | None = None,
    delivery: DeliveryPolicy = DEFAULT_DELIVERY,
) -> Application:
    """The bot's application for ``settings``, answering from ``index``.

    Updates from different chats are handled concurrently, each chat's in order. Bot API calls
    go through ``delivery``'s retries and flood limits (``bot.delivery``). ``request`` replaces
    the HTTP client for every Bot API call (tests pass an offline stand-in).
    """
    handlers = Handlers(index, settings)
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
            CommandHandler("start", handlers.start),
            CommandHandler("help", handlers.help_command),
            CommandHandler("sources", handlers.sources),
            CommandHandler("ask", handlers.ask),
            CommandHandler("reload", handlers.reload),
            # «المزيد» is the only button; ``more`` answers any other data politely too.
            CallbackQueryHandler(handlers.more),
            MessageHandler(TEXT_PRIVATE & ~filters.COMMAND, handlers.question),
            MessageHandler(TEXT_TO_BOT_IN_GROUP & ~filters.COMMAND, handlers.question),
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
