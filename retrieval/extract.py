"""Short answers: the date, count, place or name a question asks for, cut from a cited sentence.

``extract_answer`` returns a verbatim piece of the snippet, a few words long, or None. Rules, not
a model: each question type has one family of candidates (``_times``, ``_quantities``,
``_places``, ``_persons``), and the candidate nearest to the question's own words wins. What a
time or a number looks like is the business of ``retrieval.time_expressions`` and
``retrieval.numerals``; titles and places are listed in ``retrieval.titles`` and
``retrieval.places``.

The patterns run on a folded copy of the snippet (``retrieval.patterns``): the letters of search,
Western digits, punctuation kept, because «/» joins month names and «،» ends a name. Each folded
character remembers where it came from, so the answer is cut from the original text, vowels,
tatweel and Arabic-Indic digits included.

How one candidate is chosen among several:
- a candidate that only repeats the question adds nothing («أين بدأت مفاوضات … حول ناغورني قره
  باغ» is not answered by «ناغورنو كاراباخ», «كم قتيلا سقط في 2020» by «2020», nor «من رعى اجتماع
  باشينيان…» by «باشينيان»); numbers compare by value, so «ستة» repeats «6»;
- a quantity question that names what it counts («كم يوما») is answered by a count of that noun
  when the sentence has one, else by the count nearest the question's words;
- a person whose title shares more words with the question («المستشار الألماني») comes first;
  «متى ولد/توفي» prefers the first/second end of a life's range «(1332 - 1406م)»;
- then the candidate closest to a word of the question wins, so «متى سيعقد لقاء جديدا» picks
  «بعد انتهاء فصل الصيف» next to «لقاء جديد», not «مطلع تشرين الأول» next to «محادثات خماسية»;
- then a specific time («18 تشرين الأول») before a bare «اليوم» or «الجمعة», then the earlier.

A person's answer is the name alone («مبارك العصيمي»), the title being the sentence's.

Work is linear in the snippet's length and bounded: every pattern is linear
(``retrieval.patterns``), candidates are measured against the question's words with prefix sums
and binary search, and only the first ``MAX_SNIPPET_CHARACTERS`` characters are read (the index
already cuts sentences at 2,000).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import TypeVar

from retrieval import lexicon, titles
from retrieval.days import DAY_PARTS, RELATIVE_DAY_PHRASES, WEEKDAY_NAMES
from retrieval.letters import ALEF, ALEF_LAM, TANWEEN_ALEF, TEH, TEH_MARBUTA_NORMALIZED, WAW
from retrieval.measures import AMOUNT_VERBS, AREA_MARKS, MEASURES, Measure
from retrieval.months import HIJRI_MONTHS, month_names
from retrieval.normalize import normalize
from retrieval.numerals import (
    APPROXIMATIONS,
    MULTIPLIERS,
    NUMBER,
    ORDINAL,
    PERCENT,
    TEN,
    VAGUE_COUNTS,
    read_number,
)
from retrieval.patterns import CHARACTER_RULES, END, START, alternation, listed, normalized_set
from retrieval.places import (
    CAPITAL_OF,
    DIRECTION_ADVERBS,
    DIRECTIONS,
    HOSTING_VERBS,
    PLACE_HEADS,
    PLACE_KINDS,
    PLACE_NAMES,
    PLACE_PREPOSITIONS,
    REGION_HEADS,
    PlaceKind,
)
from retrieval.question import Question
from retrieval.question_type import QuestionType
from retrieval.stem import stem_readings
from retrieval.stopwords import is_stopword
from retrieval.terms import SKELETON_MARK, analyze, skeleton
from retrieval.time_expressions import (
    ANAPHORIC_DAY_WORDS,
    BIRTH_WORDS,
    DEATH_WORDS,
    PLURAL_TIME_UNITS,
    RANGE_DASH,
    RELATIVE_PRONOUNS,
    TIME_COORDINATION,
    TIME_PATTERNS,
    TIME_UNITS,
)

# A short answer has at most this many words; anything longer is not a short answer.
MAX_ANSWER_WORDS = 7
# The work budget of one call: only this much of a snippet is read.
MAX_SNIPPET_CHARACTERS = 4_000
# Words and questions come from users and articles, so their caches are bounded: one question is
# analysed once for the ~30 candidate sentences it is checked against, and words recur.
_WORD_CACHE_SIZE = 65_536
_QUESTION_CACHE_SIZE = 256

# Marks that folding drops (tatweel, tanween) kept after an answer's last letter: «لاعباً».
_MAX_TRAILING_MARKS = 4
_TOKEN = re.compile(r"\d+(?:[.,\u066b]\d+)*|[^\W\d_]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_DUAL_ENDINGS = ("\u064a\u0646", "\u0627\u0646")  # ين، ان
_WORD = r"[^\W\d_]++"

# ---- quantity -----------------------------------------------------------------------------------

_APPROX = alternation(APPROXIMATIONS)
_VAGUE = listed(VAGUE_COUNTS)
# «(8) مشاريع»: a number in brackets; «4300 إلى 9700 طفل»: a range.
_ONE_NUMBER = rf"(?:\(\s*+(?:{NUMBER})\s*+\)|{NUMBER})"
_NUMBER_RANGE = (
    rf"{_ONE_NUMBER}(?:\s*+[-\u2013]\s*+{_ONE_NUMBER}"
    rf"|\s++{listed('إلى حتى')}\s++{_ONE_NUMBER}|\s++{WAW}\s*+{_ONE_NUMBER})?+"
)
# «كم²»، «م²» fold to «كم2»، «م2»: the 2 of a squared unit is part of its word.
_SQUARED = r"(?:(?<=\u0645)2)?"
_QUANTITY_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 44 يوما، 30 ألف قتيل، قرابة ثلاثة عقود، 1.5 مليون لاجئ، عشرات القتلى، ثلاثة من أفراد
    re.compile(
        rf"{START}(?:{_APPROX}\s++)?(?P<number>{_NUMBER_RANGE}|{_VAGUE})"
        rf"(?:\s++\u0645\u0646)?\s++(?P<noun>{_WORD}){_SQUARED}(?!\w)"
    ),
    # 40 في المئة، 40%
    re.compile(rf"{START}(?:{_APPROX}\s++)?(?P<number>{_NUMBER_RANGE})\s*+(?P<noun>{PERCENT})"),
    # يوم واحد: واحد follows its noun
    re.compile(rf"(?<!\w)(?P<noun>{_WORD})\s++(?P<number>{listed('واحد واحدة')})(?!\w)"),
    # A length of time without a number answers «كم استمرت…»: أسابيع طويلة، عدة أيام، بضعة أشهر
    re.compile(
        rf"{START}(?:(?P<number>{listed('عدة بضعة بضع')})\s++)?"
        rf"(?P<noun>{listed('أيام أسابيع أشهر شهور سنوات سنين أعوام عقود ساعات')})"
        rf"(?:\s++{listed('طويلة قليلة عديدة')})?+{END}"
    ),
)
_ORDINAL_PATTERN = re.compile(rf"{START}{ORDINAL}")
# «رقم كم»: the question asks for a rank, answered by an ordinal («الثانية») or a number.
_RANK_WORDS = normalized_set(["رقم", "ترتيب"])
_HOW_MANY = normalized_set(["كم"])
_YEAR_NOUNS = normalized_set(lexicon.YEAR_NOUNS.split())
_WHICH_WORDS = normalized_set(lexicon.WHICH_WORDS.split())
_YEAR_NUMBER = re.compile(r"\d{3,4}")
# Times that are lengths of time («منذ ثلاثة عقود»), as opposed to dates.
_DURATION_PATTERNS = tuple(time.pattern for time in TIME_PATTERNS if not time.is_date)
_TIME_UNITS = normalized_set(TIME_UNITS.split())
_PERCENT_WORDS = normalized_set(["المئة", "المائة", "بالمئة", "بالمائة"])
# Words that are never part of a name: months (the Hijri ones are names too: «رجب طيب أردوغان»),
# weekdays and multipliers.
_NOT_NAMES = normalized_set(
    [name for _, name in month_names()]
    + list(WEEKDAY_NAMES)
    + [form for _, forms in MULTIPLIERS for form in forms.split()]
)
# Words that follow a number without being what it counts.
_NOT_COUNTED = normalized_set(
    [name for _, name in (*month_names(), *HIJRI_MONTHS)]
    + list(WEEKDAY_NAMES)
    + [form for _, forms in MULTIPLIERS for form in forms.split()]
    + TEN.split()
)

# ---- vague times ---------------------------------------------------------------------------------

# «منذ عقود»، «قبل سنوات»: when, without a number.
_VAGUE_TIME = re.compile(rf"{listed('منذ قبل بعد')}\s++{listed(PLURAL_TIME_UNITS)}")
# «في ذلك اليوم»: a demonstrative of another time right before the time.
_ANAPHORIC_DAY = re.compile(rf"{START}{listed(ANAPHORIC_DAY_WORDS)}\s++$")
_ANAPHORA_REACH = 8
# «اليوم الذي…»: a relative clause right after the time.
_DESCRIBED_DAY = re.compile(rf"\s++{listed(RELATIVE_PRONOUNS)}(?!\w)")

# ---- measures and kinds of place ----------------------------------------------------------------

_Kind = TypeVar("_Kind")


def _asking_stems(nouns: str) -> frozenset[str]:
    return frozenset(stem for noun in normalized_set(nouns.split()) for stem in stem_readings(noun))


_MEASURE_STEMS = tuple((_asking_stems(m.asked), m) for m in MEASURES)
_PLACE_KIND_STEMS = tuple((_asking_stems(k.asked), k) for k in PLACE_KINDS)
_AMOUNT_VERBS = normalized_set(AMOUNT_VERBS.split())
_AREA_MARKS = normalized_set(AREA_MARKS.split())
# Units written as a sign: read from the characters, not the words.
_UNIT_SIGNS = "%\u066a$\u20ac\u00b0"
# How many words after a number may hold its unit («مليون كيلومتر مربع»).
_UNIT_REACH = 3


@dataclass(frozen=True, slots=True)
class _Units:
    words: frozenset[str]
    signs: str
    squared_words: frozenset[str]


def _units(measure: Measure) -> _Units:
    def words(units: str) -> frozenset[str]:
        return normalized_set(unit for unit in units.split() if unit not in _UNIT_SIGNS)

    signs = "".join(unit for unit in measure.units.split() if unit in _UNIT_SIGNS)
    return _Units(words(measure.units), signs, words(measure.squared_units))


_MEASURE_UNITS = {measure.name: _units(measure) for measure in MEASURES}
# «1115 كم»: a unit is counted even where it is also a stopword (the question word «كم»).
_UNIT_WORDS = frozenset().union(*(u.words | u.squared_words for u in _MEASURE_UNITS.values()))
_PLACE_KIND_HEADS = {kind.name: normalized_set(kind.heads.split()) for kind in PLACE_KINDS}
_PLACE_KIND_NAMES = {kind.name: frozenset(map(normalize, kind.names)) for kind in PLACE_KINDS}

# ---- place --------------------------------------------------------------------------------------

_PLACE = alternation(PLACE_NAMES)
_PLACE_WORD = re.compile(_PLACE)
_PLACE_HEAD = listed(PLACE_HEADS)
_NEW_NAME = rf"(?:{_PLACE}|(?!{ALEF_LAM}){_WORD})"
_PLACE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # في مدينة سوتشي، العاصمة الروسية موسكو، احتضنته مدينة أفيون التركية
    re.compile(
        rf"{START}(?P<answer>{_PLACE_HEAD}(?:\s++{ALEF_LAM}{_WORD})?+\s++(?P<name>{_NEW_NAME}))"
        rf"(?!\w)"
    ),
    re.compile(
        rf"(?<!\w){listed(PLACE_PREPOSITIONS)}\s++(?P<answer>(?:{listed(REGION_HEADS)}\s++)?"
        rf"(?P<name>{_PLACE}))(?!\w)"
    ),
    # بموسكو، بالقاهرة: the preposition ب glued to a known place
    re.compile(rf"(?<!\w)\u0628(?P<answer>(?P<name>{_PLACE}))(?!\w)"),
    # ومقره القاهرة، مقرها في جنيف
    re.compile(
        rf"{START}\u0645\u0642\u0631(?:\u0647|\u0647\u0627)\s++(?:\u0641\u064a\s++)?"
        rf"(?P<answer>(?P<name>{_NEW_NAME}))(?!\w)"
    ),
    # عاصمتها الرباط، وعاصمته هي بغداد: the capital's name after «عاصمتها»: a known place, or
    # another word without «ال» (an adjective of the capital, «عاصمتها الإدارية»، has it) that
    # ends a phrase («عاصمتها نيروبي، …», «… نيروبي وأكبر مدنها»; not «عاصمتها تعد من…»)
    re.compile(
        rf"{START}{listed(CAPITAL_OF)}\s++(?:\u0647\u064a\s++)?(?P<answer>(?P<name>{_PLACE}|"
        rf"(?!{ALEF_LAM}|\u0648){_WORD}(?=\s*+(?:[\u060c,.\u061b;:)]|\u0648|$))))(?!\w)"
    ),
    # يحده من الجنوب الكويت، ومن الشمال تركيا: a known place after a direction
    re.compile(
        rf"{START}\u0645\u0646\s++(?P<direction>{alternation(DIRECTIONS)})\s++"
        rf"(?P<answer>(?P<name>{_PLACE}))(?!\w)"
    ),
    # تحدها كندا شمالاً: a known place before a direction adverb
    re.compile(
        rf"{START}(?P<answer>(?P<name>{_PLACE}))\s++(?P<direction>{listed(DIRECTION_ADVERBS)})"
        rf"(?!\w)"
    ),
    # استضافتها روسيا، تستضيف قطر: a known place that hosts
    re.compile(rf"{START}{listed(HOSTING_VERBS)}\s++(?P<answer>(?P<name>{_PLACE}))(?!\w)"),
)

# ---- person -------------------------------------------------------------------------------------

_TITLE_HEADS = normalized_set(titles.TITLE_HEADS.split())
_TITLE_WORDS = normalized_set(titles.TITLE_WORDS.split())
_HONORIFICS = normalized_set(titles.HONORIFICS.split())
_SAYING_VERBS = normalized_set(titles.SAYING_VERBS.split())
_NAME_STOPS = _SAYING_VERBS | normalized_set(
    [phrase for phrase in RELATIVE_DAY_PHRASES if " " not in phrase]
    + list(DAY_PARTS)
    + list(WEEKDAY_NAMES)
)
_COMPOUND_FIRST_NAMES = normalized_set(titles.COMPOUND_FIRST_NAMES.split())
_NAME_PARTICLES = normalized_set(titles.NAME_PARTICLES.split())
_MAX_TITLE_WORDS = 8
_MAX_HONORIFICS = 2
_MAX_NAME_WORDS = 3
_MAX_NAME_PARTICLES = 3
_MIN_NAME_WORDS_AFTER_VERB = 2
_DEFINING_PRONOUNS = normalized_set(lexicon.DEFINING_PRONOUNS.split())
_WHO = normalize("من")
# What may stand between a title and its name, or a name and its title: spaces, one comma or
# semicolon, or the full stop of an abbreviated honorific («د.»).
_NAME_PUNCTUATION = re.compile(r"\s*+(?:[\u060c,\u061b;.]\s*+)?")
_ADVERB_ENDING = "\u064a\u0627"  # «هاتفيا»، «رسميا»: not the last word of a name
# The glued prepositions a title word may carry: «لوزارة التعليم»، «بالمعهد القومي».
_TITLE_PREPOSITIONS = "\u0644\u0628"
# Shapes of Arabic verbs and nouns that the foreign names of news rarely take, so that a title
# followed by no name («نظيره الأذربيجاني يؤكدان ضرورة…») yields nothing: a word ending in ة or
# an attached ه, but not in يه («ضرورة»، «موقفه»; «أندريه» is a name), a form-X «است…» word
# («استعداده»), a present-tense dual or plural («يؤكدان»، «تبحثون»), و glued to an alef-initial
# word («وإدارة»، «وأعلن»), or the article behind a glued preposition («بالوفد»، «للسلام»).
_COMMON_WORD = re.compile(
    r".+[^\u064a]\u0647|\u0627\u0633\u062a.+|[\u064a\u062a].+(?:\u0627\u0646|\u0648\u0646|\u064a\u0646)"
    r"|\u0648\u0627.+|[\u0628\u0643\u0641]\u0627\u0644.+|\u0644\u0644.+"
)
_BIRTH = normalized_set(BIRTH_WORDS.split())
RANGE_DASH_CHARACTERS = frozenset("-\u2013\u2014")
_LIFE_WINDOW = 160
_DEATH = normalized_set(DEATH_WORDS.split())


# ---- folding and tokens -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Folded:
    """A snippet folded for matching, with each folded character's position in the original."""

    raw: str
    text: str
    origin: tuple[int, ...]
    tokens: tuple[_Token, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> str:
        """The original text behind folded ``text[start:end]``, with the marks that folding
        dropped after its last letter («١٤٣٦هـ»، «لاعباً»)."""
        stop = self.origin[end - 1] + 1
        limit = min(len(self.raw), stop + _MAX_TRAILING_MARKS)
        while stop < limit and not _fold_character(self.raw[stop]):
            stop += 1
        return self.raw[self.origin[start] : stop]

    def token_range(self, start: int, end: int) -> range:
        """Indexes of the tokens that overlap folded ``text[start:end]``."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        return range(first, last + 1) if first <= last else range(0)


@cache
def _fold_character(character: str) -> str:
    for rule in CHARACTER_RULES:
        character = rule(character)
    return character


def _fold(snippet: str) -> _Folded:
    characters: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(snippet):
        for folded in _fold_character(character):
            characters.append(folded)
            origin.append(index)
    text = "".join(characters)
    tokens = tuple(_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text))
    starts = tuple(t.start for t in tokens)
    ends = tuple(t.end for t in tokens)
    return _Folded(snippet, text, tuple(origin), tokens, starts, ends)


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def _match_terms(token: str) -> frozenset[str]:
    """The index terms of one word, as search sees it (months folded); empty for stopwords."""
    return frozenset(term for word in analyze(token) for term in word.terms)


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def _own_terms(token: str) -> frozenset[str]:
    """A word's stems and skeletons, without synonyms: what says two words name the same thing."""
    if is_stopword(token):
        return frozenset()
    terms: set[str] = set()
    for stem in stem_readings(token):
        terms.add(stem)
        bare = skeleton(stem)
        if bare is not None:
            terms.add(SKELETON_MARK + bare)
    return frozenset(terms)


# ---- the question -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Question:
    match_terms: frozenset[str]
    own_terms: frozenset[str]
    counted: frozenset[str]
    duals: frozenset[str]
    # The values of the numbers the question names, in any form («ستة» and «6» alike).
    values: frozenset[float]
    # «متى ولد…» (-1: the first end of a range), «متى توفي…» (+1: the second), else 0.
    life_end: int
    # «رقم كم»: a rank is asked for.
    rank: bool
    # «في أي سنة…»: a year is asked for.
    year: bool = False
    # «ما مساحة…»: the measure a quantity question asks for (``retrieval.measures``).
    measure: Measure | None = None
    # «أي دولة…»: the kind of place a place question asks for (``retrieval.places``).
    place_kind: PlaceKind | None = None
    # «من أسس…»: the terms of a person question's first content word when it can be a verb (it
    # has no «ال», and the question is not «من هو X؟»).
    lead: frozenset[str] = frozenset()

    def names(self, token: str) -> bool:
        """Whether the question already names this word."""
        return bool(_own_terms(token) & self.own_terms)


@lru_cache(maxsize=_QUESTION_CACHE_SIZE)
def _question(question: Question) -> _Question:
    folded = question.tokens
    noun = question.counted
    values = {read_number(token) for token in folded}
    words = set(folded) | {token[1:] for token in folded if token[:1] == WAW}
    measure = None
    if question.qtype is QuestionType.QUANTITY:
        # «كم عمره»: a measure named where a counted noun stands is asked for, not counted.
        measure = _asked_kind(_MEASURE_STEMS, noun or _leading_noun(question))
        noun = None if measure is not None else noun
    place_kind = None
    if question.qtype is QuestionType.PLACE:
        place_kind = _asked_kind(_PLACE_KIND_STEMS, _leading_noun(question))
    return _Question(
        match_terms=frozenset().union(*map(_match_terms, folded)),
        own_terms=frozenset().union(*map(_own_terms, folded)),
        counted=_own_terms(noun) if noun else frozenset(),
        duals=_dual_forms(noun) if noun else frozenset(),
        values=frozenset(value for value in values if value is not None),
        life_end=(-1 if words & _BIRTH else 1 if words & _DEATH else 0),
        rank=bool(words & _RANK_WORDS) and bool(words & _HOW_MANY),
        year=question.qtype is QuestionType.TIME and _asks_year(folded),
        measure=measure,
        place_kind=place_kind,
        lead=(
            _own_terms(question.words[0].word)
            if question.qtype is QuestionType.PERSON
            and question.words
            and not question.words[0].word.startswith(ALEF_LAM)  # a noun, not a verb
            and not _asks_who_is(folded)
            else frozenset()
        ),
    )


def _asks_who_is(tokens: tuple[str, ...]) -> bool:
    """«من هو X؟»: a pronoun right after «من» asks who X is, not who did something («من هو
    الفائز» does not turn off a «وهو» later in the question)."""
    return any(first == _WHO and second in _DEFINING_PRONOUNS for first, second in pairwise(tokens))


def _leading_noun(question: Question) -> str | None:
    """The question's first content word after any verb of amounting («كم تبلغ مساحة…»): where
    a question names what it asks for («ما مساحة البلد»، «أي دولة»، «ما درجة الحرارة»)."""
    words = (word.word for word in question.words)
    return next((word for word in words if word not in _AMOUNT_VERBS), None)


def _asked_kind(stems: Sequence[tuple[frozenset[str], _Kind]], word: str | None) -> _Kind | None:
    """The first kind whose asking words share a stem with ``word``."""
    readings = frozenset(stem_readings(word)) if word else frozenset()
    return next((kind for asking, kind in stems if readings & asking), None)


def _asks_year(tokens: tuple[str, ...]) -> bool:
    """Whether a year noun follows a which-word («في أي سنة») or precedes «كم» («سنة كم»)."""
    return any(
        token.removeprefix(ALEF_LAM) in _YEAR_NOUNS
        and (
            (at > 0 and tokens[at - 1] in _WHICH_WORDS)
            or (at + 1 < len(tokens) and tokens[at + 1] in _HOW_MANY)
        )
        for at, token in enumerate(tokens)
    )


def _holds_year(text: _Folded, candidate: _Candidate) -> bool:
    """Whether a time candidate names a year: a number of three or four digits, or a year noun
    («العام الماضي»); a length of time does not («منذ أكثر من ألفي سنة»، «قبل ثلاث سنوات»)."""
    if any(d.fullmatch(text.text, candidate.start, candidate.end) for d in _DURATION_PATTERNS):
        return False
    for index in text.token_range(candidate.start, candidate.end):
        token = text.tokens[index].text
        if _YEAR_NUMBER.fullmatch(token) or token.removeprefix(ALEF_LAM) in _YEAR_NOUNS:
            return True
    return False


def _dual_forms(noun: str) -> frozenset[str]:
    """«جنديين»، «جنديان» for «جندي» or «جنديا»; «دولتين» for «دولة»."""
    singular = noun.removeprefix(ALEF_LAM)
    if singular.endswith(TANWEEN_ALEF):
        singular = singular[:-1]
    if singular.endswith(TEH_MARBUTA_NORMALIZED):
        singular = singular[:-1] + TEH
    return frozenset(singular + ending for ending in _DUAL_ENDINGS)


# ---- candidates ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A possible short answer at folded ``text[start:end]``."""

    start: int
    end: int
    # Folded (start, end) of the part that must be new to the question (the name, the number);
    # None when the candidate is new by its form (a dual such as «جنديين» states its own count).
    new: tuple[int, int] | None
    # Higher first, before distance: title words shared with the question, the asked end of a
    # life, a count of the asked noun, a border in the direction asked.
    preference: int = 0
    # Higher first, only between candidates equally near the question's words: a time's
    # specificity («ليل الخميس» over a bare «الجمعة» only when both are as near).
    tiebreak: int = 0
    # A person's or a place's name, as opposed to a date or a count (see ``_adds_something``).
    is_name: bool = False
    # Folded (start, end) measured for nearness when it is wider than the answer: a person's
    # title and name.
    reach: tuple[int, int] | None = None
    # False when the candidate is not of the asked measure or kind of place («خمسين ولاية» for
    # «ما مساحة…», «مدينة دمشق» for «أي دولة…»): offered last, and said not to fit.
    of_asked_kind: bool = True


@dataclass(frozen=True, slots=True)
class _Nearness:
    """The question's words in one snippet, for measuring how near a candidate is to them."""

    matched: list[int]  # indexes of the tokens that match a question word, in order
    content: list[int]  # content[i]: content tokens among the first i


@dataclass(frozen=True, slots=True)
class Extraction:
    """A short answer and how it was chosen, for judging how far to trust it."""

    answer: str
    # How many different short answers of the asked kind the sentence offered.
    choices: int
    # Content words between the answer and the nearest word of the question (0: inside it).
    distance: int
    # False when the question counts a noun and the answer is a count of something else (the
    # nearest count, offered when no count of the noun is there).
    fits: bool = True


def extract_answer(snippet: str, question: Question) -> str | None:
    """The short answer to ``question`` in ``snippet``, verbatim, or None."""
    found = extract(snippet, question)
    return found.answer if found is not None else None


def extract(snippet: str, question: Question) -> Extraction | None:
    """``extract_answer`` with how the answer was chosen."""
    family = _FAMILIES.get(question.qtype)
    if family is None or not snippet.strip():
        return None
    snippet = snippet[:MAX_SNIPPET_CHARACTERS]
    text = _fold(snippet)
    asked = _question(question)
    answers = {}
    for candidate in family(text, asked):
        answer = text.original(candidate.start, candidate.end).strip()
        whole = len(text.token_range(candidate.start, candidate.end)) == len(text.tokens)
        short = len(answer.split()) <= MAX_ANSWER_WORDS and not whole
        if short and _adds_something(text, candidate, asked):
            answers[candidate] = answer
    if not answers:
        return None
    near = _nearness(text, asked)
    # A year question prefers a time that names a year, and fits only such a one.
    years = {c: asked.year and _holds_year(text, c) for c in answers}
    best = min(
        answers,
        key=lambda c: (
            not c.of_asked_kind,
            -c.preference,
            -years[c],
            _distance(text, c, near),
            -c.tiebreak,
            c.start,
        ),
    )
    # _distance counts in halves (after the question word costs one more half).
    distance = _distance(text, best, near) // 2
    fits = not (question.qtype is QuestionType.QUANTITY and asked.counted) or best.preference > 0
    fits = fits and (years[best] or not asked.year) and best.of_asked_kind
    return Extraction(answers[best], len(set(answers.values())), distance, fits)


def _nearness(text: _Folded, asked: _Question) -> _Nearness:
    matched: list[int] = []
    content = [0]
    for index, token in enumerate(text.tokens):
        terms = _match_terms(token.text)
        # The counted noun is in every count of it: it cannot say which count is asked for.
        counted = bool(asked.counted) and bool(_own_terms(token.text) & asked.counted)
        if terms & asked.match_terms and not counted:
            matched.append(index)
        content.append(content[-1] + bool(terms))
    return _Nearness(matched, content)


def _adds_something(text: _Folded, candidate: _Candidate, asked: _Question) -> bool:
    """Whether the candidate tells the asker something the question does not already name.

    A name is the same name when one of its words is named («لافروف» in the question rules out
    «سيرغي لافروف»); a date or a count is new as soon as one of its words is («19 سبتمبر» is an
    answer to «في أي يوم من أيلول»), and a number the question names, in any form, is not new.
    """
    if candidate.new is None:
        return True
    new = [text.tokens[i].text for i in text.token_range(*candidate.new)]
    content = [token for token in new if _own_terms(token)]
    if candidate.is_name:
        return bool(content) and not any(asked.names(token) for token in content)
    if asked.values and read_number(" ".join(new)) in asked.values:
        return False
    return any(not asked.names(token) for token in content)


def _distance(text: _Folded, candidate: _Candidate, near: _Nearness) -> int:
    """How far the candidate is from the nearest word the question matched (0 when inside).

    Distance counts the content words in between, so «خماسية في مطلع» is as close as adjacent.
    Arabic puts a time, a place or a name after the event it belongs to («لقاء جديد … بعد انتهاء
    فصل الصيف، ومحادثات خماسية في مطلع تشرين الأول»), so a question word before the candidate
    is nearer than one at the same distance after it.
    """
    inside = text.token_range(*(candidate.reach or (candidate.start, candidate.end)))
    matched, content = near.matched, near.content
    if not inside or not matched:
        return 2 * len(text.tokens)
    first = bisect_left(matched, inside.start)
    if first < len(matched) and matched[first] < inside.stop:
        return 0
    distances = []
    if first > 0:  # the nearest question word before the candidate
        before = matched[first - 1]
        distances.append(2 * (content[inside.start] - content[before + 1] + 1))
    if first < len(matched):  # the nearest after it
        after = matched[first]
        distances.append(2 * (content[after] - content[inside.stop] + 1) + 1)
    return min(distances)


# ---- time ---------------------------------------------------------------------------------------


def _times(text: _Folded, asked: _Question) -> list[_Candidate]:
    """Dates, weekdays, years, centuries, seasons and «منذ» durations, joined by و/أو/إلى."""
    spans = _time_spans(text)
    if asked.life_end:
        return _life_ends(text, spans, asked.life_end)
    return [
        _Candidate(
            start,
            end,
            (start, end),
            tiebreak=int(specific),
            of_asked_kind=_says_when(text, start, end),
        )
        for start, end, specific in spans
    ]


def _time_spans(text: _Folded, *, dates_only: bool = False) -> list[tuple[int, int, bool]]:
    """Maximal time expressions as (start, end, specific), coordinated ones joined."""
    found: list[tuple[int, int, bool]] = []
    for time in TIME_PATTERNS:
        if dates_only and not time.is_date:
            continue
        found.extend((m.start(), m.end(), time.specific) for m in time.pattern.finditer(text.text))
    spans = _maximal(found, len(text.text))
    joined: list[tuple[int, int, bool]] = []
    for start, end, specific in spans:
        if joined and TIME_COORDINATION.fullmatch(text.text, joined[-1][1], start):
            previous = joined.pop()
            joined.append((previous[0], end, previous[2] or specific))
        else:
            joined.append((start, end, specific))
    return joined


def _life_ends(text: _Folded, spans: list[tuple[int, int, bool]], end: int) -> list[_Candidate]:
    """For «متى ولد/توفي…»: each end of a range as its own candidate, the asked end preferred.

    A life is written «(1332 - 1406م)» or «(13 أكتوبر 1958، المدينة المنورة - 2 أكتوبر 2018)»: the
    end before a dash in the same brackets is the birth, the one after it the death.
    """
    pieces: list[tuple[int, int, bool]] = []
    for start, stop, specific in spans:
        cut = start
        for dash in RANGE_DASH.finditer(text.text, start, stop):
            pieces.append((cut, dash.start(), specific))
            cut = dash.end()
        pieces.append((cut, stop, specific))
    candidates = []
    for start, stop, specific in pieces:
        if start >= stop:
            continue
        side = _side_of_dash(text.text, start, stop)
        candidates.append(
            _Candidate(
                start,
                stop,
                (start, stop),
                preference=int(side == end),
                tiebreak=specific,
                of_asked_kind=_says_when(text, start, stop),
            )
        )
    return candidates


def _says_when(text: _Folded, start: int, end: int) -> bool:
    """Whether the time at folded ``text[start:end]`` says when, rather than «منذ عقود» (no
    number), the «اليوم» of «في ذلك اليوم» (another day, named before) or of «اليوم الذي…» (a
    day the clause after it describes)."""
    if _VAGUE_TIME.fullmatch(text.text, start, end) or _DESCRIBED_DAY.match(text.text, end):
        return False
    return not _ANAPHORIC_DAY.search(text.text, max(0, start - _ANAPHORA_REACH), start)


def _side_of_dash(text: str, start: int, stop: int) -> int:
    """-1 when a dash follows the span inside its brackets, +1 when one precedes it, else 0.

    Brackets are looked for within ``_LIFE_WINDOW`` characters: a life's range is short.
    """
    opening = text.rfind("(", max(0, start - _LIFE_WINDOW), start)
    closing = text.find(")", stop, stop + _LIFE_WINDOW)
    if opening < 0 or closing < 0 or ")" in text[opening:start] or "(" in text[stop:closing]:
        return 0
    if RANGE_DASH_CHARACTERS.intersection(text[stop:closing]):
        return -1
    if RANGE_DASH_CHARACTERS.intersection(text[opening:start]):
        return 1
    return 0


def _maximal(spans: list[tuple[int, int, bool]], length: int) -> list[tuple[int, int, bool]]:
    """The spans not overlapped by a longer one, in text order.

    Spans are taken longest first and marked on the text, so the work is the total length of
    the spans: each pattern's matches do not overlap one another.
    """
    taken = bytearray(length + 1)
    kept: list[tuple[int, int, bool]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        start, end, _ = span
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append(span)
    return sorted(kept)


# ---- quantity -----------------------------------------------------------------------------------


def _quantities(text: _Folded, asked: _Question) -> list[_Candidate]:
    """A number with what it counts; counts of the question's noun first when it names one."""
    dates = _time_spans(text, dates_only=True)
    date_starts = [start for start, _, _ in dates]
    counted: list[_Candidate] = []
    others: list[_Candidate] = []
    for pattern in _QUANTITY_PATTERNS:
        for match in pattern.finditer(text.text):
            number = match.group("number") or ""
            number_start, number_end = match.span("number" if number else "noun")
            if _overlaps(dates, date_starts, number_start, number_end):
                continue  # the 2020 of «أيلول 2020 عملية» is a year, not a count of operations
            noun = match.group("noun")
            if noun in _NOT_COUNTED or (is_stopword(noun) and noun not in _UNIT_WORDS):
                continue
            # What is new is the number; a vague one («عدة أيام») is new as a whole.
            exact = any(_own_terms(word) for word in number.split()) or any(
                character.isdigit() for character in number
            )
            new = (number_start, number_end) if exact else match.span()
            end = match.end()
            is_counted = bool(_own_terms(noun) & asked.counted)
            if asked.counted and not is_counted:
                # «(8) ميداليات ذهبية» counts «ذهبية»: the word after the noun may name it
                following = _token_after(text, end)
                if following is not None and _own_terms(following.text) & asked.counted:
                    end, is_counted = following.end, True
            squaring = _token_after(text, end)
            if squaring is not None and squaring.text in _AREA_MARKS:  # «400 متر مربع»
                end = squaring.end
            candidate = _Candidate(
                match.start(),
                end,
                new,
                preference=int(is_counted),
                of_asked_kind=asked.measure is None or _states(text, match.start(), asked.measure),
            )
            (counted if is_counted else others).append(candidate)
    for token in text.tokens:
        if token.text in asked.duals:  # «جنديين»: the dual is its own count
            counted.append(_Candidate(token.start, token.end, None, preference=1))
    if asked.rank:
        for match in _ORDINAL_PATTERN.finditer(text.text):
            others.append(_Candidate(match.start(), match.end(), match.span(), preference=1))
    if asked.counted and not counted:
        # No count of the asked noun: the count nearest the question's words may still be one
        # («عدد سكان اليابان 128 مليون نسمة»), but not a length of time or a share.
        others = [c for c in others if asked.rank or not _measures_time_or_share(text, c)]
    return counted if asked.counted and counted else counted + others


def _states(text: _Folded, start: int, measure: Measure) -> bool:
    """Whether the number at folded ``start`` is stated in the measure's units: a unit word
    among its next few words («مليون ريال»), or a sign («40%»، «45°»)."""
    units = _MEASURE_UNITS[measure.name]
    index = bisect_left(text.starts, start)
    following = text.tokens[index + 1 : index + 1 + _UNIT_REACH]
    window = text.text[start : following[-1].end if following else len(text.text)]
    words = {token.text for token in following}
    bare = words | {word.removeprefix(ALEF_LAM) for word in words}
    # «كم²» folds to «كم2»: the squared sign is the digit right after the unit.
    squared = bool(bare & _AREA_MARKS) or any(
        text.text[token.end : token.end + 1] == "2" for token in following
    )
    if squared and bare & units.squared_words:
        return True
    return not squared and (bool(bare & units.words) or any(sign in window for sign in units.signs))


def _measures_time_or_share(text: _Folded, candidate: _Candidate) -> bool:
    """Whether a count is of days, years… or a percentage: no answer to «كم عدد الجنود»."""
    words = {text.tokens[i].text for i in text.token_range(candidate.start, candidate.end)}
    share = "%" in text.text[candidate.start : candidate.end] or bool(words & _PERCENT_WORDS)
    return share or bool(words & _TIME_UNITS)


def _overlaps(spans: list[tuple[int, int, bool]], starts: list[int], start: int, end: int) -> bool:
    """Whether folded ``[start, end)`` overlaps one of the sorted, disjoint ``spans``."""
    index = bisect_left(starts, end) - 1
    return index >= 0 and spans[index][1] > start


def _token_after(text: _Folded, position: int) -> _Token | None:
    """The token right after ``position``, when only spaces stand between."""
    index = bisect_left(text.starts, position)
    if index < len(text.tokens) and not text.text[position : text.tokens[index].start].strip():
        return text.tokens[index]
    return None


# ---- place --------------------------------------------------------------------------------------


def _places(text: _Folded, asked: _Question) -> list[_Candidate]:
    """Where a preposition puts something («في بروكسل»، «إلى جنيف»، «في مدينة سوتشي»), a capital
    («عاصمتها الرباط»), a border («ومن الشمال تركيا») or a host («استضافتها روسيا»)."""
    candidates = []
    for pattern in _PLACE_PATTERNS:
        for match in pattern.finditer(text.text):
            name_start, name_end = match.span("name")
            if is_stopword(text.text[name_start:name_end]):
                continue
            start, end = match.span("answer")
            fitting = asked.place_kind is None or _place_kind(text, start, end) in (
                None,
                asked.place_kind.name,
            )
            # A border in the direction the question names («من الشمال» for «من الشمال؟»,
            # «غربا» for «غربا») comes before the other borders of the sentence.
            direction = match.groupdict().get("direction") or ""
            named = bool(direction) and all(asked.names(word) for word in direction.split())
            candidates.append(
                _Candidate(
                    start,
                    end,
                    (name_start, name_end),
                    preference=int(named),
                    is_name=True,
                    of_asked_kind=fitting,
                )
            )
    return candidates


def _place_kind(text: _Folded, start: int, end: int) -> str | None:
    """The kind of the place at folded ``text[start:end]``, by its head («مدينة دمشق») or its
    known name («سوريا»), or None when neither tells."""
    words = text.text[start:end].split()
    if not words:
        return None
    name = " ".join(words)
    for kind, heads in _PLACE_KIND_HEADS.items():
        if words[0] in heads:
            return kind
    for kind, names in _PLACE_KIND_NAMES.items():
        if name in names or words[-1] in names:
            return kind
    return None


# ---- person -------------------------------------------------------------------------------------


def _persons(text: _Folded, asked: _Question) -> list[_Candidate]:
    """The name a title introduces or follows («رئيس المجلس الأوروبي شارل ميشال»، «الدكتور راشد
    الغامدي المدير التنفيذي»), or that follows the question's own verb («أسسها سالم بن راشد»);
    the answer is the name."""
    candidates = []
    tokens = text.tokens
    for index, token in enumerate(tokens):
        if not _is_title_head(token.text):
            continue
        title_end = index
        while (
            title_end + 1 < len(tokens)
            and title_end - index < _MAX_TITLE_WORDS
            and _spaced(text, title_end, title_end + 1)
            and _is_title_word(
                tokens[title_end + 1].text, article=_has_article(text, title_end + 1)
            )
        ):
            title_end += 1
        title = [tokens[i].text for i in range(index, title_end + 1)]
        shared = sum(1 for word in title if asked.names(word))
        # An honorific before a title introduces the name before it («الدكتور أشرف لطيف تادرس
        # رئيس قسم الفلك…»); else the name follows the title, or a verb of saying introduces it.
        name = (
            _name_before(text, index, honorific_only=True)
            or _name_after(text, _after_honorifics(text, title_end))
            or _name_before(text, index)
        )
        if not name:
            continue
        span = (tokens[name[0]].start, tokens[name[-1]].end)
        reach = (min(span[0], token.start), max(span[1], tokens[title_end].end))
        candidates.append(_Candidate(*span, span, preference=shared, is_name=True, reach=reach))
    # «من أسس الدولة؟» … «التي أسسها عثمان الأول»: the name right after the question's verb.
    for index, token in enumerate(tokens if asked.lead else ()):
        if not _own_terms(token.text) & asked.lead:
            continue
        name = _name_after(text, index)
        # A name of two words at least: one word after a verb is as often its object or an
        # adverb («وقعت»، «فرع») as a name.
        if len(name) >= _MIN_NAME_WORDS_AFTER_VERB:
            span = (tokens[name[0]].start, tokens[name[-1]].end)
            candidates.append(_Candidate(*span, span, is_name=True, reach=(token.start, span[1])))
    return candidates


def _is_title_head(word: str) -> bool:
    return word in _TITLE_HEADS or (word[:1] == WAW and word[1:] in _TITLE_HEADS)


def _after_honorifics(text: _Folded, title_end: int) -> int:
    """The last token of the title and the honorifics after it («وزير التعليم الدكتور»)."""
    tokens = text.tokens
    last = title_end
    while (
        last + 1 < len(tokens)
        and last - title_end < _MAX_HONORIFICS
        and tokens[last + 1].text in _HONORIFICS
        and _NAME_PUNCTUATION.fullmatch(text.text, tokens[last].end, tokens[last + 1].start)
    ):
        last += 1
    return last


def _name_after(text: _Folded, before: int) -> list[int]:
    """Indexes of the name tokens after token ``before`` (one comma allowed between), or []."""
    tokens = text.tokens
    first = before + 1
    if first >= len(tokens) or not _NAME_PUNCTUATION.fullmatch(
        text.text, tokens[before].end, tokens[first].start
    ):
        return []
    name: list[int] = []
    words = particles = 0
    for index in range(first, len(tokens)):
        word = tokens[index].text
        if name and not _spaced(text, index - 1, index):
            break
        if name and word in _NAME_PARTICLES and particles < _MAX_NAME_PARTICLES:
            name.append(index)
            particles += 1
            continue
        article = _has_article(text, index)
        if words == _MAX_NAME_WORDS or not _could_be_name(word, first=not name, article=article):
            break
        name.append(index)
        words += 1
    while name and tokens[name[-1]].text in _NAME_PARTICLES:
        name.pop()
    if words == _MAX_NAME_WORDS and not _name_complete(text, name):
        name.pop()
    return _checked_name(text, name)


def _name_before(text: _Folded, head: int, *, honorific_only: bool = False) -> list[int]:
    """Indexes of the name tokens just before a title («راشد الغامدي المدير…»), or [].

    Only a name that an honorific or a verb of saying introduces («وبين الدكتور راشد الغامدي»،
    «وقال أنديرس نوردستروم؛ ممثل…») counts: words before a title are usually not a name.
    """
    tokens = text.tokens
    last = head - 1
    if last < 0 or not _NAME_PUNCTUATION.fullmatch(text.text, tokens[last].end, tokens[head].start):
        return []
    name: list[int] = []
    words = particles = 0
    index = last
    while index >= 0:
        word = tokens[index].text
        if name and not _spaced(text, index, index + 1):
            break
        if name and word in _NAME_PARTICLES and particles < _MAX_NAME_PARTICLES:
            particles += 1
        elif words < _MAX_NAME_WORDS and _could_be_name(word, first=False):
            words += 1
        else:
            break
        name.append(index)
        index -= 1
    name.reverse()
    while name and (tokens[name[0]].text in _NAME_PARTICLES or _has_article(text, name[0])):
        name.pop(0)
    if not name or index < 0 or not _spaced(text, index, name[0]):
        return []
    introducer = tokens[index].text
    bare = introducer[1:] if introducer[:1] == WAW else introducer
    if introducer not in _HONORIFICS and (honorific_only or bare not in _SAYING_VERBS):
        return []
    return _checked_name(text, name)


def _checked_name(text: _Folded, name: list[int]) -> list[int]:
    tokens = text.tokens
    if len(name) >= 2 and tokens[name[-1]].text.endswith(_ADVERB_ENDING):
        name.pop()
    if len(name) >= 2 and all(tokens[i].text.endswith(TANWEEN_ALEF) for i in name):
        return []  # «بيانا مشتركا»: an indefinite noun and its adjective, not a name
    return name


def _name_complete(text: _Folded, name: list[int]) -> bool:
    """A third name word is kept after «عبد/أبو», or when punctuation or the end follows it."""
    tokens = text.tokens
    if tokens[name[0]].text in _COMPOUND_FIRST_NAMES:
        return True
    last = name[-1]
    return last + 1 == len(tokens) or not _spaced(text, last, last + 1)


def _has_article(text: _Folded, index: int) -> bool:
    """Whether a token starts with the article ال as written: a bare alef, not «إلهام»."""
    token = text.tokens[index]
    return token.text.startswith(ALEF_LAM) and text.raw[text.origin[token.start]] == ALEF


def _could_be_name(word: str, *, first: bool, article: bool = False) -> bool:
    if not _ARABIC_WORD.fullmatch(word) or is_stopword(word) or word in _NAME_STOPS:
        return False
    if word[:1] == WAW and word[1:] in _NAME_STOPS:  # «وقال»
        return False
    if _is_title_head(word) or word in _HONORIFICS:
        return False
    if _PLACE_WORD.fullmatch(word) or word in _NOT_NAMES or _COMMON_WORD.fullmatch(word):
        return False
    return not (first and article)


def _is_title_word(word: str, *, article: bool = True) -> bool:
    """A word that continues a title: «الخارجية»، «الأرمني»، «وزراء»، «لوزارة»، «بالمعهد»."""
    if is_stopword(word) or word in _NAME_STOPS or word in _HONORIFICS:
        return False
    if word[:1] in _TITLE_PREPOSITIONS and len(word) > 3:
        bare = word[1:]
        if bare.startswith(ALEF_LAM) or bare in _TITLE_WORDS or word.startswith("\u0644\u0644"):
            return True
    return article or word in _TITLE_WORDS or bool(_PLACE_WORD.fullmatch(word))


def _spaced(text: _Folded, left: int, right: int) -> bool:
    """Whether only white space separates two tokens."""
    return not text.text[text.tokens[left].end : text.tokens[right].start].strip()


_FAMILIES: dict[QuestionType, Callable[[_Folded, _Question], list[_Candidate]]] = {
    QuestionType.TIME: _times,
    QuestionType.QUANTITY: _quantities,
    QuestionType.PLACE: _places,
    QuestionType.PERSON: _persons,
}
# The question types that have a short answer; for the others the snippet is the answer.
EXTRACTED_TYPES = frozenset(_FAMILIES)
