"""From text to index terms: normalize, split into words, drop stopwords, stem, fold months.

Questions and sentences go through ``analyze``, the same pipeline. Each content word yields up
to two terms:
- its light stem (``اتفاق``), which carries exact matches;
- its skeleton, the stem without long vowels after the first letter, marked with
  ``SKELETON_MARK`` (``~اتفق``). Skeletons let spelling variants of names (باشينيان/باشنيان،
  بيراموف/بايراموف، ناغورنو/ناغورني) and verb/noun pairs (اتفقا/اتفاق) meet. A word that matches
  exactly matches on both terms, so exact matches still outrank variant ones.
Numbers meet whatever their form: a digit token is written one way («2,000» → «2000») and a
number word also carries its value in digits («ستة» → «6», «العاشر» → «10»).
Month names in either naming system fold into one term (أيلول and سبتمبر both become سبتمبر),
and a word in a synonym ring (``retrieval.synonyms``) also carries its ring-mates' terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from retrieval.glued import unglue
from retrieval.months import MONTHS, month_names
from retrieval.normalize import normalize
from retrieval.numerals import digits_value, word_value
from retrieval.stem import stem_readings
from retrieval.stopwords import is_stopword
from retrieval.synonyms import SYNONYM_RINGS

SKELETON_MARK = "~"
MIN_SKELETON_LENGTH = 3
MIN_MONTH_NAME_LENGTH = 3

_LONG_VOWELS_AFTER_FIRST = re.compile("(?<=.)[\u0627\u0648\u064a]")
# Words of normalized text: letters/digits, with a decimal point kept inside numbers.
_WORD = re.compile(r"\d+(?:[.,\u066b]\d+)*|[^\W\d_]+|\d+")


@dataclass(frozen=True, slots=True)
class WordTerms:
    """One content word of a text and the index terms it contributes."""

    word: str
    terms: tuple[str, ...]


def skeleton(stem: str) -> str | None:
    """The stem without non-initial ا و ي, or None when too short to be distinctive."""
    if not stem or not ("\u0621" <= stem[0] <= "\u064a"):
        return None
    bare = _LONG_VOWELS_AFTER_FIRST.sub("", stem)
    return bare if len(bare) >= MIN_SKELETON_LENGTH else None


def word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one normalized, non-stopword word, synonyms' terms included."""
    own = _own_terms(word)
    extra = _synonym_terms().get(own[0], ())
    return own + tuple(term for term in extra if term not in own)


def _own_terms(word: str) -> tuple[str, ...]:
    """Each stem reading of the word and its marked skeleton; a number's value written in digits
    (so «ستة» meets «6», «العاشر» meets «10», «2,000» meets «2000»)."""
    if word[:1].isdigit():
        return (digits_value(word),)
    result: list[str] = []
    for stem in stem_readings(word):
        for term in stem_terms(stem):
            if term not in result:
                result.append(term)
    value = word_value(word)
    if value is not None:
        result.append(str(value))
    return tuple(result)


def stem_terms(stem: str) -> tuple[str, ...]:
    """The terms one stem contributes: itself and its marked skeleton."""
    bare = skeleton(stem)
    return (stem,) if bare is None else (stem, SKELETON_MARK + bare)


@cache
def _synonym_terms() -> dict[str, tuple[str, ...]]:
    """First stem of a ring word -> the own terms of every word in its ring."""
    table: dict[str, list[str]] = {}
    for ring in SYNONYM_RINGS:
        owns = [_own_terms(word) for entry in ring for word in words(entry)]
        ring_terms = [term for own in owns for term in own]
        for own in owns:
            bucket = table.setdefault(own[0], [])
            bucket.extend(term for term in ring_terms if term not in bucket)
    return {stem: tuple(terms) for stem, terms in table.items()}


@cache
def _month_phrases() -> dict[tuple[str, ...], str]:
    """Normalized month-name word sequences -> the normalized Gregorian name they fold into."""
    gregorian = {number: normalize(name) for number, name, _ in MONTHS}
    phrases: dict[tuple[str, ...], str] = {}
    for number, name in month_names():
        folded = normalize(name)
        # آب (August) normalizes to اب, which is also "father"; too short to fold safely.
        if len(folded) >= MIN_MONTH_NAME_LENGTH:
            phrases[tuple(folded.split())] = gregorian[number]
    return phrases


def words(text: str) -> list[str]:
    """The normalized words of a text, in order."""
    return words_of_normalized(normalize(text))


def words_of_normalized(normalized_text: str) -> list[str]:
    """``words`` for text that already went through ``normalize``."""
    return _WORD.findall(normalized_text)


def analyze(text: str) -> tuple[WordTerms, ...]:
    """The content words of a text with their index terms, in reading order."""
    return analyze_normalized(normalize(text))


def analyze_normalized(normalized_text: str) -> tuple[WordTerms, ...]:
    """``analyze`` for text that already went through ``normalize`` (saves normalizing twice)."""
    phrases = _month_phrases()
    two_word_starts = _two_word_phrase_starts()
    tokens = _WORD.findall(normalized_text)
    result: list[WordTerms] = []
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        if token in two_word_starts and i + 1 < count:
            two = (token, tokens[i + 1])
            if two in phrases:
                result.append(WordTerms(" ".join(two), (phrases[two],)))
                i += 2
                continue
        i += 1
        result.extend(_words(token))
    return tuple(result)


@cache
def _two_word_phrase_starts() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _month_phrases() if len(phrase) == 2)


# News vocabulary is Zipfian: most tokens of a new sentence were seen before, so stemming each
# distinct word once makes indexing several times faster. WordTerms is frozen, so the cached
# values can be shared.
@lru_cache(maxsize=1 << 18)
def _words(token: str) -> tuple[WordTerms, ...]:
    """A single token's WordTerms: a folded month name, none for a stopword, else its terms;
    two for a token that is two words glued together (see ``retrieval.glued``)."""
    result = []
    for word in unglue(token):
        month = _month_phrases().get((word,))
        if month is not None:
            result.append(WordTerms(word, (month,)))
        elif not is_stopword(word):
            result.append(WordTerms(word, word_terms(word)))
    return tuple(result)


def terms(text: str) -> list[str]:
    """The flat list of index terms of a text, as the BM25 index sees it."""
    return [term for word in analyze(text) for term in word.terms]
