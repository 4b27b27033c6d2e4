"""A question read once: its normalized words, its content words and their terms, and what it
asks for. Every later stage (search, judging, short answers) reads this one object.

Content words are the question's words without stopwords, question words of any dialect, and the
fillers users wrap questions in («لو سمحت»، «ممكن تقولي»، «عايز أعرف»; see ``retrieval.lexicon``):
those say nothing about the subject, and a word the corpus has never seen weighs as the rarest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from retrieval import lexicon
from retrieval.letters import CONJUNCTIONS
from retrieval.normalize import normalize
from retrieval.numerals import read_ordinal
from retrieval.question_type import QuestionType, counted_noun, names_answer_kind, question_type
from retrieval.small_talk import without_small_talk
from retrieval.terms import WordTerms, analyze_normalized, words_of_normalized

# The most distinct content words of a question that are searched for: real questions have a
# handful, and a pasted page must not make one message walk the postings of hundreds of terms.
MAX_QUESTION_WORDS = 64
# Questions recur (the same user asks again, «المزيد» pages); analysis is cheap but not free.
_CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class Question:
    """One question as every stage reads it."""

    text: str
    normalized: str
    # Every normalized word, fillers and question words included, in order.
    tokens: tuple[str, ...]
    # The distinct content words, at most MAX_QUESTION_WORDS, with their index terms.
    words: tuple[WordTerms, ...]
    qtype: QuestionType
    # The noun a quantity question counts («جنود» in «كم عدد جنود…»), normalized.
    counted: str | None
    # The content words that are a typo's correction (``retrieval.spelling``), not as typed.
    corrected: frozenset[str] = frozenset()
    # The content words carried over from the previous question of a follow-up
    # (``retrieval.followup``): context, which weighs less than the message's own words.
    carried: frozenset[str] = frozenset()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every index term of the content words, in order: the search query."""
        return tuple(term for word in self.words for term in word.terms)

    @property
    def focus(self) -> int | None:
        """The position in ``words`` of what the question asks about: its first own content word
        that does not merely name the kind of answer («مقاعد» in «كم عدد مقاعد الحزب؟»، «ولد» in
        «في أي سنة ولد الشاعر؟», «عاصمة» in «ما عاصمة البلد؟»). A sentence without it may share
        the question's topic but not state what is asked. None when every word names a kind."""
        for position, word in enumerate(self.words):
            if word.word not in self.carried and not names_answer_kind(word.word):
                return position
        return None

    @property
    def numbers(self) -> tuple[int, ...]:
        """The positions in ``words`` of the content words that are numbers: a year, a day, a
        count («2020»), or an ordinal («الثاني» of «الاجتماع الثاني»), which a sentence about
        another («الاجتماع الأول») does not state. A month's name of two words («تشرين الثاني»)
        is one word here and names no number."""
        return tuple(
            position
            for position, word in enumerate(self.words)
            if word.word[:1].isdigit() or (" " not in word.word and read_ordinal(word.word))
        )


@lru_cache(maxsize=_CACHE_SIZE)
def analyze_question(text: str) -> Question:
    """Read a question once (see the module docstring)."""
    normalized = normalize(text)
    tokens = tuple(words_of_normalized(normalized))
    content = analyze_normalized(" ".join(without_fillers(tokens)))
    return Question(
        text=text,
        normalized=normalized,
        tokens=tokens,
        words=tuple(_distinct(content))[:MAX_QUESTION_WORDS],
        qtype=question_type(tuple(without_fillers(tokens))),
        counted=counted_noun(tuple(without_fillers(tokens))),
    )


def without_fillers(tokens: tuple[str, ...]) -> list[str]:
    """The tokens without the greetings and thanks around a question (``retrieval.small_talk``),
    the lexicon's fillers and the dialects' function words (a glued و/ف too)."""
    fillers, phrases = _fillers()
    tokens = tuple(without_small_talk(tokens))
    kept: list[str] = []
    index = 0
    while index < len(tokens):
        if tokens[index : index + 2] in phrases:
            index += 2
            continue
        token = tokens[index]
        bare = token[1:] if token[:1] in CONJUNCTIONS and token not in fillers else token
        if token not in fillers and bare not in fillers:
            kept.append(token)
        index += 1
    return kept


@cache
def _fillers() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    words = f"{lexicon.FILLER_WORDS} {lexicon.DIALECT_FUNCTION_WORDS}".split()
    phrases = frozenset(tuple(normalize(phrase).split()) for phrase in lexicon.FILLER_PHRASES)
    return frozenset(normalize(word) for word in words), phrases


def _distinct(words: tuple[WordTerms, ...]) -> list[WordTerms]:
    seen: set[tuple[str, ...]] = set()
    distinct = []
    for word in words:
        if word.terms not in seen:
            seen.add(word.terms)
            distinct.append(word)
    return distinct
