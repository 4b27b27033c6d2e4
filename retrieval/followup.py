"""Follow-up questions: «وأين؟» after «من رعى اجتماع باشينيان وعلييف؟» asks where that meeting was.

In a chat, a short message often leans on the one before it: «ومتى كان ذلك؟»، «ومن رعاه؟»، «وكم
عددهم؟»، «وماذا قال عنها؟». ``leans_on_previous`` reads such a message from its shape:

- it has no content word of its own («وأين؟»، «ومتى كان ذلك؟»);
- or it has at most ``MAX_OWN_WORDS`` content words, and either opens with و/ف glued to a question
  word («ومن»، «فكم»), or one of its words carries an attached pronoun where the subject would be
  («رعاه»، «عددهم»، «عنها»).

A message with more words of its own has its own subject and starts afresh: a change of topic is
not read as a follow-up. ``combined`` then asks the message with the previous question's content
words carried over, and the engine prefers the article the previous answer came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from retrieval.letters import CONJUNCTIONS
from retrieval.normalize import normalize, strip_tashkeel
from retrieval.question import MAX_QUESTION_WORDS, Question, analyze_question
from retrieval.stopwords import QUESTION_WORDS, is_stopword

# A follow-up has at most this many content words of its own.
MAX_OWN_WORDS = 2
# An attached pronoun at the end of a word as typed (before ة is folded into ه, so «مدينة» is not
# «مدينه» + a pronoun): ـه، ـها، ـهم، ـهما، ـهن.
_ATTACHED_PRONOUN = re.compile(
    "[\u0621-\u064a]{2,}(?:\u0647|\u0647\u0627|\u0647\u0645|\u0647\u0645\u0627|\u0647\u0646)"
)
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")


@dataclass(frozen=True, slots=True)
class FollowUpContext:
    """What a follow-up may lean on: the previous question and the article its answer came from
    (what a front end remembers of a conversation)."""

    previous_question: str
    previous_doc_id: str | None = None


def leans_on_previous(question: Question) -> bool:
    """Whether a message reads as a follow-up of the previous question (see the module)."""
    if not question.words:
        return bool(question.tokens)
    if len(question.words) > MAX_OWN_WORDS:
        return False
    return _opens_with_glued_question_word(question) or _has_attached_pronoun(question)


def combined(question: Question, previous: str, previous_answer: str | None = None) -> Question:
    """The message asked with the previous question's content words, and its short answer's
    («شارل ميشال» is who «وماذا قال؟» asks about), carried over."""
    before = analyze_question(f"{previous} {previous_answer or ''}")
    seen = {word.terms for word in question.words}
    carried = tuple(word for word in before.words if word.terms not in seen)
    words = (question.words + carried)[:MAX_QUESTION_WORDS]
    carried_words = tuple(word.word for word in carried)
    return replace(
        question,
        words=words,
        tokens=question.tokens + carried_words,
        carried=frozenset(carried_words),
    )


def _opens_with_glued_question_word(question: Question) -> bool:
    first = question.tokens[0] if question.tokens else ""
    return first[:1] in CONJUNCTIONS and first[1:] in _question_words()


def _has_attached_pronoun(question: Question) -> bool:
    """Whether a content word («رعاه»، «عددهم») or a preposition («عنها»، «فيه») of the message
    ends in an attached pronoun, as typed."""
    own = {word.word for word in question.words}
    for typed in _ARABIC_WORD.findall(strip_tashkeel(question.text)):
        if _ATTACHED_PRONOUN.fullmatch(typed):
            folded = normalize(typed)
            if folded in own or is_stopword(folded):
                return True
    return False


@cache
def _question_words() -> frozenset[str]:
    return frozenset(normalize(word) for word in QUESTION_WORDS)
