"""The bot's handlers: each turns one kind of update into one reply.

Handlers stay thin: find the message, ask the engine, format with ``bot.format``, send. They are
methods of ``Handlers`` so the index and settings are passed in explicitly, once, at build time.
The engine runs in the answering pool (``bot.answer_pool``), so a slow answer never holds up other
chats. Every update the bot would reply to (a question, a command, a sticker, a button press)
counts against its sender's SANAD_RATE_LIMIT, checked in ``gate`` before any handler runs; the
sender is the chat an anonymous group admin or a channel speaks as, when there is one, since
Telegram gives all of them the same user.

«المزيد» buttons carry ``more:<question message id>:<offset>`` as callback data. The question's
text is not stored anywhere: it is read back from the message the bot's reply answers, so the
button keeps working after a restart, and says so politely when that message is gone.

Small talk and messages in other languages (``retrieval.small_talk``) get a reply in kind. A
question is asked with the conversation so far (``bot.asking``): the user's last question in the
same chat and thread (``bot.conversation``), remembered in SQLite (``bot.state``) with the bot's
replies, so an edited question edits its answer and «المزيد» asks as the first page did. Each
question gets one INFO log line and a line in the question log behind /stats.

While the index is still loading at start-up, everything that needs it (questions, /start and
/sources, which list the documents) waits for it, up to ``Settings.index_wait`` seconds, and then
says it is still loading; /help answers at once. A «المزيد» press does not wait: a button press
expects a quick toast, so it says the index is still loading.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from bot import asking, wording
from bot.addressing import ADDRESSED_TO_BOT, question_text
from bot.answer_pool import AnswerPool
from bot.asking import Asked, Turn
from bot.conversation import Place, main_line, replied_bot_message
from bot.delivery import DeliveryUnknown
from bot.format import (
    format_answer,
    format_help,
    format_not_found,
    format_sources,
    format_stats,
    format_welcome,
    plain,
)
from bot.inline import INLINE_CACHE_SECONDS, INLINE_RESULTS, hit_results, note_result
from bot.live_index import LiveIndex
from bot.settings import Settings
from bot.state import LoggedQuestion, ReplyRecord, StateStore, StateUnavailable
from bot.user_limit import UserRateLimit
from retrieval.engine import Engine
from retrieval.small_talk import SmallTalk, read_small_talk

logger = logging.getLogger(__name__)

MORE_PREFIX = "more"
MORE_PATTERN = re.compile(rf"^{MORE_PREFIX}:(\d{{1,12}}):(\d{{1,4}})$")
# The engine checks a bounded pool of candidates, so pages past this are never needed.
MAX_OFFSET = 100
# How many sent «المزيد» pages are remembered to refuse a second press of the same button.
SERVED_PAGES_MEMORY = 10_000


@dataclass(frozen=True, slots=True)
class MoreRequest:
    """What a «المزيد» button asks for: the hits after ``offset`` for one question message."""

    question_message_id: int
    offset: int

    def callback_data(self) -> str:
        return f"{MORE_PREFIX}:{self.question_message_id}:{self.offset}"

    @classmethod
    def parse(cls, data: str | None) -> MoreRequest | None:
        """The request in ``data``, or None when it is not one of ours."""
        match = MORE_PATTERN.match(data or "")
        if match is None or int(match.group(2)) > MAX_OFFSET:
            return None
        return cls(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True, slots=True)
class Page:
    """One reply to a question: its HTML and, when more hits remain, a «المزيد» button."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Where:
    """Where a question was asked: the conversation it continues, the thread a reply to its
    answer continues, and every conversation whose last question it becomes."""

    place: Place
    reply_thread: int
    places: tuple[Place, ...]


class Handlers:
    """The bot's replies, bound to a live index and the settings."""

    def __init__(
        self,
        index: LiveIndex,
        settings: Settings,
        *,
        answers: AnswerPool | None = None,
        state: StateStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._index = index
        self._settings = settings
        self._refused_chats: set[int] = set()
        self._limit = UserRateLimit(settings.rate_limit)
        self._answers = answers or AnswerPool()
        self._clock = clock
        self._state = state or StateStore.open(
            settings.data_dir, log_days=settings.log_days, clock=clock
        )
        # Registered as it is (``bot.app``), and known to ``gate``, which lets /id through.
        self.id_command = CommandHandler("id", self.ids, filters=NEW_MESSAGE)
        # (chat, pressed message, offset) of «المزيد» pages already sent, newest last: a double
        # tap, or two members of a group pressing, must not send the same page twice.
        self._served_pages: OrderedDict[tuple[int, int, int], None] = OrderedDict()

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet the user, list what the bot knows and suggest a question."""
        message = update.effective_message
        if message is None:
            return
        engine = await self._engine(context, message)
        if engine is not None:
            await _send(context, message, format_welcome(engine.corpus.documents))

    async def help_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Explain how to ask, in private and in groups, and list the commands."""
        if message := update.effective_message:
            await _send(context, message, format_help())

    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List every document with its title and number of sentences."""
        message = update.effective_message
        if message is None:
            return
        engine = await self._engine(context, message)
        if engine is not None:
            await _send(context, message, format_sources(engine.corpus.documents))

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer the question written after /ask, or show how to use the command."""
        message = update.effective_message
        if message is None:
            return
        if not question_text(message):
            await _send(context, message, plain(wording.ASK_USAGE))
            return
        await self.question(update, context)

    async def question(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer a text message with cited snippets, small talk in kind, or say the sources
        don't answer it."""
        message = update.effective_message
        if message is None:
            return
        question = question_text(message)
        if not question:
            await _send(context, message, plain(wording.EMPTY_QUESTION))
            return
        await self._reply(update, context, message, question, earlier=None)

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer an edited question again, editing the earlier reply (or replying anew)."""
        message = update.effective_message
        if message is None:
            return
        question = question_text(message)
        if not question:
            return  # nothing to answer; the earlier reply stays as it was
        earlier = await self._state.reply_to(message.chat_id, message.message_id)
        await self._reply(update, context, message, question, earlier=earlier)

    async def new_topic(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forget the conversation so far: the next question starts afresh."""
        if message := update.effective_message:
            await self._state.forget(message.chat_id, asker(update))
            await _send(context, message, plain(wording.NEW_TOPIC))

    async def ids(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Tell anyone their user id and this chat's id (for the allow-list and admin chats)."""
        if message := update.effective_message:
            sender = asker(update) if update.effective_user or message.sender_chat else None
            await _send(context, message, plain(wording.ids_line(sender, message.chat_id)))

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show an admin chat how the bot is used and which questions went unanswered."""
        message = update.effective_message
        if message is None:
            return
        if not self._settings.is_admin(message.chat_id):
            logger.info("refused /stats from chat %s: not in SANAD_ADMIN_CHATS", message.chat_id)
            await _send(context, message, plain(wording.ADMIN_ONLY))
            return
        try:
            text = format_stats(await self._state.stats())
        except StateUnavailable:
            text = plain(wording.STATS_UNAVAILABLE)
        await _send(context, message, text)

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Offer up to five answers to a question typed after the bot's name in any chat."""
        query = update.inline_query
        if query is None:
            return
        started = time.monotonic()
        question = " ".join(query.query.split())
        results, cache_time, asked = await self._inline_results(query.from_user.id, question)
        personal = self._settings.allowed_chats is not None or cache_time == 0
        await query.answer(results, cache_time=cache_time, is_personal=personal)
        if asked is not None:
            logger.info(
                "inline query: user=%s latency_ms=%d found=%s hits=%d type=%s%s",
                query.from_user.id,
                _elapsed_ms(started),
                asked.answer.found,
                len(asked.answer.hits) if asked.answer.found else 0,
                asking.question_kind(question),
                self._question_field(question),
            )

    async def _inline_results(
        self, user_id: int, question: str
    ) -> tuple[list[InlineQueryResultArticle], int, Asked | None]:
        """The results for an inline query, how long Telegram may cache them, and the answer
        when the engine was asked."""
        talk = read_small_talk(question) if question else None
        if talk is not None:
            reply = wording.small_talk_reply(talk.moves)
            return (
                [note_result(reply, reply, wording.INLINE_EMPTY_DESCRIPTION)],
                INLINE_CACHE_SECONDS,
                None,
            )
        if not question:
            hint = note_result(
                wording.INLINE_EMPTY_TITLE, wording.WELCOME, wording.INLINE_EMPTY_DESCRIPTION
            )
            return [hint], INLINE_CACHE_SECONDS, None
        if not self._index.loaded:
            return [note_result(wording.STILL_LOADING, wording.STILL_LOADING)], 0, None
        asked = await self._answers.run(
            user_id,
            asking.ask,
            self._index.engine,
            question,
            top_k=INLINE_RESULTS,
            previous=None,
            at=self._clock(),
        )
        results = hit_results(question, asked.answer.hits if asked.answer.found else ()) or [
            note_result(wording.INLINE_NOT_FOUND_TITLE, wording.NOT_FOUND, wording.REPHRASE_HINT)
        ]
        return results, INLINE_CACHE_SECONDS, asked

    async def non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask for a text question when a private chat sends a sticker, photo, voice or file."""
        if message := update.effective_message:
            await _send(context, message, plain(wording.NON_TEXT_HINT))

    async def more(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send the next hits for the question a «المزيد» button belongs to."""
        query = update.callback_query
        if query is None:
            return
        request = MoreRequest.parse(query.data)
        question_message = _replied_message(query.message)
        if (
            request is None
            or question_message is None
            or question_message.message_id != request.question_message_id
            or not question_text(question_message)
        ):
            await query.answer(wording.ASK_AGAIN, show_alert=True)
            return
        if not self._index.loaded:
            await query.answer(wording.STILL_LOADING, show_alert=True)
            return
        pressed_id = query.message.message_id if query.message is not None else 0
        page_key = (question_message.chat_id, pressed_id, request.offset)
        if not self._first_press(page_key):
            await query.answer(wording.ALREADY_SHOWN)
            return
        try:
            await self._send_more(update, query, context, question_message, request)
        except DeliveryUnknown:
            raise  # the page may have arrived: a second press must not send it again
        except BaseException:
            self._served_pages.pop(page_key, None)  # the page was not sent: it may be asked again
            raise

    async def _send_more(
        self,
        update: Update,
        query: CallbackQuery,
        context: ContextTypes.DEFAULT_TYPE,
        question_message: Message,
        request: MoreRequest,
    ) -> None:
        """Send the «المزيد» page ``request`` asks for, replying to ``question_message``."""
        question = question_text(question_message)
        earlier = await self._state.reply_to(question_message.chat_id, request.question_message_id)
        previous = earlier.context if earlier is not None else None
        page, _ = await self._answer(
            asker(update), self._index.engine, question, previous, request, self._clock()
        )
        if page is None:
            await query.answer(wording.NO_MORE)
            return
        await query.answer()
        await _show_typing(context, question_message.chat_id)
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as error:  # too old to edit, or already without buttons
            logger.info("kept the «المزيد» button of update %s: %s", update.update_id, error)
        await _send(context, question_message, page.text, page.markup)

    def _first_press(self, key: tuple[int, int, int]) -> bool:
        """Record a «المزيد» press; False when the same page was already sent for it."""
        if key in self._served_pages:
            return False
        self._served_pages[key] = None
        if len(self._served_pages) > SERVED_PAGES_MEMORY:
            self._served_pages.popitem(last=False)
        return True

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rebuild the index from the corpus folder for an admin chat; refuse politely elsewhere."""
        message = update.effective_message
        if message is None:
            return
        if not self._settings.is_admin(message.chat_id):
            logger.info("refused /reload from chat %s: not in SANAD_ADMIN_CHATS", message.chat_id)
            await _send(context, message, plain(wording.ADMIN_ONLY))
            return
        result = await self._index.reload()
        if result.ok:
            text = wording.reloaded(result.documents, result.sentences)
        else:
            text = wording.reload_failed(result.error)
        await _send(context, message, plain(text))

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop updates from chats outside SANAD_ALLOWED_CHATS, and senders over the rate limit.

        /id is answered everywhere: it is how an operator learns the id to allow.
        """
        if not self.id_command.check_update(update):
            await self._refuse_other_chats(update, context)
        await self._limit_rate(update, context)

    async def _limit_rate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Count an update the bot would reply to; stop it when its sender is over the limit.

        The first update over the limit gets the notice; the others until the window frees get
        nothing, except button presses and inline queries, which always get it (as a toast, as
        the one result).
        """
        inline = update.inline_query
        if update.callback_query is None and inline is None and not _expects_reply(update):
            return
        verdict = self._limit.check(asker(update))
        if verdict.allowed:
            return
        logger.info("update %s: sender over SANAD_RATE_LIMIT", update.update_id)
        notice = wording.slow_down(verdict.retry_after)
        if update.callback_query is not None:
            await update.callback_query.answer(notice)
        elif inline is not None:
            await inline.answer([note_result(notice, notice)], cache_time=0, is_personal=True)
        elif verdict.notify and (message := update.effective_message) is not None:
            await _send(context, message, plain(notice))
        raise ApplicationHandlerStop

    async def backlog_full(self, update: Update) -> None:
        """Tell a chat whose backlog is full that some of its messages go unanswered."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or not self._settings.allows(chat.id):
            return
        try:
            await message.get_bot().send_message(
                chat_id=chat.id,
                text=plain(wording.BUSY_CHAT),
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(
                    message_id=message.message_id, allow_sending_without_reply=True
                ),
            )
        except TelegramError as error:
            logger.warning("could not tell chat %s that it is too busy: %s", chat.id, error)

    async def _refuse_other_chats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop updates from chats outside SANAD_ALLOWED_CHATS, refusing each chat once."""
        chat = update.effective_chat
        if self._settings.allowed_chats is None or (
            chat is not None and self._settings.allows(chat.id)
        ):
            return
        inline = update.inline_query
        if inline is not None and self._settings.allows(inline.from_user.id):
            return  # inline mode has no chat: a user may use it where their private chat may
        chat_id = chat.id if chat is not None else None
        logger.info("refusing update %s from chat %s: not allowed", update.update_id, chat_id)
        if inline is not None:
            note = note_result(wording.NOT_ALLOWED, wording.NOT_ALLOWED)
            await inline.answer([note], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        elif update.callback_query is not None:
            await update.callback_query.answer(wording.NOT_ALLOWED, show_alert=True)
        elif chat is not None and chat.id not in self._refused_chats and _expects_reply(update):
            self._refused_chats.add(chat.id)
            if message := update.effective_message:
                await _send(context, message, plain(wording.NOT_ALLOWED))
        raise ApplicationHandlerStop

    async def _engine(self, context: ContextTypes.DEFAULT_TYPE, message: Message) -> Engine | None:
        """The index as it is now, waiting while it loads; None, the user told, if it is late."""
        engine = await self._index.wait(self._settings.index_wait)
        if engine is None:
            logger.info("chat %s: the index is still loading", message.chat_id)
            await _send(context, message, plain(wording.STILL_LOADING))
        return engine

    async def _reply(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        message: Message,
        question: str,
        *,
        earlier: ReplyRecord | None,
    ) -> None:
        """Reply to ``question`` (editing ``earlier``, the reply to it before it was edited), and
        remember the reply, the conversation's new turn and the question's log line."""
        started = time.monotonic()
        talk = read_small_talk(question)
        if talk is not None:
            await self._reply_in_kind(update, context, message, talk, earlier=earlier)
            logger.info(
                "small talk: chat=%s latency_ms=%d moves=%s",
                message.chat_id,
                _elapsed_ms(started),
                ",".join(talk.moves),
            )
            return
        await _show_typing(context, message.chat_id)
        engine = await self._engine(context, message)
        if engine is None:
            return
        where = await self._where(update, message)
        at = earlier.at if earlier is not None else self._clock()
        previous = await self._previous_turn(where, message, earlier, at)
        page, asked = await self._answer(
            asker(update),
            engine,
            question,
            previous,
            MoreRequest(message.message_id, 0),
            at,
            message_id=message.message_id,
        )
        text, markup = (page.text, page.markup) if page is not None else (format_not_found(), None)
        sent = await self._deliver(context, message, text, markup, earlier)
        latency = _elapsed_ms(started)
        hits = min(len(asked.answer.hits), self._settings.top_k) if asked.answer.found else 0
        kind = asking.question_kind(question)
        await self._state.save(
            reply=ReplyRecord(
                message.chat_id, message.message_id, sent, where.reply_thread, previous, at
            ),
            turn=asked.turn,
            places=where.places,
            logged=LoggedQuestion(
                self._clock(), message.chat_id, latency, asked.answer.found, hits, kind, question
            ),
        )
        logger.info(
            "question: chat=%s latency_ms=%d found=%s hits=%d type=%s%s",
            message.chat_id,
            latency,
            asked.answer.found,
            hits,
            kind,
            self._question_field(question),
        )

    async def _reply_in_kind(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        message: Message,
        talk: SmallTalk,
        *,
        earlier: ReplyRecord | None,
    ) -> None:
        """Answer small talk in kind; the conversation stays as it was."""
        text = plain(wording.small_talk_reply(talk.moves))
        where = await self._where(update, message, small_talk=True)
        sent = await self._deliver(context, message, text, None, earlier)
        reply = ReplyRecord(
            message.chat_id, message.message_id, sent, where.reply_thread, None, self._clock()
        )
        await self._state.save(reply=reply)

    async def _where(self, update: Update, message: Message, *, small_talk: bool = False) -> Where:
        """The conversation ``message`` continues (``bot.conversation``)."""
        chat, user = message.chat_id, asker(update)
        replied = replied_bot_message(message)
        if replied is not None:
            thread = await self._state.thread_of_reply(chat, replied)
            thread = replied if thread is None else thread  # forgotten: a thread of its own
            place = Place(chat, user, thread)
            return Where(place, thread, (place,))
        place = Place(chat, user, main_line(message))
        if small_talk:
            return Where(place, place.thread_id, (place,))
        # A question on the main line starts a thread: replies to its answer lean on it.
        return Where(place, message.message_id, (place, Place(chat, user, message.message_id)))

    async def _previous_turn(
        self, where: Where, message: Message, earlier: ReplyRecord | None, at: float
    ) -> Turn | None:
        """The turn ``message`` may lean on: for an edited question, the one the original was
        asked with; otherwise the conversation's last, if recent and not this message's own."""
        if earlier is not None:
            return earlier.context
        turn = asking.current(await self._state.context(where.place), at)
        if turn is not None and turn.message_id == message.message_id:
            return None
        return turn

    async def _deliver(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        message: Message,
        text: str,
        markup: InlineKeyboardMarkup | None,
        earlier: ReplyRecord | None,
    ) -> int:
        """Send ``text`` as the reply to ``message``, or put it in place of ``earlier`` (the reply
        to it before it was edited) when Telegram still has that; the reply's message id."""
        if earlier is not None:
            self._forget_pages(message.chat_id, earlier.reply_message_id)
            try:
                await context.bot.edit_message_text(
                    text,
                    chat_id=message.chat_id,
                    message_id=earlier.reply_message_id,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    reply_markup=markup,
                )
                return earlier.reply_message_id
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    return earlier.reply_message_id  # the new answer is the old one
                logger.info(
                    "chat %s: the reply %s to an edited question cannot be edited (%s); "
                    "replying anew",
                    message.chat_id,
                    earlier.reply_message_id,
                    error.message,
                )
        sent = await _send(context, message, text, markup)
        return sent.message_id

    def _forget_pages(self, chat_id: int, reply_message_id: int) -> None:
        """Let the «المزيد» button of a reply about to be rewritten be pressed again."""
        for key in [key for key in self._served_pages if key[:2] == (chat_id, reply_message_id)]:
            del self._served_pages[key]

    def _question_field(self, question: str) -> str:
        """The question's text for its log line, only when SANAD_LOG_QUESTIONS is on."""
        return f" text={question!r}" if self._settings.log_questions else ""

    async def _answer(
        self,
        asker: int,
        engine: Engine,
        question: str,
        previous: Turn | None,
        request: MoreRequest,
        at: float,
        *,
        message_id: int = 0,
    ) -> tuple[Page | None, Asked]:
        """``_page`` in the answering pool, in ``asker``'s turn."""
        return await self._answers.run(
            asker, self._page, engine, question, previous, request, at, message_id
        )

    def _page(
        self,
        engine: Engine,
        question: str,
        previous: Turn | None,
        request: MoreRequest,
        at: float,
        message_id: int,
    ) -> tuple[Page | None, Asked]:
        """The hits after ``request.offset`` for ``question`` (None when there are none), and
        what was asked."""
        top_k = self._settings.top_k
        asked = asking.ask(
            engine,
            question,
            top_k=request.offset + top_k + 1,
            previous=previous,
            at=at,
            message_id=message_id,
        )
        result = asked.answer
        hits = result.hits[request.offset : request.offset + top_k] if result.found else ()
        if not hits:
            return None, asked
        reply = format_answer(hits, continuation=request.offset > 0)
        next_offset = request.offset + reply.shown
        if len(result.hits) <= next_offset or next_offset > MAX_OFFSET:
            return Page(reply.text), asked
        button = InlineKeyboardButton(
            wording.MORE_BUTTON,
            callback_data=MoreRequest(request.question_message_id, next_offset).callback_data(),
        )
        return Page(reply.text, InlineKeyboardMarkup([[button]])), asked


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update with its id, and apologise to the user where a reply is possible.

    A reply that reached the Bot API unconfirmed (``DeliveryUnknown``) may have arrived, so it
    gets a log line naming the chat but no apology, which could be a second reply.
    """
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(context.error, DeliveryUnknown):
        logger.error(
            "update %s: the reply to chat %s may not have arrived: %s",
            update_id,
            chat.id if chat is not None else None,
            context.error,
        )
        return
    logger.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    message = update.effective_message
    try:
        if message is not None:
            await _send(context, message, plain(wording.APOLOGY))
        else:
            await context.bot.send_message(update.effective_chat.id, wording.APOLOGY)
    except TelegramError as error:
        logger.warning("could not apologise for update %s: %s", update_id, error)


# Messages in a private chat that carry no text: stickers, photos, voice notes, files, ….
NON_TEXT_PRIVATE = (
    filters.UpdateType.MESSAGE
    & filters.ChatType.PRIVATE
    & ~filters.TEXT
    & ~filters.StatusUpdate.ALL
)
TEXT_PRIVATE = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT
TEXT_TO_BOT_IN_GROUP = (
    filters.UpdateType.MESSAGE & filters.ChatType.GROUPS & filters.TEXT & ADDRESSED_TO_BOT
)
# The same messages, edited.
EDITED_TEXT_PRIVATE = filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE & filters.TEXT
EDITED_TEXT_TO_BOT_IN_GROUP = (
    filters.UpdateType.EDITED_MESSAGE & filters.ChatType.GROUPS & filters.TEXT & ADDRESSED_TO_BOT
)
# Commands are answered when sent; an edited /start or /reload is not a second one.
NEW_MESSAGE = filters.UpdateType.MESSAGE


def asker(update: Update) -> int:
    """Whom an update counts against: the chat it was sent as, else its sender, else its chat.

    Anonymous group admins and posts sent as a channel all carry Telegram's one placeholder
    user (GroupAnonymousBot); their ``sender_chat`` (the group, the channel) tells them apart.
    """
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else 0


def _elapsed_ms(started: float) -> int:
    return round(1000 * (time.monotonic() - started))


async def _show_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show "typing…" in the chat; best effort, since the reply matters and this does not."""
    try:
        await context.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
    except TelegramError as error:
        logger.info("no typing indicator for chat %s: %s", chat_id, error)


def _expects_reply(update: Update) -> bool:
    """Whether the bot would answer this update if the chat were allowed."""
    message = update.effective_message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    return bool(filters.COMMAND.check_update(update) or ADDRESSED_TO_BOT.check_update(update))


def _replied_message(message: object) -> Message | None:
    """The message that ``message`` (the bot's reply) answers, when Telegram still has it."""
    if not isinstance(message, Message):
        return None
    return message.reply_to_message


async def _send(
    context: ContextTypes.DEFAULT_TYPE,
    reply_to: Message,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send HTML ``text`` as a reply to ``reply_to``, without link previews."""
    return await context.bot.send_message(
        chat_id=reply_to.chat_id,
        text=text,
        parse_mode=ParseMode.HTML,
        reply_parameters=ReplyParameters(
            message_id=reply_to.message_id, allow_sending_without_reply=True
        ),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        reply_markup=markup,
    )
