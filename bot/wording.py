"""What Sanad says, in Arabic: the one home for user-facing text.

Shared by the Telegram bot and the terminal chat, so both speak with one voice. Plain strings and
pure functions only: this module must not import telegram, because the terminal front end loads it.
"""

from __future__ import annotations

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
    "ولكل جملة مصدرها: عنوان المقال ورقمه ورقم الجملة فيه."
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
    ("sources", "المقالات التي أجيب منها"),
    ("ask", "اطرح سؤالًا (في المجموعات)"),
)


def citation(title: str, doc_id: str, sentence: int) -> str:
    """Where a snippet comes from: «title — doc_id، الجملة N»."""
    return f"{title} — {doc_id}، الجملة {sentence}"


def source_line(title: str, doc_id: str, sentence_count: int) -> str:
    """One line of the sources list: title, id and how many sentences it has."""
    return f"{title} — {doc_id} ({sentence_count} جملة)"


def slow_down(seconds: int) -> str:
    """The one notice a user gets for asking too fast: when to ask again."""
    return (
        f"وصلتني أسئلة كثيرة منك في وقت قصير. يمكنك أن تسأل من جديد بعد {seconds_phrase(seconds)}."
    )


def seconds_phrase(seconds: int) -> str:
    """A number of seconds, with the noun in the form Arabic grammar gives that number."""
    if seconds <= 1:
        return "ثانية واحدة"
    if seconds == 2:
        return "ثانيتين"
    if seconds <= 10:
        return f"{seconds} ثوانٍ"
    return f"{seconds} ثانية"


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
    "الأوامر: /sources لعرض المصادر، /help للمساعدة، /quit للخروج."
)
CHAT_HELP = (
    "اكتب سؤالًا واحدًا في كل سطر، مثلًا: «" + EXAMPLE_QUESTION + "»\n"
    "/sources: المصادر المتاحة\n/help: هذه المساعدة\n/quit: الخروج"
)
