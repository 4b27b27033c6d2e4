"""Judging candidates: which sentences answer a question, in what order, and whether any does.

1. BM25 over the question's terms picks ``POOL`` candidate sentences.
2. ``retrieval.evidence`` describes each one (coverage in the sentence, its window and its
   article, what is missing, BM25, the title, …); the sentence model of
   ``retrieval.ranker_weights`` scores them all.
3. The best ``TYPED_DEPTH`` by that score (more when more hits are asked for) get their short
   answer extracted (``retrieval.extract``), and the answer model, which also weighs whether the
   sentence holds an answer of the kind asked for, orders them.
4. The answerable model weighs whether the corpus answers the question at all, from the best
   candidate's evidence and the whole pool's (does any article name the question's subject?);
   the question is answered when its log-odds reach ``ANSWER_THRESHOLD``, unless the corpus does
   not know its subject (``UNKNOWN_SUBJECT``). The hits shown are
   the best candidate and those after it whose log-odds reach ``HIT_THRESHOLD``.
5. The short answer is shown only with the first hit, and only when the short-answer model
   (how sure the ranking is, and what kind of answer was asked for) puts the odds that it is
   right at ``SHORT_ANSWER_THRESHOLD`` or more.

The thresholds and coefficients are fitted together by ``tools/fit_ranker.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from retrieval import ranker_weights
from retrieval.corpus import Corpus, Sentence
from retrieval.duplicates import lengths_close, word_count
from retrieval.evidence import (
    TYPED_QUESTIONS,
    Evidence,
    answerability,
    gather,
    short_answer_features,
    with_reading,
)
from retrieval.extract import Extraction, extract
from retrieval.followup import FollowUpContext, combined, leans_on_previous
from retrieval.index import ScoredSentence
from retrieval.indexed import IndexedSentence
from retrieval.inverted import InvertedBM25Index
from retrieval.provenance import Provenance
from retrieval.question import Question, analyze_question
from retrieval.ranker import LinearModel, probability
from retrieval.results import Answer, Hit
from retrieval.sentence_table import SentenceTable
from retrieval.spelling import correct
from retrieval.terms import WordTerms, analyze

# How many BM25 candidates are judged.
POOL = 60
# The sentences next to the best this many BM25 candidates join the candidates.
NEIGHBOUR_SOURCES = 20
# Candidates not judged are offered as copies of a shown hit (another paper's print of the same
# sentence) when their BM25 score is at least this share of the best judged candidate's.
COPY_BM25_SHARE = 0.5
# How many of the best candidates get a short answer extracted and the answer model's score.
# 20 rather than 12: the news set's top-10 0.83 -> 0.85 (ARCD's 0.91 either way) for about a
# quarter more time per question, most of it extraction (README, "Performance").
TYPED_DEPTH = 20
# A follow-up's answer is likelier in the article the previous answer came from: its candidates'
# log-odds gain this much (about what a clearly better match gains; see the conversation eval).
SAME_ARTICLE_BONUS = 2.0
# ... but the sentence the user has just read matches the carried-over words best while it rarely
# holds the new answer: it gives the bonus back.
SAME_SENTENCE_PENALTY = 2.0
# A follow-up with words of its own («ناقشا» in «وماذا ناقشا أيضا؟») asks what they say: a
# sentence holding none of them loses this much.
OWN_WORDS_MISSING_PENALTY = 4.0
# A follow-up that asks for a date, an amount, a place or a name («ومتى؟»، «وأين؟») of what the
# user has just read: that sentence matches the carried-over words best, so when it holds none of
# the asked kind it would only be quoted again; it loses this much (about what the carried-over
# words give it over the sentence that answers).
REREAD_KIND_MISSING_PENALTY = 6.0
# How many unseen words of one question are tried as typos.
MAX_CORRECTED = 8
# A question whose best sentence shares one word with it while the corpus has never seen at
# least this (idf-weighted) share of the others, nor that sentence's article title names them
# («ما عاصمة اليابان؟» in a corpus that never names Japan), is declined whatever the models say.
# Measured on the development sets other than the sample articles (ARCD, the news archive, the
# operator's articles): 6 of 908 answerable questions reach it, and 132 of the 952 the corpus
# cannot answer (near-misses, and questions asked without their articles in the fit's four
# leave-out folds).
UNKNOWN_SUBJECT = 0.2
# Titles are analysed when first needed; the pool of one question names at most POOL articles.
_TITLE_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class Judged:
    """A candidate sentence with the answer model's verdict."""

    sentence_id: int
    log_odds: float
    bm25: float
    coverage: float
    matched: tuple[WordTerms, ...]
    short: Extraction | None


@dataclass(frozen=True, slots=True)
class Previous:
    """What a follow-up leans on, as the engine reads it: the previous answer's article, the
    sentence it quoted and its short answer."""

    doc_id: str | None
    sentence_id: int | None
    answer: Extraction | None


@dataclass(frozen=True, slots=True)
class Ranking:
    """A question's best candidates, and the log-odds that the corpus answers it at all."""

    judged: list[Judged]
    answerable: float
    # The question-level features the answerable model read (for fitting and inspection).
    features: dict[str, np.ndarray]
    # The log-odds that the first hit's short answer is right (-inf when it has none).
    short_answer: float
    # Candidates not judged, as (sentence id, BM25 score) in BM25 order: other papers' copies
    # of a hit's sentence are among them (``retrieval.duplicates`` folds them in).
    others: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Models:
    """The fitted models and thresholds (log-odds) the judge decides with."""

    sentence: LinearModel
    answer: LinearModel
    answerable: LinearModel
    short_answer: LinearModel
    answer_threshold: float
    hit_threshold: float
    short_answer_threshold: float

    @classmethod
    def fitted(cls) -> Models:
        """The committed fit in ``retrieval.ranker_weights``."""
        return cls(
            sentence=LinearModel.from_record(ranker_weights.SENTENCE_MODEL),
            answer=LinearModel.from_record(ranker_weights.ANSWER_MODEL),
            answerable=LinearModel.from_record(ranker_weights.ANSWERABLE_MODEL),
            short_answer=LinearModel.from_record(ranker_weights.SHORT_ANSWER_MODEL),
            answer_threshold=ranker_weights.ANSWER_THRESHOLD,
            hit_threshold=ranker_weights.HIT_THRESHOLD,
            short_answer_threshold=ranker_weights.SHORT_ANSWER_THRESHOLD,
        )


class Judge:
    """Ranks and decides over one index; built by the engine, safe to share between threads."""

    def __init__(
        self,
        corpus: Corpus,
        sentences: Sequence[IndexedSentence],
        index: InvertedBM25Index,
        table: SentenceTable,
        provenance: Provenance,
        models: Models | None = None,
    ) -> None:
        self._sentences = sentences
        self._index = index
        self._table = table
        self._provenance = provenance
        self.models = models or Models.fitted()
        titles = [document.title for document in corpus.documents]
        self._title_terms: Callable[[int], frozenset[str]] = lru_cache(_TITLE_CACHE_SIZE)(
            lambda article: frozenset(t for word in analyze(titles[article]) for t in word.terms)
        )

    def answer(self, text: str, *, top_k: int, context: FollowUpContext | None = None) -> Answer:
        """The hits that answer the question, best first, or found=False. With a ``context``,
        a message that leans on the previous question is asked with its subject carried over,
        and sentences of the previous answer's article are preferred."""
        question = self.spelled(analyze_question(text))
        previous: Previous | None = None
        if context is not None and leans_on_previous(question):
            previous = self._previous(context)
            short = previous.answer.answer if previous.answer else None
            question = self.spelled(combined(question, context.previous_question, short))
        ranking = self.rank(question, depth=max(TYPED_DEPTH, top_k), previous=previous)
        models = self.models
        followed = context.previous_question if previous is not None and context else None
        if ranking is None or not self._answers(ranking):
            return Answer(question=text, found=False, hits=(), followed=followed)
        ranked = ranking.judged
        # Every qualifying hit, not only top_k: folding copies of one sentence may merge some.
        shown = [ranked[0]] + [j for j in ranked[1:] if j.log_odds >= models.hit_threshold]
        hits: list[Hit] = []
        confident = ranking.short_answer >= models.short_answer_threshold
        for judged in shown:
            indexed = self._sentences[judged.sentence_id]
            short = judged.short.answer if judged.short and not hits and confident else None
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    snippet=indexed.sentence.text,
                    doc_id=indexed.sentence.doc_id,
                    title=indexed.title,
                    sentence=indexed.sentence.number,
                    score=probability(judged.log_odds),
                    bm25=judged.bm25,
                    coverage=judged.coverage,
                    matched_words=tuple(word.word for word in judged.matched),
                    matched_terms=frozenset(t for word in judged.matched for t in word.terms),
                    answer=short,
                )
            )
        # Each hit's article (source, date, link, author) and the date a relative short answer
        # means; the same sentence from other papers folded into one hit; then the best top_k.
        # A copy of a shown hit shares most of its words: it scores at least COPY_BM25_SHARE of
        # the best candidate's BM25 (a copy may lack a rare word of the question, «طنجة» of a
        # dateline, so not nearly as much) and is about as long as the hit (``duplicates.fold``
        # checks again against the hits it keeps). Most candidates need no hit of their own.
        floor = COPY_BM25_SHARE * max(judged.bm25 for judged in ranked)
        lengths = [word_count(hit.snippet) for hit in hits]
        copies = [
            self._copy(sentence_id, bm25)
            for sentence_id, bm25 in ranking.others
            if bm25 >= floor and self._may_copy(sentence_id, lengths)
        ]
        cited = self._provenance.cite(hits, top_k=top_k, copies=copies)
        return Answer(question=text, found=True, hits=cited, followed=followed)

    def _may_copy(self, sentence_id: int, lengths: Sequence[int]) -> bool:
        """Whether the sentence is about as long as a hit of one of these word counts."""
        length = word_count(self.sentence(sentence_id).text)
        return any(lengths_close(length, hit_length) for hit_length in lengths)

    def _copy(self, sentence_id: int, bm25: float) -> Hit:
        """A candidate that is not shown, as a hit another paper's copy may be folded from."""
        indexed = self._sentences[sentence_id]
        sentence = indexed.sentence
        return Hit(
            0,
            sentence.text,
            sentence.doc_id,
            indexed.title,
            sentence.number,
            score=0.0,
            bm25=bm25,
            coverage=0.0,
            matched_words=(),
            matched_terms=frozenset(),
        )

    def rank(
        self,
        question: Question,
        *,
        depth: int = TYPED_DEPTH,
        previous: Previous | None = None,
    ) -> Ranking | None:
        """The best ``depth`` candidates by the answer model, best first (the sentence model
        chooses which candidates those are), and whether the corpus answers the question at
        all; None when no sentence shares a word with it. For a follow-up, candidates from the
        article the ``previous`` answer came from gain ``SAME_ARTICLE_BONUS``, less
        ``SAME_SENTENCE_PENALTY`` for the very sentence it quoted."""
        evidence = self.evidence(question)
        if evidence is None:
            return None
        first = self.models.sentence.scores(evidence.columns)
        top = np.lexsort((evidence.sentence_ids, -first))[:depth]
        shorts = [self.short_answer(question, int(evidence.sentence_ids[i])) for i in top]
        columns = with_reading(evidence, question, top, shorts)
        scores = self.models.answer.scores(columns)
        prior = np.zeros(top.size)
        if previous is not None:
            prior = self._follow_up_prior(question, previous, evidence, top, shorts)
        order = np.lexsort((evidence.sentence_ids[top], -(scores + prior)))
        judged = [
            self._judged(question, evidence, int(top[i]), float(scores[i] + prior[i]), shorts[i])
            for i in order
        ]
        asked = answerability(evidence.columns, columns, scores, order)
        answerable = float(self.models.answerable.scores(asked)[0])
        if previous is not None and self._continues(question, previous, judged[0]):
            # A follow-up answered from the article the conversation is about is answered: its
            # own evidence is thin by nature (a few words of its own, the rest carried over).
            answerable = max(answerable, self.models.answer_threshold)
        short = -math.inf
        # A short answer of another kind than asked (a count of another noun, a weekday for a
        # year) is evidence about the sentence, never shown.
        if judged[0].short is not None and judged[0].short.fits:
            features = short_answer_features(question, asked, answerable, judged[0].short)
            short = float(self.models.short_answer.scores(features)[0])
        judged_ids = {j.sentence_id for j in judged}
        others = tuple(
            (int(i), float(score))
            for i, score in zip(evidence.sentence_ids, evidence.bm25, strict=True)
            if int(i) not in judged_ids
        )
        return Ranking(judged, answerable, asked, short, others)

    def _answers(self, ranking: Ranking) -> bool:
        """Whether the corpus answers the question: the answerable model's verdict, unless the
        corpus does not know the question's subject at all (``UNKNOWN_SUBJECT``)."""
        unknown = float(ranking.features["unknown_subject"][0])
        return ranking.answerable >= self.models.answer_threshold and unknown < UNKNOWN_SUBJECT

    def _previous(self, context: FollowUpContext) -> Previous:
        """The previous question's answer as the engine reads it again: its article's best
        sentence and short answer (shown or not), which a follow-up leans on."""
        ranking = self.rank(self.spelled(analyze_question(context.previous_question)))
        for judged in ranking.judged if ranking is not None else ():
            if self.sentence(judged.sentence_id).doc_id == context.previous_doc_id:
                return Previous(context.previous_doc_id, judged.sentence_id, judged.short)
        return Previous(context.previous_doc_id, None, None)

    def _continues(self, question: Question, previous: Previous, best: Judged) -> bool:
        """Whether the best candidate of a follow-up stays in the previous answer's article and
        holds a word of the follow-up's own (when it has any)."""
        own = [word for word in question.words if word.word not in question.carried]
        return self.sentence(best.sentence_id).doc_id == previous.doc_id and (
            not own or any(word in best.matched for word in own)
        )

    def _follow_up_prior(
        self,
        question: Question,
        previous: Previous,
        evidence: Evidence,
        rows: np.ndarray,
        shorts: Sequence[Extraction | None],
    ) -> np.ndarray:
        """The log-odds each candidate (``rows`` of the evidence, ``shorts`` their short
        answers) gains as the answer to a follow-up of ``previous`` (see the bonuses and
        penalties above)."""
        own = np.array([word.word not in question.carried for word in question.words])
        prior = np.zeros(rows.size)
        typed = question.qtype in TYPED_QUESTIONS
        for position, row in enumerate(rows.tolist()):
            short = shorts[position]
            sentence_id = int(evidence.sentence_ids[row])
            if self.sentence(sentence_id).doc_id == previous.doc_id:
                prior[position] += SAME_ARTICLE_BONUS
                if sentence_id == previous.sentence_id:
                    prior[position] -= SAME_SENTENCE_PENALTY
                    if typed and (short is None or not short.fits):
                        prior[position] -= REREAD_KIND_MISSING_PENALTY
            if own.any() and not evidence.in_sentence[row][own].any():
                prior[position] -= OWN_WORDS_MISSING_PENALTY
        return prior

    def spelled(self, question: Question) -> Question:
        """The question with its unseen words read as the corpus spells them
        (``retrieval.spelling``)."""
        words: list[WordTerms] = []
        corrected: set[str] = set()
        # A carried-over word's correction is carried over too («رعى» read as «رعا»).
        carried = set(question.carried)
        changed = False
        tried = 0
        for word in question.words:
            # Each try costs up to a few thousand look-ups: a question of many unseen words
            # (a pasted page) gets its first few tried.
            unseen = not any(self._index.frequency(term) for term in word.terms)
            tried += unseen
            correction = correct(word, self._index.frequency) if tried <= MAX_CORRECTED else None
            if correction is None:
                words.append(word)
                continue
            changed = True
            for reading in correction.words:
                if all(reading.terms != kept.terms for kept in words):
                    words.append(reading)
                    corrected.add(reading.word)
                    if word.word in question.carried:
                        carried.add(reading.word)
        if not changed:
            return question
        return replace(
            question,
            words=tuple(words),
            corrected=frozenset(corrected),
            carried=frozenset(carried),
        )

    def evidence(self, question: Question) -> Evidence | None:
        """The BM25 candidates of a question and their sentence features, or None."""
        if not question.words:
            return None
        pool = self._index.search(list(question.terms), top_k=POOL)
        if not pool:
            return None
        return gather(
            question,
            self._with_neighbours(question, pool),
            self._index,
            self._table,
            self._title_terms,
        )

    def _with_neighbours(
        self, question: Question, pool: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """The pool with the sentences next to its best ``NEIGHBOUR_SOURCES`` (in the same
        article) added, all in BM25 order: the answer often follows, or precedes, the sentence
        that names the question's subject in other words («… الفريق. وأقام معسكره في النمسا»)."""
        sources = np.array([scored.sentence_id for scored in pool[:NEIGHBOUR_SOURCES]])
        around = np.concatenate([self._table.previous(sources), self._table.following(sources)])
        known = {scored.sentence_id for scored in pool}
        extra = np.array(sorted({int(i) for i in around if i >= 0} - known), dtype=np.int64)
        if extra.size == 0:
            return pool
        scores = self._index.score_each(list(question.terms), extra)
        added = [ScoredSentence(int(i), float(s)) for i, s in zip(extra, scores, strict=True)]
        return sorted([*pool, *added], key=lambda c: (-c.score, c.sentence_id))

    def sentence(self, sentence_id: int) -> Sentence:
        """The indexed sentence with this id."""
        return self._sentences[sentence_id].sentence

    def short_answer(self, question: Question, sentence_id: int) -> Extraction | None:
        """The short answer of the asked kind in one indexed sentence, or None."""
        if question.qtype not in TYPED_QUESTIONS:
            return None
        return extract(self._sentences[sentence_id].sentence.text, question)

    def _judged(
        self,
        question: Question,
        evidence: Evidence,
        row: int,
        log_odds: float,
        short: Extraction | None,
    ) -> Judged:
        matched = tuple(
            word
            for word, present in zip(question.words, evidence.in_sentence[row], strict=True)
            if present
        )
        return Judged(
            sentence_id=int(evidence.sentence_ids[row]),
            log_odds=log_odds,
            bm25=float(evidence.bm25[row]),
            coverage=float(evidence.coverage[row]),
            matched=matched,
            short=short,
        )
