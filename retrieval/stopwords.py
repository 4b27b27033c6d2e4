"""Arabic stopwords: the one home for them.

Words listed here are neither indexed nor searched: the question words of every dialect (from
``retrieval.lexicon``), so that «متى» does not pull up every sentence with a date, and the
function words of news prose. The fillers of questions («لو سمحت»، «عايز أعرف») are not listed here:
they are dropped from questions only (``retrieval.question``), since in an article they are
ordinary words.
Entries are written in reading form; ``is_stopword`` compares normalized forms.
"""

from __future__ import annotations

from functools import cache

from retrieval import lexicon
from retrieval.letters import CONJUNCTIONS
from retrieval.normalize import normalize

# Every question word of ``retrieval.lexicon``, MSA and dialect alike.
QUESTION_WORDS = frozenset(
    [word for _, listed in lexicon.QUESTION_WORDS for word in listed.split()]
    + lexicon.WHICH_WORDS.split()
)

FUNCTION_WORDS = frozenset(
    """
    في على إلى الى عن مع من منذ حتى عند لدى لدي بين نحو حول ضد خلال بعد قبل أمام وراء فوق تحت دون
    و أو ثم أم بل لكن لكنّ لكنه ولكن إن أن إنّ أنّ إنه أنه أنها إنها كان كانت كانوا يكون تكون
    هو هي هم هما هن أنا نحن أنت أنتم هذا هذه ذلك تلك هؤلاء أولئك هنا هناك الذي التي الذين اللذين
    اللتين اللاتي اللواتي ما لا لن لم ليس ليست قد لقد سوف كل كلا بعض غير أي إذا إذ إذن كما لما
    عندما حيث بينما أيضا أيضاً فقط كذلك جدا ثمة ذات ذو به بها له لها لهم فيه فيها منه منها عليه
    عليها إليه إليها عنه عنها بهذا بهذه لهذا لهذه هذان هاتان هي هو تم وقد فقد كما وكان وكانت
    يا ها هل أما إما إلا ألا أن لأن لكي كي مثل حين حينما بعدما قبلما كيفما أينما مهما ضمن عبر لدى
    هنالك ذلكم تلكم إياه إياها نفس نفسه ذاته عدة عن بأن لأن كأن وأن الا إلا سوى
    """.split()
)

STOPWORDS = QUESTION_WORDS | FUNCTION_WORDS


@cache
def _normalized_stopwords() -> frozenset[str]:
    return frozenset(normalize(word) for word in STOPWORDS)


def is_stopword(normalized_word: str) -> bool:
    """Whether a normalized word is a stopword, also when a conjunction و/ف is glued to it."""
    stopwords = _normalized_stopwords()
    if normalized_word in stopwords:
        return True
    return normalized_word[:1] in CONJUNCTIONS and normalized_word[1:] in stopwords
