"""Arabic stopwords: the one home for them.

Words listed here never drive ranking. The list includes the question words (متى، من، ما…), so
that «متى» does not pull up every sentence with a date, and the function words of news prose.
Entries are written in reading form; ``is_stopword`` compares normalized forms.
"""

from __future__ import annotations

from functools import cache

from retrieval.normalize import normalize

QUESTION_WORDS = frozenset(
    """
    متى متي من مين ما ماذا شو ايش أين وين كيف كم هل لماذا ليش لم أي أية أيّ ماهي ماهو
    """.split()  # noqa: SIM905 - one word list per line reads better than a list literal
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
    هنالك ذلكم تلكم إياه إياها نفس نفسه ذاته عدة عن
    """.split()  # noqa: SIM905 - one word list per line reads better than a list literal
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
    return normalized_word[:1] in ("و", "ف") and normalized_word[1:] in stopwords
