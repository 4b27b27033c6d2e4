"""Small talk: greetings, thanks, goodbyes, «من أنت؟», «ماذا تستطيع؟», and other languages.

A new user's first message is often «مرحبا» or «السلام عليكم», and the last «شكرا»; searched as
questions they get "not found", as if the bot did not understand. ``read_small_talk`` recognizes
them, in MSA and in common dialect forms, so the front ends can answer in kind. The one home for
these phrases (``without_small_talk`` reads a question without those that wrap it); question
words and the fillers wrapped around questions live in ``retrieval.lexicon``.

A message is small talk only when *all* of it is: every word belongs to one of the phrases below
(or is a courtesy word such as «جزيلا» or an address such as «يا سند»). «مرحبا، متى افتتح
المعرض؟» keeps words of its own and is a question. A message with letters but none of them
Arabic is in another language (``Move.OTHER_LANGUAGE``).

Pure functions over text; no I/O, nothing about Telegram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from retrieval.normalize import normalize


class Move(StrEnum):
    """What a piece of small talk does, in the order a reply answers them."""

    SALAM = "salam"  # السلام عليكم: answered «وعليكم السلام»
    MORNING = "morning"  # صباح الخير: «صباح النور»
    EVENING = "evening"  # مساء الخير: «مساء النور»
    HELLO = "hello"  # مرحبا، أهلا، هلا
    HOW_ARE_YOU = "how_are_you"  # كيف حالك، شلونك، ازيك
    WHO_ARE_YOU = "who_are_you"  # من أنت، مين انت، ما اسمك
    WHAT_CAN_YOU_DO = "what_can_you_do"  # ماذا تستطيع، شو بتعمل، كيف أستخدمك
    WANTS_TO_ASK = "wants_to_ask"  # عندي سؤال، ممكن أسألك
    THANKS = "thanks"  # شكرا، يعطيك العافية، مشكور
    OKAY = "okay"  # تمام، حسنا، ممتاز
    GOODBYE = "goodbye"  # مع السلامة، إلى اللقاء، تصبح على خير
    OTHER_LANGUAGE = "other_language"  # no Arabic letter at all


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """A message that is small talk: what it does, each move once, in the order said."""

    moves: tuple[Move, ...]


# The phrases, in reading form; ``normalize`` folds hamzas, ة/ه, ى/ي and tashkeel for matching.
PHRASES: dict[Move, tuple[str, ...]] = {
    Move.SALAM: (
        "السلام عليكم",
        "السلام عليكم ورحمة الله",
        "السلام عليكم ورحمة الله وبركاته",
        "سلام عليكم",
        "سلام",
        "وعليكم السلام",
        "وعليكم السلام ورحمة الله",
        "وعليكم السلام ورحمة الله وبركاته",
    ),
    Move.MORNING: ("صباح الخير", "صباح النور", "صباح الفل", "صباح الورد", "صباحو", "صباح"),
    Move.EVENING: ("مساء الخير", "مساء النور", "مسا الخير", "مساء الفل", "مساء الورد", "مساء"),
    Move.HELLO: (
        "مرحبا",
        "مرحبا بك",
        "مرحبتين",
        "مراحب",
        "أهلا",
        "أهلا وسهلا",
        "أهلا بك",
        "أهلين",
        "هلا",
        "هلا والله",
        "هلا وغلا",
        "يا هلا",
        "هلو",
        "هاي",
        "ألو",
        "حياك",
        "حياك الله",
        "هلا بك",
    ),
    Move.HOW_ARE_YOU: (
        "كيف حالك",
        "كيف الحال",
        "كيفك",
        "كيف أنت",
        "كيف أحوالك",
        "شلونك",
        "شلون",
        "ازيك",
        "عامل إيه",
        "أخبارك",
        "إيش أخبارك",
        "شو أخبارك",
        "وش أخبارك",
        "شخبارك",
        "شحالك",
        "علومك",
        "كي داير",
        "واش راك",
        "لاباس",
    ),
    Move.WHO_ARE_YOU: (
        "من أنت",
        "من انت",
        "مين أنت",
        "مين انت",
        "مين إنت",
        "أنت مين",
        "انت مين",
        "منو أنت",
        "منو انت",
        "شكون أنت",
        "من حضرتك",
        "مين حضرتك",
        "شو أنت",
        "ما أنت",
        "إيش أنت",
        "وش أنت",
        "شنو أنت",
        "من تكون",
        "من هو سند",
        "ما هو سند",
        "ما اسمك",
        "شو اسمك",
        "إيش اسمك",
        "وش اسمك",
        "اسمك",
        "عرف بنفسك",
        "عرفني بنفسك",
        "هل أنت بوت",
        "أنت بوت",
        "هل أنت إنسان",
        "أنت إنسان",
        "هل أنت روبوت",
        "أنت روبوت",
    ),
    Move.WHAT_CAN_YOU_DO: (
        "ماذا تستطيع",
        "ماذا تستطيع أن تفعل",
        "ماذا تفعل",
        "ماذا يمكنك",
        "ماذا يمكنك أن تفعل",
        "ماذا تعمل",
        "ما عملك",
        "ما وظيفتك",
        "ما هي وظيفتك",
        "ما الذي تستطيعه",
        "ما الذي تفعله",
        "شو بتعمل",
        "شو بتساوي",
        "شو بتقدر تعمل",
        "شو بتعرف",
        "شو بتعرف تعمل",
        "إيش تسوي",
        "وش تسوي",
        "إيش تقدر تسوي",
        "وش تقدر تسوي",
        "بتعمل إيه",
        "تقدر تعمل إيه",
        "بتعرف تعمل إيه",
        "كيف أستخدمك",
        "كيف أستعملك",
        "كيف أسألك",
        "كيف أسأل",
        "كيف تعمل",
        "ساعدني",
        "مساعدة",
        "ماذا أسأل",
        "عن ماذا أسأل",
        "شو بسأل",
        "إيش أسأل",
        "ماذا تعرف",
        "عن ماذا تجيب",
        "فيم تساعدني",
        "بماذا تساعدني",
        "كيف تساعدني",
    ),
    Move.WANTS_TO_ASK: (
        "عندي سؤال",
        "لدي سؤال",
        "ممكن سؤال",
        "ممكن أسألك",
        "ممكن أسألك سؤال",
        "هل يمكنني أن أسألك",
        "هل يمكنني أن أسألك سؤالا",
        "أريد أن أسألك",
        "أريد أن أسأل",
        "بدي أسألك",
        "أبغى أسألك",
        "سؤال",
    ),
    Move.THANKS: (
        "شكرا",
        "شكرا لك",
        "شكرا لكم",
        "أشكرك",
        "نشكرك",
        "شكرا على المساعدة",
        "شكرا على الرد",
        "شكرا على الإجابة",
        "شكرا على المعلومات",
        "مشكور",
        "مشكورة",
        "مشكورين",
        "يعطيك العافية",
        "الله يعطيك العافية",
        "يسلمو",
        "يسلموا",
        "تسلم",
        "تسلمي",
        "تسلم إيدك",
        "يسلم إيدك",
        "جزاك الله خيرا",
        "جزاك الله خير",
        "الله يجزاك خير",
        "بارك الله فيك",
        "الله يسعدك",
        "متشكر",
        "متشكرين",
        "ممنون",
        "ميرسي",
    ),
    Move.OKAY: (
        "تمام",
        "حسنا",
        "أوكي",
        "أوك",
        "ممتاز",
        "رائع",
        "جميل",
        "فهمت",
        "واضح",
        "ماشي",
        "عظيم",
    ),
    Move.GOODBYE: (
        "مع السلامة",
        "إلى اللقاء",
        "باي",
        "باي باي",
        "في أمان الله",
        "وداعا",
        "تصبح على خير",
        "تصبحون على خير",
        "تصبحين على خير",
        "أراك لاحقا",
        "نلتقي لاحقا",
        "الله معك",
        "يلا باي",
    ),
}
# Words that may stand beside the phrases without making a message a question: courtesy
# («شكرا جزيلا لك»), emphasis, and addressing the bot («يا سند»).
COURTESY_WORDS = "جزيلا جدا كثيرا كتير كثير لك لكم عليك يا سند والله الله"
# Longer messages are never small talk (and are not worth reading as such).
MAX_WORDS = 16
MAX_CHARACTERS = 200

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
# A letter typed three times or more («شكراااا», «هلاااا») is one letter.
_STRETCHED = re.compile(r"(\w)\1{2,}")
_CONJUNCTION = "\u0648"  # و, glued to the next word: «وشكرا»، «وعليكم السلام»


def read_small_talk(text: str) -> SmallTalk | None:
    """What ``text`` does as small talk; None when it is (or may be) a question."""
    if _LETTER.search(text) is not None and _ARABIC_LETTER.search(text) is None:
        return SmallTalk((Move.OTHER_LANGUAGE,))
    if len(text) > MAX_CHARACTERS:
        return None
    words = _STRETCHED.sub(r"\1", normalize(text)).split()
    if not words or len(words) > MAX_WORDS:
        return None
    phrases, courtesy, longest = _tables()
    moves: list[Move] = []
    position = 0
    while position < len(words):
        found = _phrase_at(words, position, phrases, longest)
        if found is not None:
            move, length = found
            if move not in moves:
                moves.append(move)
            position += length
        elif words[position] in courtesy:
            position += 1
        else:
            return None
    return SmallTalk(tuple(moves)) if moves else None


def _phrase_at(
    words: list[str], position: int, phrases: dict[tuple[str, ...], Move], longest: int
) -> tuple[Move, int] | None:
    """The longest phrase starting at ``position`` (a glued «و» tried off too) and its length."""
    first = words[position]
    starts = [first]
    if first.startswith(_CONJUNCTION) and len(first) > 2:
        starts.append(first[1:])
    for length in range(min(longest, len(words) - position), 0, -1):
        rest = tuple(words[position + 1 : position + length])
        for start in starts:
            move = phrases.get((start, *rest))
            if move is not None:
                return move, length
    return None


@cache
def _tables() -> tuple[dict[tuple[str, ...], Move], frozenset[str], int]:
    phrases = {
        tuple(normalize(phrase).split()): move
        for move, listed in PHRASES.items()
        for phrase in listed
    }
    courtesy = frozenset(normalize(word) for word in COURTESY_WORDS.split())
    return phrases, courtesy, max(len(phrase) for phrase in phrases)


# The moves whose phrases may open a question («السلام عليكم، كم عدد الزوار؟», «شكرا، ومتى يغلق
# المعرض؟») and close it («… شكرا جزيلا», «… مع السلامة»): a question is read without them.
# «صباح»/«مساء» are left out (in a question they are times: «مساء الجمعة»), and a goodbye only
# closes («بأي طريقة» opens with «باي», which is not goodbye there).
OPENING_MOVES = frozenset({Move.SALAM, Move.HELLO, Move.THANKS, Move.WANTS_TO_ASK, Move.OKAY})
CLOSING_MOVES = frozenset({Move.THANKS, Move.GOODBYE})


def without_small_talk(words: Sequence[str]) -> list[str]:
    """Normalized words without the greetings, thanks and goodbyes at either end of a question
    (only there: «بأي طريقة» is not «باي», goodbye)."""
    phrases, courtesy, longest = _tables()
    listed = list(words)
    start = 0
    while start < len(listed):
        found = _phrase_at(listed, start, phrases, longest)
        if found is not None and found[0] in OPENING_MOVES:
            start += found[1]
        elif start > 0 and listed[start] in courtesy:  # «مرحبا يا …»، «شكرا جزيلا، …»
            start += 1
        else:
            break
    end = len(listed)
    while end > start:
        # Courtesy words go only with the closing phrase they follow («… شكرا جزيلا»), never on
        # their own («… عبد الله»).
        phrase_end = end
        while phrase_end > start and listed[phrase_end - 1] in courtesy:
            phrase_end -= 1
        for begin in range(max(start, phrase_end - longest), phrase_end):
            found = _phrase_at(listed, begin, phrases, longest)
            if found is not None and found[0] in CLOSING_MOVES and begin + found[1] == phrase_end:
                end = begin
                break
        else:
            break
    return listed[start:end]
