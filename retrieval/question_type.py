"""What kind of answer a question asks for, read from its Arabic question words.

The type decides which short answer is extracted from a sentence (``retrieval.extract``): a date
for «متى», a count for «كم», a place for «أين», a name for «من». It is read from normalized words
(``retrieval.terms.words``), so vowelled («مَتَى»), tatweel and common misspellings («متي»، «الى
اين») read the same. Colloquial forms that news readers type (مين، وين، ليش، شو) are included.

The first question word decides, with two refinements:
- «ما/أي» followed by a noun that names the answer's kind takes that kind: «ما عدد» and «ما نسبة»
  ask for a quantity, «في أي يوم» for a time, «أي دولة» for a place, «ما سبب» for a reason;
- «من» and «ما» are also a preposition and a negation or relative, so they count only at the
  start of the question, after leading prepositions («على ماذا»، «منذ متى»).

A quantity question may also name what it counts («كم يوما»، «كم عدد جنود…»); ``counted_noun``
reads that noun, so that only a count of it answers the question.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from retrieval.normalize import normalize
from retrieval.stem import light_stem
from retrieval.terms import words


class QuestionType(StrEnum):
    """The kind of answer a question asks for."""

    TIME = "time"
    QUANTITY = "quantity"
    PLACE = "place"
    PERSON = "person"
    THING = "thing"
    MANNER = "manner"
    REASON = "reason"
    YES_NO = "yes_no"
    UNKNOWN = "unknown"


# Question words, in reading form, that decide the type on their own. «لم» (why) is left out:
# it is far more often the negation «لم يشهد».
_QUESTION_WORDS: tuple[tuple[QuestionType, str], ...] = (
    (QuestionType.TIME, "متى متي امتى إمتى ايمتى إيمتى"),
    (QuestionType.QUANTITY, "كم بكم قديش كام"),
    (QuestionType.PLACE, "أين وين فين"),
    (QuestionType.PERSON, "من مين لمن ممن عمن بمن"),
    (QuestionType.THING, "ماذا ما ماهو ماهي شو ايش إيش وش مما عما بما"),
    (QuestionType.MANNER, "كيف ازاي إزاي كيفاش"),
    (QuestionType.REASON, "لماذا ليش ليه لماذ"),
    (QuestionType.YES_NO, "هل"),
)
# «ما» and «أي» take the kind of the noun that follows them (the noun's light stem is compared).
_WHICH_WORDS = "ما ماهو ماهي ماذا أي أية أيّ بأي لأي فأي"
_KIND_NOUNS: tuple[tuple[QuestionType, str], ...] = (
    (QuestionType.TIME, "يوم أيام تاريخ موعد شهر عام سنة وقت ساعة أسبوع زمن قرن فترة"),
    (QuestionType.QUANTITY, "عدد نسبة حجم قيمة مبلغ كمية مدة سعر حصيلة طول مساحة"),
    (
        QuestionType.PLACE,
        "دولة دول بلد مدينة مكان عاصمة منطقة إقليم قرية بلدة ولاية محافظة قارة موقع مقر",
    ),
    (QuestionType.PERSON, "شخص شخصية مسؤول زعيم قائد"),
    (QuestionType.REASON, "سبب أسباب دافع دوافع"),
    (QuestionType.MANNER, "طريقة كيفية وسيلة"),
)
# Words skipped between «ما/أي» and the noun: «ما هو عدد»، «أي من الدول».
_LINKING_WORDS = "هو هي هم الذي التي من"
# Words that may come before the question word: «على ماذا»، «منذ متى»، «في أي يوم».
_LEADING_WORDS = "في على إلى الى عن مع منذ حتى و ف"
# «من» and «ما» are question words only at the start, after leading words.
_AMBIGUOUS_WORDS = "من ما أي أية"
_CONJUNCTIONS = ("\u0648", "\u0641")  # و، ف glued to a question word: «ومتى»، «فكم»
# «كم عدد X»، «ما عدد X»: the noun after these is what is counted.
_COUNT_WORDS = "عدد أعداد"
# «كم X»: X is the counted noun unless it is a verb («كم استمرت») or says only "how long".
_HOW_MANY_WORDS = dict(_QUESTION_WORDS)[QuestionType.QUANTITY]
# Three-letter past-tense verbs that follow «كم» and have no verb shape to tell them by.
_SHORT_VERBS = "بلغ وصل كان بقي مضى دام قتل سقط جرى"
_ALEF_LAM = "\u0627\u0644"
_TANWEEN_ALEF = "\u0627"  # «يوماً» once the tanween is stripped
_GENERIC_MEASURES = "وقت الوقت مدة المدة فترة الفترة"


def question_type(question: str) -> QuestionType:
    """The kind of answer ``question`` asks for; UNKNOWN when it has no Arabic question word."""
    tables = _tables()
    tokens = [_without_conjunction(token, tables.kinds) for token in words(question)]
    at_start = True
    for index, token in enumerate(tokens):
        kind = tables.kinds.get(token)
        if kind is not None and (at_start or token not in tables.ambiguous):
            if token in tables.which:
                return _kind_of_following_noun(tokens[index + 1 :], tables) or kind
            if kind is QuestionType.PERSON and tokens[index + 1 : index + 2] == [tables.where]:
                return QuestionType.PLACE  # «من أين»: from where
            return kind
        at_start = at_start and token in tables.leading
    return QuestionType.UNKNOWN


def counted_noun(question: str) -> str | None:
    """The normalized noun a quantity question counts («جنود» in «كم عدد جنود…»), or None."""
    tables = _tables()
    tokens = [_without_conjunction(token, tables.kinds) for token in words(question)]
    for index, token in enumerate(tokens):
        if token in tables.count_words:
            following = [t for t in tokens[index + 1 :] if t not in tables.linking]
            return following[0] if following else None
    for index, token in enumerate(tokens):
        if token in tables.how_many:
            following = [t for t in tokens[index + 1 :] if t not in tables.linking]
            if not following:
                return None
            noun, after = following[0], following[1:2]
            if noun in tables.not_counted or _looks_like_verb(noun):
                return None
            if after and after[0].startswith(_ALEF_LAM) and not noun.endswith(_TANWEEN_ALEF):
                return None  # «كم سعر الذهب»، «كم بلغ الإنفاق»: an amount, not a count of «سعر»
            return noun
    return None


def _looks_like_verb(word: str) -> bool:
    """Whether a normalized word after «كم» reads as a verb rather than the counted noun.

    The counted noun after «كم» is an indefinite singular, usually accusative: «يوما»، «قتيلا»،
    «مرة». A verb there is past tense with a subject ending («استمرت»، «قتلوا») or present tense
    with its prefix («تبلغ»، «يستغرق»).
    """
    if word.startswith(_ALEF_LAM) or word.endswith("\u0647"):  # ال…، …ة: a noun
        return False
    if word.endswith(_TANWEEN_ALEF) and not word.endswith("\u0648\u0627"):  # «يوما»
        return False
    if word.endswith(("\u062a", "\u0648\u0627")):  # past tense: «استمرت»، «قتلوا»
        return True
    if len(word) >= 4 and word[0] in "\u064a\u062a\u0646":  # present tense: يـ، تـ، نـ
        return True
    return len(word) >= 5 and word.startswith(("\u0627\u0633\u062a", "\u0627\u0646"))


def _kind_of_following_noun(following: list[str], tables: _Tables) -> QuestionType | None:
    for token in following:
        if token in tables.linking:
            continue
        return tables.noun_kinds.get(light_stem(token))
    return None


def _without_conjunction(token: str, kinds: dict[str, QuestionType]) -> str:
    if token not in kinds and token[:1] in _CONJUNCTIONS and token[1:] in kinds:
        return token[1:]
    return token


class _Tables:
    """The word tables in normalized form, built once on first use."""

    def __init__(self) -> None:
        self.kinds = {
            normalize(word): kind for kind, listed in _QUESTION_WORDS for word in listed.split()
        }
        self.where = normalize("أين")
        self.which = frozenset(normalize(word) for word in _WHICH_WORDS.split())
        self.kinds.update(
            {word: QuestionType.THING for word in self.which if word not in self.kinds}
        )
        self.noun_kinds = {
            light_stem(normalize(noun)): kind
            for kind, listed in _KIND_NOUNS
            for noun in listed.split()
        }
        self.linking = frozenset(normalize(word) for word in _LINKING_WORDS.split())
        self.leading = frozenset(normalize(word) for word in _LEADING_WORDS.split())
        self.ambiguous = frozenset(normalize(word) for word in _AMBIGUOUS_WORDS.split())
        self.count_words = frozenset(normalize(word) for word in _COUNT_WORDS.split())
        self.how_many = frozenset(normalize(word) for word in _HOW_MANY_WORDS.split())
        self.not_counted = frozenset(
            normalize(word) for word in f"{_GENERIC_MEASURES} {_SHORT_VERBS}".split()
        )


@cache
def _tables() -> _Tables:
    return _Tables()
