"""The evidence that a candidate sentence answers a question, as named feature columns.

BM25 finds the candidates; the answer model (``retrieval.ranker``) weighs what BM25 alone cannot
see. Each feature is evidence, never a gate:

- **coverage**: the idf-weighted share of the question's content words that the sentence holds
  (``cov_sent``; by their exact stem only, ``cov_exact``), that the sentence and its neighbours
  hold (``cov_window``: news sentences lean on the one before, and an answer often follows the
  sentence that names its subject), that the article holds anywhere (``cov_article``: the article
  is about the question's subject), and that the article's title holds (``cov_title``);
- **focus**: the idf-weighted share of the article's sentences that name each question word
  (``article_focus``): an article about Iraq names Iraq in many sentences, one about Syria in a
  few;
- **what is missing**: the weight of the most specific question word the window lacks, relative
  to the question's most specific word (``missing_max``; a question about another company or
  another year shares the topic words but not this one), the same for the sentence alone
  (``missing_sentence_max``) and the whole article (``missing_article_max``), how many words the
  article lacks, and whether a number the question names is missing (``numbers_missing``). A
  word the sentence lacks but the article's title names is explained (the article is about it:
  «وبدأ مشواره الفني…» in the article titled «ثامر حسني»); ``unexplained_max`` and
  ``unexplained_sentence_max`` weigh only the words neither has;
- **BM25 itself**: the score relative to the best candidate's, its log, and the candidate's rank;
- **the question**: how many content words it has, how much of it is a typo's correction
  (``retrieval.spelling``) rather than what was typed, and how much of it the corpus never uses
  (``unseen_share``: «اليابان» in a corpus about the Caucasus);
- **the neighbourhood**: whether the sentence stands right before or after one of the best BM25
  candidates (``beside_best``): an answer often follows the sentence that names its subject;
- **the sentence**: whether it is the article's title (titles echo questions but rarely answer
  them), its length, its place in the article;
- **the answer's type** (filled in for the best candidates only, see ``with_reading``):
  whether the sentence holds a date, amount, place or name of the kind the question asks for
  (``typed_found``), and, when it does not, whether a date or an amount was asked
  (``measure_missing``: a sentence either states one or does not) or a place or a name
  (``name_missing``: extraction finds those less reliably).

A word the corpus has never seen weighs as much as the rarest word: a question whose subject the
corpus never names cannot be covered by any sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.extract import Extraction
from retrieval.index import ScoredSentence
from retrieval.inverted import InvertedBM25Index
from retrieval.question import Question
from retrieval.question_type import QuestionType
from retrieval.sentence_table import SentenceTable

# How much a word carried over from the previous question of a follow-up weighs, against one
# of the message's own («ناقشا» in «وماذا ناقشا أيضا؟»).
CARRIED_WEIGHT = 0.3
# A candidate next to one of this many best BM25 candidates is marked ``beside_best``.
BEST_NEIGHBOURED = 5
# Question types with a short answer of their own kind (see ``retrieval.extract``).
TYPED_QUESTIONS = frozenset(
    {QuestionType.TIME, QuestionType.QUANTITY, QuestionType.PLACE, QuestionType.PERSON}
)
SENTENCE_FEATURES = (
    "bm25_rel",
    "bm25_log",
    "rank_log",
    "cov_sent",
    "cov_exact",
    "cov_window",
    "cov_article",
    "cov_title",
    "missing_max",
    "missing_sentence_max",
    "unexplained_max",
    "unexplained_sentence_max",
    "article_focus",
    "subject_focus",
    "subject_in_title",
    "missing_article_max",
    "missing_article_count",
    "lone_match",
    "numbers_missing",
    "is_title",
    "beside_best",
    "focus_missing",
    "focus_missing_window",
    "length_log",
    "position_log",
    "question_words",
    "corrected_share",
    "unseen_share",
)
ANSWER_TYPE_FEATURES = ("typed_found", "measure_missing", "name_missing")
# Questions whose answer is a date or an amount, which a sentence either states or does not, as
# opposed to a place or a person, which extraction finds less reliably.
MEASURE_QUESTIONS = frozenset({QuestionType.TIME, QuestionType.QUANTITY})
# The best candidate's features the answerable model reads, besides its log-odds.
BEST_FEATURES = (
    "cov_sent",
    "cov_window",
    "cov_title",
    "article_focus",
    "subject_focus",
    "subject_in_title",
    "missing_max",
    "missing_sentence_max",
    "unexplained_max",
    "unexplained_sentence_max",
    "lone_match",
    "numbers_missing",
    "focus_missing",
    "focus_missing_window",
    "measure_missing",
    "name_missing",
)
ANSWERABLE_FEATURES = (
    "best_log_odds",
    "best_gap",
    *(f"best_{name}" for name in BEST_FEATURES),
    "pool_cov_article",
    "pool_cov_title",
    "pool_article_focus",
    "pool_subject_focus",
    "pool_subject_in_title",
    "pool_missing_article_max",
    "question_words",
    "corrected_share",
    "unseen_share",
    "unknown_subject",
)
# The first hit's features (of ``BEST_FEATURES``) the short-answer model reads.
SHORT_ANSWER_BEST_FEATURES = (
    "cov_sent",
    "cov_window",
    "focus_missing",
    "missing_sentence_max",
    "unexplained_sentence_max",
    "lone_match",
    "numbers_missing",
)
# What the short-answer model reads: how sure the ranking is of the first hit, the kind of answer
# asked for (extraction is surer of a date than of a name), and how the answer was chosen.
SHORT_ANSWER_FEATURES = (
    "best_log_odds",
    "best_gap",
    "answerable_log_odds",
    "asks_time",
    "asks_quantity",
    "asks_place",
    "asks_person",
    "names_counted_noun",
    "answer_distance_log",
    "answer_choices_log",
    # How well the first hit matches the question: a short answer cut from a sentence that
    # lacks the question's focus or its specific words is more often the wrong one.
    *(f"best_{name}" for name in SHORT_ANSWER_BEST_FEATURES),
    # The answer's own form: a long one is more often a stray phrase, one with digits is a date
    # or an amount read exactly.
    "answer_words_log",
    "answer_has_digit",
)
# Which way each answerable feature may push, from what it means: more coverage or focus is never
# evidence against an answer, a missing or unseen word never evidence for one (0: either way). The
# fit drops a feature whose fitted weight points the other way (a sign of collinearity or noise
# in the development sets, not of a real effect) and fits again.
ANSWERABLE_SIGNS: dict[str, int] = {
    "best_log_odds": 1,
    "best_gap": 1,
    "question_words": 0,
    **{
        name: -1
        for name in ANSWERABLE_FEATURES
        if "missing" in name
        or "unexplained" in name
        or name in ("corrected_share", "unseen_share", "best_lone_match", "unknown_subject")
    },
}
ANSWERABLE_SIGNS.update({name: 1 for name in ANSWERABLE_FEATURES if name not in ANSWERABLE_SIGNS})
# Which way each short-answer feature may push (as ``ANSWERABLE_SIGNS``): a word or a number of
# the question missing from the first hit, or an answer far from the question's words, is never
# evidence for the answer; the others may push either way (the ranking's sureness features are
# collinear, and their signs come out mixed).
SHORT_ANSWER_SIGNS: dict[str, int] = {
    **{
        f"best_{name}": -1
        for name in SHORT_ANSWER_BEST_FEATURES
        if ANSWERABLE_SIGNS[f"best_{name}"] < 0
    },
    "answer_distance_log": -1,
}
SHORT_ANSWER_SIGNS.update(
    {name: 0 for name in SHORT_ANSWER_FEATURES if name not in SHORT_ANSWER_SIGNS}
)
# The gap between the best two candidates' log-odds is capped: a lone candidate is not infinitely
# better than none.
GAP_CAP = 5.0
# The answerable log-odds the short-answer model reads are clipped to ± this.
LOG_ODDS_CLIP = 10.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """The candidates of one question and their features (one row per candidate)."""

    sentence_ids: np.ndarray  # int64
    bm25: np.ndarray
    columns: dict[str, np.ndarray]
    # [candidate, word]: whether the question's word is in the sentence itself.
    in_sentence: np.ndarray
    coverage: np.ndarray

    def __len__(self) -> int:
        return int(self.sentence_ids.size)


def gather(
    question: Question,
    pool: Sequence[ScoredSentence],
    index: InvertedBM25Index,
    table: SentenceTable,
    title_terms: Callable[[int], frozenset[str]],
) -> Evidence:
    """The sentence features of each candidate in ``pool`` (BM25 order, best first)."""
    ids = np.fromiter((c.sentence_id for c in pool), dtype=np.int64, count=len(pool))
    bm25 = np.fromiter((c.score for c in pool), dtype=np.float64, count=len(pool))
    words = question.words
    weights = np.array([_weight(index, word.terms) for word in words])
    # A follow-up's words carried over from the previous question are context: what the
    # message itself asks weighs more.
    weights[[word.word in question.carried for word in words]] *= CARRIED_WEIGHT
    unseen = np.array([all(index.idf(term) is None for term in word.terms) for word in words])
    total = float(weights.sum())
    before, after = table.previous(ids), table.following(ids)
    starts, ends = table.start[ids], table.end[ids]
    shape = (ids.size, len(words))
    own, exact, window, title = (np.zeros(shape, dtype=bool) for _ in range(4))
    # [candidate, word]: how many of the article's sentences hold the word (its likeliest term).
    mentions = np.zeros(shape, dtype=np.int64)
    for j, word in enumerate(words):
        exact[:, j] = index.contains_each(word.terms[0], ids)
        for term in word.terms:
            here = index.contains_each(term, ids)
            own[:, j] |= here
            window[:, j] |= here | index.contains_each(term, before)
            window[:, j] |= index.contains_each(term, after)
            counts = index.count_in_ranges(term, starts, ends)
            np.maximum(mentions[:, j], counts, out=mentions[:, j])
    article = mentions > 0
    sentences_in_article = (ends - starts).astype(np.float64)
    articles = table.article[ids]
    for i, article_index in enumerate(articles.tolist()):
        titled = title_terms(article_index)
        title[i] = [not titled.isdisjoint(word.terms) for word in words]
    top_weight = float(weights.max())
    # The question's most specific word, most often its subject: «العراق» in «ما عاصمة العراق».
    subject = int(weights.argmax())
    numbers = list(question.numbers)
    focus = question.focus
    coverage = own @ weights / total
    columns = {
        "bm25_rel": bm25 / bm25[0],
        "bm25_log": np.log1p(bm25),
        "rank_log": np.log1p(np.arange(ids.size, dtype=np.float64)),
        "cov_sent": coverage,
        "cov_exact": exact @ weights / total,
        "cov_window": window @ weights / total,
        "cov_article": article @ weights / total,
        "cov_title": title @ weights / total,
        "missing_max": _largest_missing(window, weights) / top_weight,
        "missing_sentence_max": _largest_missing(own, weights) / top_weight,
        "unexplained_max": _largest_missing(window | title, weights) / top_weight,
        "unexplained_sentence_max": _largest_missing(own | title, weights) / top_weight,
        "article_focus": (mentions / sentences_in_article[:, np.newaxis]) @ weights / total,
        "subject_focus": mentions[:, subject] / sentences_in_article,
        "subject_in_title": title[:, subject].astype(np.float64),
        "missing_article_max": _largest_missing(article, weights) / top_weight,
        "missing_article_count": (~article).sum(axis=1).astype(np.float64),
        # A question of several words of which the sentence's window holds one at most: a
        # shared topic word («عاصمة»), not an answer.
        "lone_match": ((window.sum(axis=1) <= 1) & (len(words) >= 2)).astype(np.float64),
        "numbers_missing": (
            (~window[:, numbers]).any(axis=1).astype(np.float64) if numbers else np.zeros(ids.size)
        ),
        "is_title": (table.number[ids] == 1).astype(np.float64),
        # What the question asks about («مقاعد» of «كم عدد مقاعد الحزب؟») is not in the
        # sentence (or its window): it may share the topic and still not state the answer.
        "focus_missing": (
            (~own[:, focus]).astype(np.float64) if focus is not None else np.zeros(ids.size)
        ),
        "focus_missing_window": (
            (~window[:, focus]).astype(np.float64) if focus is not None else np.zeros(ids.size)
        ),
        "beside_best": _beside(ids, before, after, ids[:BEST_NEIGHBOURED]),
        "length_log": np.log1p(index.bm25.doc_len[ids].astype(np.float64)),
        "position_log": np.log(table.number[ids].astype(np.float64)),
        "question_words": np.full(ids.size, float(len(words))),
        "corrected_share": np.full(ids.size, _corrected_share(question, weights, total)),
        "unseen_share": np.full(ids.size, float(weights[unseen].sum()) / total),
        # The unseen share less what the candidate's article title names: a short title («المغرب
        # في سطور») is not indexed, so the subject it names is unseen by the index yet known.
        "unseen_untitled_share": (unseen[np.newaxis, :] & ~title) @ weights / total,
    }
    return Evidence(ids, bm25, columns, own, coverage)


def with_reading(
    evidence: Evidence,
    question: Question,
    rows: np.ndarray,
    found: Sequence[Extraction | None],
) -> dict[str, np.ndarray]:
    """The evidence's columns for ``rows`` only, with the features that need the sentences
    read: ``found`` is, per row, the short answer of the kind the question asks for, if any."""
    columns = {name: values[rows] for name, values in evidence.columns.items()}
    typed = question.qtype in TYPED_QUESTIONS
    fitting = [extraction is not None and extraction.fits for extraction in found]
    has = np.array(fitting, dtype=bool) if typed else np.zeros(rows.size, dtype=bool)
    columns["typed_found"] = has.astype(np.float64)
    measure = question.qtype in MEASURE_QUESTIONS
    columns["measure_missing"] = (~has & measure).astype(np.float64)
    columns["name_missing"] = (~has & typed & (not measure)).astype(np.float64)
    return columns


def _weight(index: InvertedBM25Index, terms: tuple[str, ...]) -> float:
    """A word's weight: the idf of its most specific known term, else that of an unseen term."""
    for term in terms:
        idf = index.idf(term)
        if idf is not None:
            return idf
    return index.unseen_idf()


def _beside(ids: np.ndarray, before: np.ndarray, after: np.ndarray, best: np.ndarray) -> np.ndarray:
    """1.0 for a candidate right before or after one of the ``best`` (in the same article)."""
    return (np.isin(before, best) | np.isin(after, best)).astype(np.float64)


def _corrected_share(question: Question, weights: np.ndarray, total: float) -> float:
    """The idf-weighted share of the question that is a typo's correction, not as typed."""
    if not question.corrected:
        return 0.0
    flags = [word.word in question.corrected for word in question.words]
    return float(weights[flags].sum()) / total


def _largest_missing(present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per row, the largest weight among the words not present (0 when none is missing)."""
    return np.asarray(np.where(present, 0.0, weights[np.newaxis, :]).max(axis=1, initial=0.0))


def answerability(
    pool: dict[str, np.ndarray],
    columns: dict[str, np.ndarray],
    scores: np.ndarray,
    order: np.ndarray,
) -> dict[str, np.ndarray]:
    """Question-level features for the answerable model: the best candidate's (by the answer
    model's ``scores`` over its ``columns``, in ``order``) and the best over the ``pool``'s
    sentence features."""
    best = int(order[0])
    runner_up = float(scores[order[1]]) if order.size > 1 else float(scores[best]) - GAP_CAP
    values = {
        "best_log_odds": float(scores[best]),
        "best_gap": min(float(scores[best]) - runner_up, GAP_CAP),
        **{f"best_{name}": float(columns[name][best]) for name in BEST_FEATURES},
        "pool_cov_article": float(pool["cov_article"].max()),
        "pool_cov_title": float(pool["cov_title"].max()),
        "pool_article_focus": float(pool["article_focus"].max()),
        "pool_subject_focus": float(pool["subject_focus"].max()),
        "pool_subject_in_title": float(pool["subject_in_title"].max()),
        "pool_missing_article_max": float(pool["missing_article_max"].min()),
        "question_words": float(pool["question_words"][0]),
        "corrected_share": float(pool["corrected_share"][0]),
        "unseen_share": float(pool["unseen_share"][0]),
        # The best sentence shares one word with the question and the corpus has never seen
        # the others («عاصمة» of «ما عاصمة اليابان؟»), not even in that sentence's article title:
        # the corpus does not know the subject.
        "unknown_subject": float(columns["lone_match"][best])
        * float(columns["unseen_untitled_share"][best]),
    }
    return {name: np.array([value]) for name, value in values.items()}


def short_answer_features(
    question: Question,
    asked: dict[str, np.ndarray],
    answerable_log_odds: float,
    extraction: Extraction,
) -> dict[str, np.ndarray]:
    """The short-answer model's features for a question's first hit and its ``extraction``;
    ``asked`` are the answerable model's features (``answerability``)."""
    kind = question.qtype
    values = {
        "best_log_odds": float(asked["best_log_odds"][0]),
        "best_gap": float(asked["best_gap"][0]),
        # Clipped: a question the judge declines whatever the model says carries -1e9, which
        # would swamp the feature's scale in the fit.
        "answerable_log_odds": min(max(answerable_log_odds, -LOG_ODDS_CLIP), LOG_ODDS_CLIP),
        "asks_time": float(kind is QuestionType.TIME),
        "asks_quantity": float(kind is QuestionType.QUANTITY),
        "asks_place": float(kind is QuestionType.PLACE),
        "asks_person": float(kind is QuestionType.PERSON),
        "names_counted_noun": float(question.counted is not None),
        # Near the question's words, and the only answer of its kind: likelier the asked one.
        "answer_distance_log": math.log1p(extraction.distance),
        "answer_choices_log": math.log(extraction.choices),
        **{f"best_{name}": float(asked[f"best_{name}"][0]) for name in SHORT_ANSWER_BEST_FEATURES},
        "answer_words_log": math.log(max(1, len(extraction.answer.split()))),
        "answer_has_digit": float(any(character.isdigit() for character in extraction.answer)),
    }
    return {name: np.array([value]) for name, value in values.items()}
