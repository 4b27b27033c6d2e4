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


def citation(title: str, doc_id: str, sentence: int) -> str:
    """Where a snippet comes from: «title — doc_id، الجملة N»."""
    return f"{title} — {doc_id}، الجملة {sentence}"


def source_line(title: str, doc_id: str, sentence_count: int) -> str:
    """One line of the sources list: title, id and how many sentences it has."""
    return f"{title} — {doc_id} ({sentence_count} جملة)"


REPHRASE_HINT = "جرّب صياغة أخرى للسؤال."
CHAT_WELCOME = (
    "سند: اسأل بالعربية عن الأخبار في المصادر، وسأجيبك بالجملة التي تحمل الجواب ومصدرها.\n"
    "الأوامر: /sources لعرض المصادر، /help للمساعدة، /quit للخروج."
)
CHAT_HELP = (
    "اكتب سؤالًا واحدًا في كل سطر، مثلًا: «" + EXAMPLE_QUESTION + "»\n"
    "/sources: المصادر المتاحة\n/help: هذه المساعدة\n/quit: الخروج"
)
