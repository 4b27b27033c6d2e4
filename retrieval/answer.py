"""Answering a question from the corpus: ranked, cited sentences, or an honest "not found".

BM25 finds candidate sentences; a sentence is presented as an answer only when it covers enough
of what the question asks (see ``supports_answer``). Coverage is the idf-weighted share of the
question's content words that the sentence contains; a word counts when its stem or its skeleton
matches. A word the corpus has never seen weighs as much as the rarest word, so
«ما هي عاصمة اليابان؟», whose words the corpus lacks, covers little even when a weak BM25 match
exists. Candidates that pass are ordered by BM25 times coverage, Lucene's classic coordination
factor: of two sentences with similar BM25 scores, the one that answers more of the question
comes first.

The question's type («متى» a time, «كم» a quantity, «أين» a place, «من» a person; see
``retrieval.question_type``) then shapes the result. Each hit carries the short answer of that
type cut from its sentence (``retrieval.extract``). A time or quantity question is answered only
by a sentence that states a time or a quantity (of the noun the question counts, if it names
one): on-topic sentences without one are why «كم عدد جنود حفظ السلام…» used to get an answer.
For place and person questions, a sentence with a name of the asked kind outranks one without
when their scores are close (``ANSWER_TYPE_MARGIN``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from retrieval.corpus import Corpus, CorpusError, Sentence, load_corpus
from retrieval.extract import EXTRACTED_TYPES, extract_answer
from retrieval.index import BM25Index, SentenceIndex
from retrieval.normalize import normalize
from retrieval.question_type import QuestionType, question_type
from retrieval.terms import WordTerms, analyze

logger = logging.getLogger(__name__)

DEFAULT_TOP_K = 3
# Below this idf-weighted share of the question's words, a sentence does not answer it.
MIN_COVERAGE = 0.3
# Sentences with fewer content words (subheadings, captions such as «خطوط النقل») carry no
# answer of their own and would win on BM25's length normalization alone.
MIN_SENTENCE_WORDS = 3
# News sentences lean on the one before («وأشارت الخارجية حينها…», «وقال في كلمة…»): a question
# word found only in the previous sentence of the article counts this much toward coverage.
CONTEXT_WEIGHT = 0.5
# How many BM25 candidates are checked for coverage before giving up on finding ``top_k``.
CANDIDATE_POOL = 30
# "Close" scores: a sentence holding an answer of the asked type outranks one without it when its
# score is at least this share of the other's (the one without is scored down by this factor).
# 0.8 is what missing a fifth of the question's weight costs under the coverage factor: the answer
# type counts as much as one word in five. That settles near-ties (BM25 length normalization, one
# extra shared word) but does not lift a sentence that matches clearly less of the question.
ANSWER_TYPE_MARGIN = 0.8
# Question types answered only by a sentence that holds an answer of that type.
ANSWER_REQUIRED_TYPES = frozenset({QuestionType.TIME, QuestionType.QUANTITY})


@dataclass(frozen=True, slots=True)
class Hit:
    """One cited sentence offered as an answer."""

    rank: int
    snippet: str
    doc_id: str
    title: str
    sentence: int
    # Orders the hits: BM25 times coverage, times ``ANSWER_TYPE_MARGIN`` when the question asks
    # for a place or a person and the sentence names none.
    score: float
    bm25: float
    coverage: float
    matched_words: tuple[str, ...]
    matched_terms: frozenset[str]
    answer: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of a question: whether the sources answer it, and the ranked hits."""

    question: str
    found: bool
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class IndexedSentence:
    """A sentence that can be an answer, with its title for citing."""

    sentence: Sentence
    title: str
    context_id: int | None = None


class Engine:
    """Cited answers from one corpus; the index is built once, at construction."""

    def __init__(self, corpus: Corpus, *, min_coverage: float = MIN_COVERAGE) -> None:
        self.corpus = corpus
        self.min_coverage = min_coverage
        self._sentences, tokenized = _answerable_sentences(corpus)
        if not self._sentences:
            raise CorpusError(
                corpus.root, "no sentence long enough to answer from in corpus folder"
            )
        self._index: SentenceIndex = BM25Index(tokenized)
        logger.info(
            "indexed %d sentences from %d documents in %s",
            len(self._sentences),
            len(corpus.documents),
            corpus.root,
        )

    @classmethod
    def from_folder(cls, folder: Path | str) -> Engine:
        """Load the corpus under ``folder`` and index it."""
        return cls(load_corpus(folder))

    @property
    def indexed_sentence_count(self) -> int:
        return len(self._sentences)

    def answer(self, question: str, *, top_k: int = DEFAULT_TOP_K) -> Answer:
        """The best ``top_k`` sentences that answer the question, or found=False."""
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        words = _distinct_words(analyze(question))
        if not words:
            return Answer(question=question, found=False, hits=())
        query = [term for word in words for term in word.terms]
        weights = [self._weight(word) for word in words]
        candidates: list[_Candidate] = []
        for scored in self._index.search(query, top_k=max(top_k, CANDIDATE_POOL)):
            context_id = self._sentences[scored.sentence_id].context_id
            own = [self._contains_word(scored.sentence_id, word) for word in words]
            nearby = [
                context_id is not None and self._contains_word(context_id, word) for word in words
            ]
            coverage = sum(
                weight if in_sentence else CONTEXT_WEIGHT * weight if in_context else 0.0
                for weight, in_sentence, in_context in zip(weights, own, nearby, strict=True)
            ) / sum(weights)
            matched = tuple(word for word, c in zip(words, own, strict=True) if c)
            supported = tuple(word for word, a, b in zip(words, own, nearby, strict=True) if a or b)
            if supports_answer(words, supported, coverage, min_coverage=self.min_coverage):
                # Lucene's coordination factor: BM25 scaled by the share of the question covered.
                candidates.append(
                    _Candidate(
                        scored.score * coverage, scored.sentence_id, scored.score, coverage, matched
                    )
                )
        hits = []
        for candidate in self._by_answer_type(question, candidates)[:top_k]:
            indexed = self._sentences[candidate.sentence_id]
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    snippet=indexed.sentence.text,
                    doc_id=indexed.sentence.doc_id,
                    title=indexed.title,
                    sentence=indexed.sentence.number,
                    score=candidate.rank_score,
                    bm25=candidate.bm25,
                    coverage=candidate.coverage,
                    matched_words=tuple(word.word for word in candidate.matched),
                    matched_terms=frozenset(t for word in candidate.matched for t in word.terms),
                    answer=candidate.answer,
                )
            )
        return Answer(question=question, found=bool(hits), hits=tuple(hits))

    def _contains_word(self, sentence_id: int, word: WordTerms) -> bool:
        return any(self._index.contains(sentence_id, term) for term in word.terms)

    def _weight(self, word: WordTerms) -> float:
        """A question word's weight: the idf of its most specific known term, else unseen idf."""
        known = [idf for idf in map(self._index.idf, word.terms) if idf is not None]
        return known[0] if known else self._index.unseen_idf()

    def _by_answer_type(self, question: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """Candidates with their short answers, gated and ordered by the question's type."""
        qtype = question_type(question)
        typed = []
        for candidate in candidates:
            text = self._sentences[candidate.sentence_id].sentence.text
            short = extract_answer(text, qtype, question)
            if short is None and qtype in ANSWER_REQUIRED_TYPES:
                continue
            lacking = short is None and qtype in EXTRACTED_TYPES
            score = candidate.rank_score * (ANSWER_TYPE_MARGIN if lacking else 1.0)
            typed.append(replace(candidate, rank_score=score, answer=short))
        typed.sort(key=lambda c: (-c.rank_score, c.sentence_id))
        return typed


@dataclass(frozen=True, slots=True)
class _Candidate:
    rank_score: float
    sentence_id: int
    bm25: float
    coverage: float
    matched: tuple[WordTerms, ...]
    answer: str | None = None


def supports_answer(
    words: Sequence[WordTerms],
    matched: Sequence[WordTerms],
    coverage: float,
    *,
    min_coverage: float = MIN_COVERAGE,
) -> bool:
    """Whether a sentence matching ``matched`` of the question's ``words`` may answer it.

    Three conditions, each a reason a lexical match is not an answer:
    - it covers less than ``min_coverage`` of the question's idf weight;
    - the question has several content words and the sentence shares only one (a single shared
      word such as «عاصمة» is a coincidence of topic, not an answer);
    - the question names a number (a year, a day, a count) that the sentence does not contain.
    """
    if coverage < min_coverage:
        return False
    if len(words) >= 2 and len(matched) < 2:
        return False
    return all(word in matched for word in words if word.word[:1].isdigit())


def _distinct_words(words: Sequence[WordTerms]) -> list[WordTerms]:
    seen: set[tuple[str, ...]] = set()
    distinct = []
    for word in words:
        if word.terms not in seen:
            seen.add(word.terms)
            distinct.append(word)
    return distinct


def _answerable_sentences(
    corpus: Corpus,
) -> tuple[list[IndexedSentence], list[list[str]]]:
    """Sentences worth indexing, each once: long enough, and not a repeat of an earlier one."""
    sentences: list[IndexedSentence] = []
    tokenized: list[list[str]] = []
    seen: set[str] = set()
    for document in corpus.documents:
        previous_id: int | None = None
        for sentence in document.sentences:
            key = normalize(sentence.text)
            words = analyze(sentence.text)
            if len(words) < MIN_SENTENCE_WORDS or key in seen:
                continue
            seen.add(key)
            sentences.append(IndexedSentence(sentence, document.title, previous_id))
            tokenized.append([term for word in words for term in word.terms])
            previous_id = len(sentences) - 1
    return sentences, tokenized
