"""Short answers: the date, count, place or name a question asks for, cut from a cited sentence.

``extract_answer`` returns a verbatim piece of the snippet, a few words long, or None. Rules, not
a model: each question type has one family of patterns (``_times``, ``_quantities``, ``_places``,
``_persons``), and the candidate nearest to the question's own words in the sentence wins.

The patterns run on a folded copy of the snippet: every character goes through the same letter
rules as search (``retrieval.normalize``: no tashkeel or tatweel, one alef, ى→ي, ة→ه, Western
digits) while punctuation stays, because «/» joins month names and «،» ends a name. Each folded
character remembers where it came from, so the answer is cut from the original text, vowels,
tatweel and Arabic-Indic digits included. Word lists are written in reading form and normalized
when the patterns are built; letters that look alike are written as ``\\uXXXX`` escapes.

How one candidate is chosen among several:
- a candidate that only repeats the question adds nothing («أين بدأت مفاوضات … حول ناغورني قره
  باغ» is not answered by «ناغورنو كاراباخ», nor «من رعى اجتماع باشينيان…» by «باشينيان»);
- a quantity question that names what it counts («كم يوما») is answered only by a count of that
  noun;
- a person whose title shares more words with the question («المستشار الألماني») comes first,
  and a specific time («18 تشرين الأول») before a bare «اليوم» or «الجمعة»;
- then the candidate closest to a word of the question wins, so «متى سيعقد لقاء جديدا» picks
  «بعد انتهاء فصل الصيف» next to «لقاء جديد», not «مطلع تشرين الأول» next to «محادثات خماسية»;
- then the earlier one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

from retrieval.months import month_names
from retrieval.normalize import (
    ascii_digits,
    fold_compatibility_forms,
    lowercase_latin,
    normalize,
    replace_control_characters,
    strip_invisible,
    strip_tashkeel,
    strip_tatweel,
    unify_alef,
    unify_letters,
)
from retrieval.places import PLACE_NAMES
from retrieval.question import Question
from retrieval.question_type import QuestionType
from retrieval.stem import stem_readings
from retrieval.stopwords import is_stopword
from retrieval.terms import SKELETON_MARK, analyze, skeleton

# A short answer has at most this many words; anything longer is not a short answer.
MAX_ANSWER_WORDS = 7
# Words and questions come from users and articles, so their caches are bounded: one question is
# analysed once for the ~30 candidate sentences it is checked against, and words recur.
_WORD_CACHE_SIZE = 65_536
_QUESTION_CACHE_SIZE = 256

# The letter rules of ``normalize``, applied one character at a time so offsets survive.
_CHARACTER_RULES: tuple[Callable[[str], str], ...] = (
    fold_compatibility_forms,
    strip_invisible,
    replace_control_characters,
    strip_tashkeel,
    strip_tatweel,
    unify_alef,
    unify_letters,
    ascii_digits,
    lowercase_latin,
)
_TOKEN = re.compile(r"\d+(?:[.,\u066b]\d+)*|[^\W\d_]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_ALEF_LAM = "\u0627\u0644"  # ال
_TANWEEN_ALEF = "\u0627"  # the alef of «يوماً» once the tanween is stripped
_TEH_MARBUTA_FOLDED = "\u0647"  # ة after normalization
_DUAL_ENDINGS = ("\u064a\u0646", "\u0627\u0646")  # ين، ان
_CONJUNCTION = "\u0648"  # و glued to a title: «والمستشار»
# Letters a word may carry glued in front of a time or a place: و، ف، ب، ل.
_GLUED = "\u0648\u0641\u0628\u0644"
_START = rf"(?:(?<!\w)|(?<=(?<!\w)[{_GLUED}]))"
_END = r"(?!\w)"


def _alternation(phrases: Iterable[str]) -> str:
    """A regex group matching any of the phrases in normalized form, longest first."""
    forms = {r"\s+".join(map(re.escape, normalize(p).split())) for p in phrases}
    forms.discard("")
    return "(?:" + "|".join(sorted(forms, key=lambda form: (-len(form), form))) + ")"


def _listed(words: str) -> str:
    return _alternation(words.split())


# ---- time ---------------------------------------------------------------------------------------

_UNITS_ORDINAL = "الحادي الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع".split()
_ORDINAL_DAYS = (
    ["الأول", *_UNITS_ORDINAL[1:], "العاشر"]
    + [f"{unit} عشر" for unit in _UNITS_ORDINAL]
    + ["العشرين", *(f"{unit} والعشرين" for unit in _UNITS_ORDINAL)]
    + ["الثلاثين", "الحادي والثلاثين"]
)
_MONTH = _alternation(name for _, name in month_names())
_MONTH_PAIR = rf"{_MONTH}(?:\s*/\s*{_MONTH}|\s*\(\s*{_MONTH}\s*\))?"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_RELATIVE = _listed("الماضي المقبل القادم الجاري الحالي المنصرم الفائت")
# Lookbehinds (fixed width each) for the words before a bare year: «في 2020»، «منذ 2020».
_AFTER_YEAR_PREPOSITION = (
    "(?:"
    + "|".join(
        rf"(?<=(?<!\w){re.escape(normalize(w))}\s)" for w in "في منذ حتى بعد قبل خلال".split()
    )
    + ")"
)
# «\s*(?:،\s*)?» rather than «\s*،?\s*»: the two \s* of the latter can share a run of spaces in
# n ways, so a long run after a month, a day part or a time backtracked quadratically.
_COMMA = r"\s*(?:\u060c\s*)?"
_MONTH_TAIL = rf"(?:{_COMMA}{_YEAR}|\s+{_RELATIVE})?"
_DAY = r"[0-3]?\d(?!\d)"
_PART = _listed("مطلع منتصف أواخر أوائل أواسط بداية نهاية مستهل أول آخر")
_SAME_PERIOD = _listed("ذاته نفسه ذاتها نفسها الجاري الحالي الماضي المقبل")
_WEEKDAYS = "السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة"
_WEEKDAY = _listed(_WEEKDAYS)
_DAY_PART = _alternation(
    (
        *("أول أمس", "أمس الأول", "أمس", "اليوم", "غدا", "يوم", "ليل", "ليلة", "مساء"),
        *("صباح", "ظهر", "ظهيرة", "فجر", "نهار", "عشية"),
    )
)
_RELATIVE_DAY = _alternation(["أول أمس", "أمس الأول", "أمس", "اليوم", "غدا", "الليلة", "البارحة"])
_SEASON = _listed("الصيف الشتاء الربيع الخريف")
_SEASON_OF_YEAR = _listed("صيف شتاء ربيع خريف")
_EDGE = _listed("انتهاء نهاية بداية حلول انقضاء مطلع منتصف")
_DECADE = r"\u0627\u0644(?:عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)(?:يات|ات)"
_TIME_UNIT = _listed(
    "عقود عقد عقدين سنوات سنة سنين عاما عام أعوام أشهر شهور شهرا شهر أسابيع أسبوعا أسبوع "
    "أيام يوما يوم ساعات ساعة"
)

# ---- numbers ------------------------------------------------------------------------------------

_TENS = _listed(
    "عشرون عشرين ثلاثون ثلاثين أربعون أربعين خمسون خمسين ستون ستين سبعون سبعين ثمانون ثمانين "
    "تسعون تسعين"
)
_NUMBER_WORD = _listed(
    "واحد واحدة اثنان اثنين اثنتان اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة "
    "ثمان ثماني ثمانية تسع تسعة عشر عشرة أحد إحدى اثنا اثنتا مئة مائة مئتان مئتين مائتان "
    "مائتين مئتي مائتي ثلاثمئة ثلاثمائة أربعمئة أربعمائة خمسمئة خمسمائة ألف ألفان ألفين ألفي "
    "مليون مليونا مليوني مليونين مليار"
)
_NUMBER = rf"(?:\d+(?:[.,\u066b]\d+)?|{_TENS}|{_NUMBER_WORD}(?:\s+عشرة?|\s+\u0648{_TENS})?)(?!\w)"
_MULTIPLIER = _listed("ألف آلاف ألفا مليون ملايين مليونا مليار مليارات")
_VAGUE_COUNT = _listed("عشرات مئات آلاف ملايين")
_APPROX = _alternation(
    (
        *("قرابة", "نحو", "حوالي", "زهاء", "أكثر من", "أقل من", "ما يزيد عن", "ما يزيد على"),
        *("ما يقرب من", "أكثر", "أقل"),
    )
)
_PERCENT = rf"(?:%|\u066a|(?:في\s+|\u0628){_listed('المئة المائة')})"


@dataclass(frozen=True, slots=True)
class _TimePattern:
    pattern: re.Pattern[str]
    # A date or a moment (as opposed to a duration such as «منذ ثلاثة عقود»): its numbers are
    # not counts.
    is_date: bool
    # Bare «اليوم» or «الجمعة» says less than «18 تشرين الأول»; on a tie the specific one wins.
    specific: bool


def _time(body: str, *, is_date: bool = True, specific: bool = True) -> _TimePattern:
    return _TimePattern(re.compile(_START + body + _END), is_date, specific)


_TIME_PATTERNS: tuple[_TimePattern, ...] = (
    # 18 تشرين الأول/أكتوبر، الـ 9 من تشرين الثاني 2020، يوم 27 سبتمبر
    _time(rf"(?:(?:يوم|\u0627\u0644)\s*)?{_DAY}\s+(?:من\s+)?(?:شهر\s+)?{_MONTH_PAIR}{_MONTH_TAIL}"),
    # العاشر من نوفمبر/تشرين الثاني 2020
    _time(rf"{_alternation(_ORDINAL_DAYS)}\s+(?:من\s+)?(?:شهر\s+)?{_MONTH_PAIR}{_MONTH_TAIL}"),
    # ديسمبر 2021، شهر تشرين الأول 2022، 19 سبتمبر الماضي (with the day above)
    _time(rf"(?:{_PART}\s+)?(?:شهر\s+)?{_MONTH_PAIR}(?:{_COMMA}{_YEAR}|\s+{_RELATIVE})"),
    # مطلع تشرين الأول، شهر أيار
    _time(rf"(?:{_PART}\s+(?:شهر\s+)?|شهر\s+){_MONTH_PAIR}"),
    # يوم 10 من الشهر ذاته
    _time(rf"(?:(?:يوم|\u0627\u0644)\s*)?{_DAY}\s+من\s+(?:الشهر|العام|السنه)\s+{_SAME_PERIOD}"),
    _time(rf"يوم\s+{_DAY}(?!\s*[/.:-]\s*\d)"),
    # اليوم الجمعة، أمس الخميس، ليل الجمعة، أول أمس الإثنين, or a bare weekday
    _time(rf"{_DAY_PART}{_COMMA}{_WEEKDAY}"),
    _time(_WEEKDAY, specific=False),
    _time(_RELATIVE_DAY, specific=False),
    # عام 2020، أعوام 2020-2022; a bare 2020 only after في، منذ… («نحو 2000 جندي» is a count)
    _time(rf"{_listed('عام العام سنة السنة أعوام الأعوام')}\s+{_YEAR}(?:\s*-\s*{_YEAR})?"),
    _time(rf"{_AFTER_YEAR_PREPOSITION}{_YEAR}(?:\s*-\s*{_YEAR})?"),
    # منتصف التسعينيات
    _time(rf"(?:{_PART}\s+)?(?:عقد\s+)?{_DECADE}(?:\s+من\s+القرن\s+(?:الماضي|العشرين))?"),
    # منذ قرابة ثلاثة عقود، منذ أكثر من 30 عاما، منذ عقود، قبل ثلاثة أيام، بعد يوم واحد
    _time(
        rf"{_listed('منذ قبل بعد')}\s+(?:{_APPROX}\s+)?(?:{_NUMBER}\s+)?{_TIME_UNIT}"
        rf"(?:\s+{_listed('واحد واحدة')})?",
        is_date=False,
    ),
    # الأسبوع الماضي، العام المقبل، الشهر الجاري
    _time(rf"{_listed('الأسبوع الشهر العام السنة')}\s+{_RELATIVE}"),
    # هذا العام، هذه السنة، هذا الأسبوع
    _time(rf"{_listed('هذا هذه')}\s+{_listed('الأسبوع الشهر العام السنة')}"),
    # بعد انتهاء فصل الصيف، صيف 2020
    _time(
        rf"(?:{_listed('بعد قبل مع عقب حتى')}\s+{_EDGE}\s+)?(?:(?:فصل|موسم)\s+)?{_SEASON}"
        rf"(?:\s+{_RELATIVE})?"
    ),
    _time(rf"{_SEASON_OF_YEAR}\s+{_YEAR}"),
)
# «تشرين الأول 2022 وأيار 2023»، «ليل الجمعة أو السبت»: two times joined by و or أو.
_TIME_COORDINATION = re.compile(rf"{_COMMA}(?:\u0648\s*|\u0627\u0648\s+)")

# ---- quantity -----------------------------------------------------------------------------------

_WORD = r"[^\W\d_]+"
_QUANTITY_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 44 يوما، 30 ألف قتيل، قرابة ثلاثة عقود، 1.5 مليون لاجئ، عشرات القتلى
    re.compile(
        rf"(?<!\w)(?:{_APPROX}\s+)?(?P<number>{_NUMBER}(?:\s+{_MULTIPLIER})?|{_VAGUE_COUNT})"
        rf"(?:\s+من)?\s+(?P<noun>{_WORD})(?!\w)"
    ),
    # 40 في المئة، 40%
    re.compile(rf"(?<!\w)(?:{_APPROX}\s+)?(?P<number>{_NUMBER})\s*(?P<noun>{_PERCENT})"),
    # يوم واحد: واحد follows its noun
    re.compile(rf"(?<!\w)(?P<noun>{_WORD})\s+(?P<number>{_listed('واحد واحدة')})(?!\w)"),
    # A length of time without a number answers «كم استمرت…»: أسابيع طويلة، عدة أيام، بضعة أشهر
    re.compile(
        rf"{_START}(?:(?P<number>{_listed('عدة بضعة بضع')})\s+)?"
        rf"(?P<noun>{_listed('أيام أسابيع أشهر شهور سنوات سنين أعوام عقود ساعات')})"
        rf"(?:\s+{_listed('طويلة قليلة عديدة')})?{_END}"
    ),
)
# Words that follow a number without being what it counts.
_NOT_COUNTED = frozenset(
    normalize(word)
    for word in (
        [name for _, name in month_names()]
        + _WEEKDAYS.split()
        + "ألف آلاف مليون ملايين مليار عشر عشرة".split()
    )
    for word in word.split()
)

# ---- place --------------------------------------------------------------------------------------

_PLACE = _alternation(PLACE_NAMES)
_PLACE_WORD = re.compile(_PLACE)
_PREPOSITION = _listed("في إلى الى حتى نحو داخل")
# Heads after which any name is a place: «مدينة سوتشي»، «العاصمة الروسية موسكو».
_PLACE_HEAD = _listed("مدينة العاصمة عاصمة بلدة قرية محافظة ولاية مقاطعة")
_REGION_HEAD = _listed("منطقة إقليم جمهورية")
_PLACE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?<!\w){_PREPOSITION}\s+(?P<answer>{_PLACE_HEAD}(?:\s+\u0627\u0644{_WORD})?\s+"
        rf"(?P<name>{_PLACE}|(?!\u0627\u0644){_WORD}))(?!\w)"
    ),
    re.compile(
        rf"(?<!\w){_PREPOSITION}\s+(?P<answer>(?:{_REGION_HEAD}\s+)?(?P<name>{_PLACE}))(?!\w)"
    ),
    # بموسكو، بالقاهرة: the preposition ب glued to a known place
    re.compile(rf"(?<!\w)\u0628(?P<answer>(?P<name>{_PLACE}))(?!\w)"),
)

# ---- person -------------------------------------------------------------------------------------

_TITLE_HEADS = frozenset(
    normalize(word)
    for word in """
    الرئيس الرئيسة رئيس رئيسة المستشار المستشارة الملك الملكة الأمير الشيخ الوزير الوزيرة وزير
    وزيرة نائب المتحدث المتحدثة الناطق السفير السفيرة الجنرال المبعوث الأمين المندوب الزعيم
    القائد البابا نظيره نظيرها نظيريه نظيرهم نظراؤه ولي
    """.split()
)
# Words inside a title that do not start with ال: «رئيس وزراء أرمينيا»، «ولي العهد».
_TITLE_WORDS = frozenset(
    normalize(word)
    for word in "وزير وزيرة وزراء رئيس رئيسة نائب مجلس وزارة رئاسة باسم عام حكومة".split()
)
# A name ends before a word of time or a verb of saying: «فلاديمير بوتين اليوم»، «بوتين قال».
_NAME_STOPS = frozenset(
    normalize(word)
    for word in (
        f"اليوم أمس غدا الليلة صباح مساء ليل يوم {_WEEKDAYS} "
        "قال قالت أكد أكدت أكدا أعلن أعلنت دعا دعت أشار أشارت أضاف أضافت اعتبر شدد أوضح "
        "وصف كشف رحب صرح بحث يبحث قائلا مؤكدا مشيرا مضيفا"
    ).split()
)
# First names that need a second word to be a name: «عبد الفتاح السيسي»، «أبو بكر».
_COMPOUND_FIRST_NAMES = frozenset(normalize(word) for word in "عبد أبو ابو".split())
# Particles inside a name, which do not count as its words: «محمد بن سلمان»، «فون دير لاين».
_NAME_PARTICLES = frozenset(normalize(word) for word in "بن ابن بنت آل فون دير دي فان دو".split())
_MAX_TITLE_WORDS = 4
_MAX_NAME_WORDS = 3
_NAME_PUNCTUATION = re.compile(r"\s*(?:[\u060c,]\s*)?")
_ADVERB_ENDING = "\u064a\u0627"  # «هاتفيا»، «رسميا»: not the last word of a name
# Shapes of Arabic verbs and nouns that the foreign names of news rarely take, so that a title
# followed by no name («نظيره الأذربيجاني يؤكدان ضرورة…») yields nothing: a word ending in ة or
# an attached ه, but not in يه («ضرورة»، «موقفه»; «أندريه» is a name), a form-X «است…» word
# («استعداده»), a present-tense dual or plural («يؤكدان»، «تبحثون»), و glued to an alef-initial
# word («وإدارة»، «وأعلن»), or the article behind a glued preposition («بالوفد»، «للسلام»).
_COMMON_WORD = re.compile(
    r".+[^\u064a]\u0647|\u0627\u0633\u062a.+|[\u064a\u062a].+(?:\u0627\u0646|\u0648\u0646|\u064a\u0646)"
    r"|\u0648\u0627.+|[\u0628\u0643\u0641]\u0627\u0644.+|\u0644\u0644.+"
)


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
    # Where each token starts and ends, for finding tokens by position in logarithmic time.
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> str:
        """The original text behind folded ``text[start:end]``."""
        return self.raw[self.origin[start] : self.origin[end - 1] + 1]

    def token_range(self, start: int, end: int) -> range:
        """Indexes of the tokens that overlap folded ``text[start:end]``."""
        first = bisect_right(self.ends, start)  # the first token ending after ``start``
        last = bisect_left(self.starts, end) - 1  # the last token starting before ``end``
        return range(first, last + 1) if first <= last else range(0)


@cache
def _fold_character(character: str) -> str:
    for rule in _CHARACTER_RULES:
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
    starts = tuple(token.start for token in tokens)
    ends = tuple(token.end for token in tokens)
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

    def names(self, token: str) -> bool:
        """Whether the question already names this word."""
        return bool(_own_terms(token) & self.own_terms)


@lru_cache(maxsize=_QUESTION_CACHE_SIZE)
def _question(question: Question) -> _Question:
    folded = question.tokens
    noun = question.counted
    return _Question(
        match_terms=frozenset().union(*map(_match_terms, folded)),
        own_terms=frozenset().union(*map(_own_terms, folded)),
        counted=_own_terms(noun) if noun else frozenset(),
        duals=_dual_forms(noun) if noun else frozenset(),
    )


def _dual_forms(noun: str) -> frozenset[str]:
    """«جنديين»، «جنديان» for «جندي» or «جنديا»; «دولتين» for «دولة»."""
    singular = noun.removeprefix(_ALEF_LAM)
    if singular.endswith(_TANWEEN_ALEF):
        singular = singular[:-1]
    if singular.endswith(_TEH_MARBUTA_FOLDED):
        singular = singular[:-1] + "\u062a"
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
    # Higher first, before distance: title words shared with the question.
    preference: int = 0
    # Higher first, only between candidates equally near the question's words: a time's
    # specificity («ليل الخميس» over a bare «الجمعة» only when both are as near).
    tiebreak: int = 0
    # A person's or a place's name, as opposed to a date or a count (see ``_adds_something``).
    is_name: bool = False


def extract_answer(snippet: str, question: Question) -> str | None:
    """The short answer to ``question`` in ``snippet``, verbatim, or None."""
    family = _FAMILIES.get(question.qtype)
    if family is None or not snippet.strip():
        return None
    text = _fold(snippet)
    asked = _question(question)
    whole = normalize(snippet)
    answers = {}
    for candidate in family(text, asked):
        answer = text.original(candidate.start, candidate.end).strip()
        short = len(answer.split()) <= MAX_ANSWER_WORDS and normalize(answer) != whole
        if short and _adds_something(text, candidate, asked):
            answers[candidate] = answer
    if not answers:
        return None
    terms = [_match_terms(token.text) for token in text.tokens]
    nearness = _Nearness(
        matched=[i for i, own in enumerate(terms) if own & asked.match_terms],
        content_before=list(accumulate((bool(own) for own in terms), initial=0)),
    )
    best = min(
        answers,
        key=lambda c: (-c.preference, _distance(text, c, nearness), -c.tiebreak, c.start),
    )
    return answers[best]


def _adds_something(text: _Folded, candidate: _Candidate, asked: _Question) -> bool:
    """Whether the candidate tells the asker something the question does not already name.

    A name is the same name when one of its words is named («لافروف» in the question rules out
    «سيرغي لافروف»); a date or a count is new as soon as one of its words is («19 سبتمبر» is an
    answer to «في أي يوم من أيلول»).
    """
    if candidate.new is None:
        return True
    new = [text.tokens[i].text for i in text.token_range(*candidate.new)]
    content = [token for token in new if _own_terms(token)]
    if candidate.is_name:
        return bool(content) and not any(asked.names(token) for token in content)
    return any(not asked.names(token) for token in content)


@dataclass(frozen=True, slots=True)
class _Nearness:
    """What ``_distance`` needs, computed once per snippet rather than once per candidate."""

    # Indexes of the tokens that match a word of the question, in order.
    matched: list[int]
    # content_before[i]: how many of the first i tokens are content words (prefix sums).
    content_before: list[int]

    def content_between(self, start: int, stop: int) -> int:
        """How many content words lie among tokens ``start`` to ``stop - 1``."""
        return self.content_before[stop] - self.content_before[start]


def _distance(text: _Folded, candidate: _Candidate, nearness: _Nearness) -> int:
    """How far the candidate is from the nearest word the question matched (0 when inside).

    Distance counts the content words in between, so «خماسية في مطلع» is as close as adjacent.
    Arabic puts a time, a place or a name after the event it belongs to («لقاء جديد … بعد انتهاء
    فصل الصيف، ومحادثات خماسية في مطلع تشرين الأول»), so a question word before the candidate
    is nearer than one at the same distance after it. Only the nearest matched word on each side
    can be the nearest, so each candidate costs two binary searches, not a pass over the text.
    """
    inside = text.token_range(candidate.start, candidate.end)
    matched = nearness.matched
    if not inside or not matched:
        return 2 * len(text.tokens)
    after = bisect_left(matched, inside.start)  # the first matched word not before the candidate
    if after < len(matched) and matched[after] < inside.stop:
        return 0
    distances = []
    if after > 0:
        before = matched[after - 1]
        distances.append(2 * (nearness.content_between(before + 1, inside.start) + 1))
    if after < len(matched):
        distances.append(2 * (nearness.content_between(inside.stop, matched[after]) + 1) + 1)
    return min(distances)


def _times(text: _Folded, asked: _Question) -> list[_Candidate]:
    """Dates, weekdays, years, decades, seasons and «منذ» durations, joined by و/أو."""
    return [
        _Candidate(start, end, (start, end), tiebreak=int(specific))
        for start, end, specific in _time_spans(text)
    ]


def _time_spans(text: _Folded, *, dates_only: bool = False) -> list[tuple[int, int, bool]]:
    """Maximal time expressions as (start, end, specific), coordinated ones joined."""
    found: list[tuple[int, int, bool]] = []
    for time in _TIME_PATTERNS:
        if dates_only and not time.is_date:
            continue
        found.extend((m.start(), m.end(), time.specific) for m in time.pattern.finditer(text.text))
    spans = _maximal(found)
    joined: list[tuple[int, int, bool]] = []
    for start, end, specific in spans:
        if joined and _TIME_COORDINATION.fullmatch(text.text, joined[-1][1], start):
            previous = joined.pop()
            joined.append((previous[0], end, previous[2] or specific))
        else:
            joined.append((start, end, specific))
    return joined


def _maximal(spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The spans not overlapped by a longer one, in text order.

    Longest first, each kept unless it overlaps one already kept; the kept spans never overlap,
    so only the neighbours of a span's place among them need checking.
    """
    kept: list[tuple[int, int, bool]] = []  # in text order
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if not _overlaps_any(kept, span[0], span[1]):
            insort(kept, span)
    return kept


def _overlaps_any(spans: list[tuple[int, int, bool]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (in text order, not overlapping)."""
    place = bisect_left(spans, (start,))
    if place > 0 and spans[place - 1][1] > start:
        return True
    return place < len(spans) and spans[place][0] < end


def _quantities(text: _Folded, asked: _Question) -> list[_Candidate]:
    """A number with what it counts; only counts of the question's noun when it names one."""
    dates = _time_spans(text, dates_only=True)
    candidates = []
    for pattern in _QUANTITY_PATTERNS:
        for match in pattern.finditer(text.text):
            number = match.group("number") or ""
            number_start, number_end = match.span("number" if number else "noun")
            if _overlaps_any(dates, number_start, number_end):
                continue  # the 2020 of «أيلول 2020 عملية» is a year, not a count of operations
            noun = match.group("noun")
            if noun in _NOT_COUNTED or is_stopword(noun):
                continue
            if asked.counted and not (_own_terms(noun) & asked.counted):
                continue
            # What is new is the number; a vague one («عدة أيام») is new as a whole.
            exact = any(_own_terms(word) for word in number.split())
            new = (number_start, number_end) if exact else match.span()
            candidates.append(_Candidate(match.start(), match.end(), new))
    for token in text.tokens:
        if token.text in asked.duals:  # «جنديين»: the dual is its own count
            candidates.append(_Candidate(token.start, token.end, None))
    return candidates


def _places(text: _Folded, asked: _Question) -> list[_Candidate]:
    """Where a preposition puts something: «في بروكسل»، «إلى جنيف»، «في مدينة سوتشي»."""
    candidates = []
    for pattern in _PLACE_PATTERNS:
        for match in pattern.finditer(text.text):
            name_start, name_end = match.span("name")
            if is_stopword(text.text[name_start:name_end]):
                continue
            start, end = match.span("answer")
            candidates.append(_Candidate(start, end, (name_start, name_end), is_name=True))
    return candidates


def _persons(text: _Folded, asked: _Question) -> list[_Candidate]:
    """A title and the name after it: «رئيس المجلس الأوروبي شارل ميشال»."""
    candidates = []
    tokens = text.tokens
    for index, token in enumerate(tokens):
        head = token.text
        glued = head.startswith(_CONJUNCTION) and head[1:] in _TITLE_HEADS
        if head not in _TITLE_HEADS and not glued:
            continue
        title_end = index
        while (
            title_end + 1 < len(tokens)
            and title_end - index < _MAX_TITLE_WORDS
            and _spaced(text, title_end, title_end + 1)
            and _is_title_word(tokens[title_end + 1].text)
        ):
            title_end += 1
        name = _name_after(text, title_end)
        if not name:
            continue
        title = [tokens[i].text for i in range(index, title_end + 1)]
        shared = sum(1 for word in title if asked.names(word))
        candidates.append(
            _Candidate(
                token.start + (1 if glued else 0),
                tokens[name[-1]].end,
                (tokens[name[0]].start, tokens[name[-1]].end),
                preference=shared,
                is_name=True,
            )
        )
    return candidates


def _name_after(text: _Folded, title_end: int) -> list[int]:
    """Indexes of the name tokens after a title (one comma allowed between), or []."""
    tokens = text.tokens
    first = title_end + 1
    if first >= len(tokens) or not _NAME_PUNCTUATION.fullmatch(
        text.text, tokens[title_end].end, tokens[first].start
    ):
        return []
    name: list[int] = []
    words = 0
    for index in range(first, len(tokens)):
        word = tokens[index].text
        if name and not _spaced(text, index - 1, index):
            break
        if name and word in _NAME_PARTICLES:
            name.append(index)
            continue
        if words == _MAX_NAME_WORDS or not _could_be_name(word, first=not name):
            break
        name.append(index)
        words += 1
    while name and tokens[name[-1]].text in _NAME_PARTICLES:
        name.pop()
    if words == _MAX_NAME_WORDS and not _name_complete(text, name):
        name.pop()
    if len(name) >= 2 and tokens[name[-1]].text.endswith(_ADVERB_ENDING):
        name.pop()
    if len(name) >= 2 and all(tokens[i].text.endswith(_TANWEEN_ALEF) for i in name):
        return []  # «بيانا مشتركا»: an indefinite noun and its adjective, not a name
    return name


def _name_complete(text: _Folded, name: list[int]) -> bool:
    """A third name word is kept after «عبد/أبو», or when punctuation or the end follows it."""
    tokens = text.tokens
    if tokens[name[0]].text in _COMPOUND_FIRST_NAMES:
        return True
    last = name[-1]
    return last + 1 == len(tokens) or not _spaced(text, last, last + 1)


def _could_be_name(word: str, *, first: bool) -> bool:
    if not _ARABIC_WORD.fullmatch(word) or is_stopword(word) or word in _NAME_STOPS:
        return False
    if word in _TITLE_HEADS or (word.startswith(_CONJUNCTION) and word[1:] in _TITLE_HEADS):
        return False
    if _PLACE_WORD.fullmatch(word) or word in _NOT_COUNTED or _COMMON_WORD.fullmatch(word):
        return False
    return not (first and word.startswith(_ALEF_LAM))


def _is_title_word(word: str) -> bool:
    """A word that continues a title: «الخارجية»، «الأرمني»، «وزراء»، «أرمينيا»."""
    if is_stopword(word) or word in _NAME_STOPS:
        return False
    return word.startswith(_ALEF_LAM) or word in _TITLE_WORDS or bool(_PLACE_WORD.fullmatch(word))


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
