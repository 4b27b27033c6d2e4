"""What Sanad says, in Arabic: the one home for user-facing text.

Shared by the Telegram bot and the terminal chat, so both speak with one voice. Plain strings and
pure functions only: this module must not import telegram, because the terminal front end loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.small_talk import Move

EXAMPLE_QUESTION = "متى اتفقا على الهدنة الإنسانية؟"

NOT_FOUND = "لم أجد إجابة في المصادر."
NOT_FOUND_HINT = "جرّب صياغة أخرى للسؤال، أو اطّلع على المصادر المتاحة بالأمر /sources."
EMPTY_QUESTION = f"اكتب سؤالك نصًّا بالعربية، مثلًا: «{EXAMPLE_QUESTION}»"
ANSWER_LABEL = "الإجابة"
SOURCES_HEADER = "المصادر المتاحة:"

# The bot's greeting, help and hints. Commands are written as they are typed, in Latin letters.
WELCOME = (
    "أهلًا بك! أنا «سند»: أجيب عن أسئلتك بالعربية من مقالات إخبارية، "
    "وأقتبس الجملة التي تحمل الإجابة مع مصدرها."
)
WELCOME_SOURCES = "أعرف ما في هذه المقالات:"
TRY_EXAMPLE = "جرّب أن تسأل:"
HELP = (
    "اكتب سؤالك بالعربية وسأرد بالجمل التي تجيب عنه من المصادر، "
    "ولكل جملة مصدرها: الصحيفة وتاريخ النشر وعنوان المقال، برابطه إن وُجد."
)
HELP_GROUPS = (
    "في المجموعات أرد فقط إذا ذكرتني باسمي، أو رددت على إحدى رسائلي، أو كتبت السؤال بعد الأمر /ask."
)
HELP_COMMANDS = "الأوامر:"
NON_TEXT_HINT = f"أفهم الأسئلة المكتوبة فقط؛ أرسل سؤالك نصًّا، مثلًا: «{EXAMPLE_QUESTION}»"
ASK_USAGE = f"اكتب السؤال بعد الأمر، مثلًا: /ask {EXAMPLE_QUESTION}"
MORE_BUTTON = "المزيد"
MORE_HEADER = "نتائج أخرى لسؤالك:"
NO_MORE = "لا توجد نتائج أخرى لهذا السؤال."
ALREADY_SHOWN = "عُرضت هذه النتائج بالفعل."
ASK_AGAIN = "لم أعد أجد السؤال الأصلي لهذه النتائج؛ أرسل سؤالك من جديد من فضلك."
NOT_ALLOWED = "عذرًا، سند غير متاح في هذه المحادثة."
APOLOGY = "عذرًا، حدث خطأ أثناء الرد على رسالتك. حاول مرة أخرى بعد قليل."
MORE_SOURCES = "ومصادر أخرى عددها"
ALSO_PUBLISHED = "ونشرته أيضًا"
UNKNOWN_SOURCE = "بلا مصدر معروف"
REFERENCE = "المرجع"
ADMIN_ONLY = "عذرًا، هذا الأمر لمشرفي سند فقط."
BUSY_CHAT = (
    "وصلتني رسائل كثيرة من هذه المحادثة دفعة واحدة، فلن أجيب عن بعضها. "
    "أعد إرسال سؤالك بعد أن أرد على ما سبقه من فضلك."
)
STILL_LOADING = "ما زلت أجهّز المصادر بعد بدء التشغيل. أعد سؤالك بعد دقيقة من فضلك."

# The command menu: (command, description), in the order users see them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "الترحيب ومثال على سؤال"),
    ("help", "كيف تسأل، وقائمة الأوامر"),
    ("sources", "المصادر التي أجيب منها"),
    ("ask", "اطرح سؤالًا (في المجموعات)"),
    ("new", "سؤال جديد لا صلة له بما قبله"),
    ("id", "معرّفك ومعرّف هذه المحادثة"),
)


def reference(doc_id: str, sentence: int) -> str:
    """The article's id and the sentence's number, for the terminal: «المرجع: id، الجملة N»."""
    return f"{REFERENCE}: {doc_id}، الجملة {sentence}"


def source_and_date(source: str | None, day: str | None) -> str:
    """«الرياض، 2 أغسطس 2015», or whichever of the two is known, or nothing."""
    return "، ".join(part for part in (source, day) if part)


def titled(lead: str, title: str) -> str:
    """The citation line: «الرياض، 2 أغسطس 2015 — title», or the title alone."""
    return f"{lead} — {title}" if lead else title


def also_published(names: list[str]) -> str:
    """The other papers that printed the same sentence: «ونشرته أيضًا: عكاظ، الوطن»."""
    return f"{ALSO_PUBLISHED}: {'، '.join(names)}"


def dated_answer(answer: str, day: str) -> str:
    """A relative short answer with the date it means: «أمس (20 يوليو 2015)»."""
    return f"{answer} ({day})"


def date_span(first: str, last: str) -> str:
    """«من 21 يوليو 2015 إلى 11 أغسطس 2015», or the one date when both are the same."""
    return first if first == last else f"من {first} إلى {last}"


def source_summary(name: str | None, articles: int, span: str | None) -> str:
    """One line of /sources: «الرياض: 4852 مقالًا، من 21 يوليو 2015 إلى 11 أغسطس 2015»."""
    line = f"{name or UNKNOWN_SOURCE}: {count(articles, ARTICLE)}"
    return f"{line}، {span}" if span else line


def slow_down(seconds: int) -> str:
    """The one notice a user gets for asking too fast: when to ask again."""
    return (
        f"وصلتني أسئلة كثيرة منك في وقت قصير. يمكنك أن تسأل من جديد بعد {seconds_phrase(seconds)}."
    )


def seconds_phrase(seconds: int) -> str:
    """A number of seconds after a preposition («بعد ثانيتين»), the noun agreeing with it."""
    return count(max(seconds, 1), SECOND, genitive=True)


def reloaded(documents: int, sentences: int) -> str:
    """What an admin reads once the new index is in use."""
    return (
        f"تمّ تحديث الفهرس، وأجيب الآن من المصادر الجديدة "
        f"(عدد المقالات: {documents}، عدد الجمل: {sentences})."
    )


def reload_failed(reason: str) -> str:
    """What an admin reads when the corpus is broken: the old index stays in use."""
    return f"تعذّر تحديث الفهرس، وما زلت أجيب من الفهرس السابق. السبب: {reason}"


REPHRASE_HINT = "جرّب صياغة أخرى للسؤال."
CHAT_WELCOME = (
    "سند: اسأل بالعربية عن الأخبار في المصادر، وسأجيبك بالجملة التي تحمل الجواب ومصدرها.\n"
    "الأوامر: /sources لعرض المصادر، /new لسؤال جديد، /help للمساعدة، /quit للخروج."
)
CHAT_HELP = (
    "اكتب سؤالًا واحدًا في كل سطر، مثلًا: «" + EXAMPLE_QUESTION + "»\n"
    "/sources: المصادر المتاحة\n/new: سؤال جديد لا صلة له بما قبله\n/help: هذه المساعدة\n"
    "/quit: الخروج"
)


# Counting: Arabic nouns take the form their number gives them.


@dataclass(frozen=True, slots=True)
class Noun:
    """A countable noun in every form a number may ask of it."""

    singular: str  # 1, and 100, 101, 102 …: «جملة»
    one: str  # the number one, agreeing with the noun: «واحدة»
    dual: str  # 2, nominative: «جملتان»
    dual_genitive: str  # 2 after a preposition: «بعد ثانيتين»
    plural: str  # 3 to 10 (and 103 to 110 …): «جمل»
    accusative: str  # 11 to 99 (and 111 to 199 …): «سؤالًا»، «جملة»


SENTENCE = Noun("جملة", "واحدة", "جملتان", "جملتين", "جمل", "جملة")
QUESTION = Noun("سؤال", "واحد", "سؤالان", "سؤالين", "أسئلة", "سؤالًا")
ARTICLE = Noun("مقال", "واحد", "مقالان", "مقالين", "مقالات", "مقالًا")
TIME = Noun("مرة", "واحدة", "مرتان", "مرتين", "مرات", "مرة")
SECOND = Noun("ثانية", "واحدة", "ثانيتان", "ثانيتين", "ثوانٍ", "ثانية")
DAY = Noun("يوم", "واحد", "يومان", "يومين", "أيام", "يومًا")


def count(number: int, noun: Noun, *, genitive: bool = False) -> str:
    """``number`` of ``noun`` as Arabic says it: جملة واحدة، جملتان، 3 جمل، 11 جملة، 100 جملة.

    ``genitive`` is for a count after a preposition, where only the dual changes («بعد ثانيتين»).
    """
    if number == 1:
        return f"{noun.singular} {noun.one}"
    if number == 2:
        return noun.dual_genitive if genitive else noun.dual
    last_two = number % 100
    if 3 <= last_two <= 10:
        return f"{number} {noun.plural}"
    if 11 <= last_two <= 99:
        return f"{number} {noun.accusative}"
    return f"{number} {noun.singular}"


# Small talk (``retrieval.small_talk``): a short reply in kind, then what to ask.
SMALL_TALK_OPENINGS: dict[Move, str] = {
    Move.SALAM: "وعليكم السلام ورحمة الله!",
    Move.MORNING: "صباح النور!",
    Move.EVENING: "مساء النور!",
    Move.HELLO: "أهلًا بك!",
}
SMALL_TALK_REPLIES: dict[Move, str] = {
    Move.HOW_ARE_YOU: "أنا بخير، شكرًا لسؤالك.",
    Move.WHO_ARE_YOU: WELCOME.removeprefix("أهلًا بك! "),
    Move.WHAT_CAN_YOU_DO: (
        "أجيب عن الأسئلة المكتوبة بالعربية من المقالات الإخبارية التي عندي "
        "(يعرضها الأمر /sources)، وأقتبس الجملة التي تحمل الإجابة مع مصدرها. "
        "وفي المجموعات اذكرني باسمي أو ردّ على رسالتي."
    ),
    Move.WANTS_TO_ASK: "تفضّل، اكتب سؤالك.",
    Move.THANKS: "العفو، يسعدني ذلك!",
    Move.OKAY: "حسنًا.",
    Move.GOODBYE: "في أمان الله! عُد متى شئت بسؤال عن الأخبار.",
}
SMALL_TALK_EXAMPLE = f"اسألني مثلًا: «{EXAMPLE_QUESTION}»"
SMALL_TALK_ANOTHER = "هل من سؤال آخر؟"
# Moves after which the reply shows an example question; thanks and «تمام» get a lighter hint.
_MOVES_WITH_EXAMPLE = frozenset(
    {
        Move.SALAM,
        Move.MORNING,
        Move.EVENING,
        Move.HELLO,
        Move.HOW_ARE_YOU,
        Move.WHO_ARE_YOU,
        Move.WHAT_CAN_YOU_DO,
    }
)
# One line, in Arabic and in English, for a message in another language.
OTHER_LANGUAGE = (
    "أجيب عن الأسئلة المكتوبة بالعربية من مقالات إخبارية عربية. "
    "Sanad answers questions written in Arabic, from Arabic news articles."
)


def small_talk_reply(moves: Sequence[Move]) -> str:
    """The reply to a message of small talk: in kind, in the order said, then a hint."""
    if Move.OTHER_LANGUAGE in moves:
        return OTHER_LANGUAGE
    openings = [SMALL_TALK_OPENINGS[move] for move in moves if move in SMALL_TALK_OPENINGS]
    replies = [SMALL_TALK_REPLIES[move] for move in moves if move in SMALL_TALK_REPLIES]
    if Move.GOODBYE in moves:
        hint = ""
    elif _MOVES_WITH_EXAMPLE.intersection(moves):
        hint = SMALL_TALK_EXAMPLE
    elif Move.WANTS_TO_ASK in moves:
        hint = ""
    else:
        hint = SMALL_TALK_ANOTHER
    return " ".join(part for part in [*openings[:1], *replies, hint] if part)


# Conversation: follow-up questions, /new, /id.
NEW_TOPIC = "حسنًا، سأعدّ رسالتك القادمة سؤالًا جديدًا لا صلة له بما قبله."


def ids_line(user_id: int | None, chat_id: int) -> str:
    """What /id answers: the sender's id and the chat's, for SANAD_ALLOWED_CHATS and friends."""
    if user_id is None or user_id == chat_id:
        return f"معرّف هذه المحادثة: {chat_id}"
    return f"معرّفك: {user_id}\nمعرّف هذه المحادثة: {chat_id}"


# Inline mode (@bot question, in any chat).
INLINE_EMPTY_TITLE = "اكتب سؤالك بالعربية بعد اسمي"
INLINE_EMPTY_DESCRIPTION = f"مثلًا: {EXAMPLE_QUESTION}"
INLINE_QUESTION = "السؤال"
INLINE_NOT_FOUND_TITLE = "لم أجد إجابة في المصادر"


# /stats, for admin chats: how the bot is used, and what it could not answer.
STATS_HEADER = "إحصاءات سند"
STATS_OFF = "سجل الأسئلة متوقف (SANAD_LOG_DAYS=0)، فلا إحصاءات عندي."
STATS_UNANSWERED_NONE = "لم يبقَ سؤال دون إجابة."
STATS_UNAVAILABLE = "تعذّرت قراءة سجل الأسئلة الآن؛ السبب في سجل التشغيل."
LAST_DAY = "آخر 24 ساعة"
LAST_WEEK = "آخر 7 أيام"


def stats_window(
    label: str, questions: int, answered: int, p50: int | None, p95: int | None
) -> str:
    """One line of /stats: questions in a window, how many answered, and how fast."""
    if questions == 0:
        return f"{label}: لا أسئلة."
    share = round(100 * answered / questions)
    line = f"{label}: {count(questions, QUESTION)}، أُجيب عن {share}٪ منها"
    if p50 is not None and p95 is not None:
        line += f"؛ زمن الرد: الوسيط {p50} ms، و95٪ في {p95} ms أو أقل"
    return line + "."


def stats_unanswered_header(days: int) -> str:
    """The heading of the most frequent unanswered questions, over the kept log."""
    return f"أكثر الأسئلة التي لم أجد لها إجابة (آخر {count(days, DAY)}):"


def stats_unanswered_line(rank: int, question: str, times: int) -> str:
    """One of the most frequent unanswered questions, with how often it was asked."""
    return f"{rank}. «{question}» — {count(times, TIME)}"
