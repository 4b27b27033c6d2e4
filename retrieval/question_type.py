"""What kind of answer a question asks for, read from its question words (``retrieval.lexicon``).

The type decides which short answer is extracted from a sentence (``retrieval.extract``): a date
for «متى», a count for «كم», a place for «أين», a name for «من». It is read from the question's
normalized words, so vowelled («مَتَى»), tatweel and common misspellings («متي»، «الى اين») read
the same, and the dialects' question words (فين، وين، قديش، إمتى، شكون…) are known.

The first question word decides, with two refinements:
- «ما/أي» followed by a noun that names the answer's kind takes that kind: «ما عدد» and «ما نسبة»
  ask for a quantity, «في أي يوم» for a time, «أي دولة» for a place, «ما سبب» for a reason;
- «من» and «ما» are also a preposition and a negation or relative, so they count only at the
  start of the question, after leading words («على ماذا»، «منذ متى»، «طيب متى»).

A quantity question may also name what it counts («كم يوما»، «كم عدد جنود…»); ``counted_noun``
reads that noun, so that only a count of it answers the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from retrieval import lexicon
from retrieval.letters import (
    ALEF_LAM,
    CONJUNCTIONS,
    HEH,
    PRESENT_PREFIXES,
    TANWEEN_ALEF,
    TEH,
    WAW,
)
from retrieval.lexicon import QuestionType
from retrieval.normalize import normalize
from retrieval.stem import light_stem

__all__ = ["QuestionType", "counted_noun", "names_answer_kind", "question_type"]

# Three-letter past-tense verbs that follow «كم» and have no verb shape to tell them by.
_SHORT_VERBS = "بلغ وصل كان بقي مضى دام قتل سقط جرى"
_GENERIC_MEASURES = "وقت الوقت مدة المدة فترة الفترة"
# Present-tense forms that start with these are verbs of forms X and VII: «استمر»، «انتهى».
_DERIVED_VERB_STARTS = (normalize("است"), normalize("ان"))


def question_type(tokens: Sequence[str]) -> QuestionType:
    """The kind of answer a question of these normalized words asks for; UNKNOWN without one."""
    tables = _tables()
    words = [_without_conjunction(token, tables.kinds) for token in tokens]
    at_start = True
    for index, token in enumerate(words):
        kind = tables.kinds.get(token)
        following = words[index + 1 : index + 2]
        if kind is QuestionType.PERSON and following and following[0] in tables.kinds:
            continue  # «من أين»، «من متى»، «من كم»، «من أي»: «من» is "from", the next one asks
        if kind is not None and (at_start or token not in tables.ambiguous):
            if token in tables.which:
                return _kind_of_following_noun(words[index + 1 :], tables) or kind
            return kind
        at_start = at_start and token in tables.leading
    return QuestionType.UNKNOWN


def counted_noun(tokens: Sequence[str]) -> str | None:
    """The normalized noun a quantity question counts («جنود» in «كم عدد جنود…»), or None."""
    tables = _tables()
    words = [_without_conjunction(token, tables.kinds) for token in tokens]
    for index, token in enumerate(words):
        if token in tables.count_words:
            following = [t for t in words[index + 1 :] if t not in tables.linking]
            return following[0] if following else None
    for index, token in enumerate(words):
        if token in tables.how_many:
            following = [t for t in words[index + 1 :] if t not in tables.linking]
            if not following:
                return None
            noun, after = following[0], following[1:2]
            if noun in tables.not_counted or _looks_like_verb(noun):
                return None
            if after and after[0].startswith(ALEF_LAM) and not noun.endswith(TANWEEN_ALEF):
                return None  # «كم سعر الذهب»، «كم بلغ الإنفاق»: an amount, not a count of «سعر»
            return noun
    return None


def names_answer_kind(word: str) -> bool:
    """Whether a normalized content word only names the kind of answer asked for: «سنة» in «في
    أي سنة»، «عدد» in «كم عدد»، «اسم» in «ما اسم»."""
    tables = _tables()
    return word in tables.count_words or light_stem(word) in tables.answer_nouns


def _looks_like_verb(word: str) -> bool:
    """Whether a normalized word after «كم» reads as a verb rather than the counted noun.

    The counted noun after «كم» is an indefinite singular, usually accusative: «يوما»، «قتيلا»،
    «مرة». A verb there is past tense with a subject ending («استمرت»، «قتلوا») or present tense
    with its prefix («تبلغ»، «يستغرق»).
    """
    if word.startswith(ALEF_LAM) or word.endswith(HEH):  # ال…، …ة: a noun
        return False
    if word.endswith(TANWEEN_ALEF) and not word.endswith(WAW + TANWEEN_ALEF):  # «يوما»
        return False
    if word.endswith((TEH, WAW + TANWEEN_ALEF)):  # past tense: «استمرت»، «قتلوا»
        return True
    if len(word) >= 4 and word[0] in PRESENT_PREFIXES:
        return True
    return len(word) >= 5 and word.startswith(_DERIVED_VERB_STARTS)


def _kind_of_following_noun(following: list[str], tables: _Tables) -> QuestionType | None:
    for token in following:
        if token in tables.linking:
            continue
        return tables.noun_kinds.get(light_stem(token))
    return None


def _without_conjunction(token: str, kinds: dict[str, QuestionType]) -> str:
    if token not in kinds and token[:1] in CONJUNCTIONS and token[1:] in kinds:
        return token[1:]
    return token


def _normalized(words: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in words.split())


class _Tables:
    """The lexicon's tables in normalized form, built once on first use."""

    def __init__(self) -> None:
        self.kinds = {
            normalize(word): kind
            for kind, listed in lexicon.QUESTION_WORDS
            for word in listed.split()
        }
        self.which = _normalized(lexicon.WHICH_WORDS)
        self.kinds.update(
            {word: QuestionType.THING for word in self.which if word not in self.kinds}
        )
        self.noun_kinds = {
            light_stem(normalize(noun)): kind
            for kind, listed in lexicon.KIND_NOUNS
            for noun in listed.split()
        }
        self.answer_nouns = frozenset(self.noun_kinds) | {
            light_stem(word) for word in _normalized(lexicon.NAME_WORDS)
        }
        self.linking = _normalized(lexicon.LINKING_WORDS)
        self.leading = _normalized(lexicon.LEADING_WORDS)
        self.ambiguous = _normalized(lexicon.AMBIGUOUS_QUESTION_WORDS)
        self.count_words = _normalized(lexicon.COUNT_WORDS)
        self.how_many = _normalized(dict(lexicon.QUESTION_WORDS)[QuestionType.QUANTITY])
        self.not_counted = _normalized(f"{_GENERIC_MEASURES} {_SHORT_VERBS}")


@cache
def _tables() -> _Tables:
    return _Tables()
