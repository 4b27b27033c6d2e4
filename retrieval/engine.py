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

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast, overload

from retrieval import index_cache
from retrieval.corpus import (
    DEFAULT_MAX_FILE_BYTES,
    Corpus,
    CorpusError,
    Sentence,
    article_files,
    load_corpus,
)
from retrieval.duplicates import RepeatLog, Repeats
from retrieval.extract import EXTRACTED_TYPES, extract_answer
from retrieval.fields import FieldMap
from retrieval.index import EmptyIndexError, ScoredSentence, SentenceIndex
from retrieval.inverted import InvertedBM25Index
from retrieval.normalize import normalize
from retrieval.progress import Progress, StderrProgress
from retrieval.provenance import Provenance
from retrieval.question_type import QuestionType, question_type
from retrieval.results import Answer, Hit
from retrieval.terms import WordTerms, analyze, analyze_normalized

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
# The most distinct content words of a question that are searched for.
MAX_QUESTION_WORDS = 64
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
class IndexedSentence:
    """A sentence that can be an answer, with its title for citing."""

    sentence: Sentence
    title: str


class Engine:
    """Cited answers from one corpus; the index is built once, at construction."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        min_coverage: float = MIN_COVERAGE,
        progress: Progress | None = None,
    ) -> None:
        sentences: list[IndexedSentence] = []
        positions: list[int] = []
        repeats = RepeatLog()
        tokenized = _answerable_sentences(corpus, sentences, positions, progress, repeats)
        try:
            index = InvertedBM25Index(tokenized)
        except EmptyIndexError:
            raise CorpusError(
                corpus.root, "no sentence long enough to answer from in corpus folder"
            ) from None
        finally:
            if progress is not None:
                progress.close()
        self._init(corpus, sentences, positions, index, repeats.freeze(), min_coverage=min_coverage)

    def _init(
        self,
        corpus: Corpus,
        sentences: Sequence[IndexedSentence],
        positions: Sequence[int],
        index: InvertedBM25Index,
        repeats: Repeats,
        *,
        min_coverage: float,
    ) -> None:
        self.corpus = corpus
        self.min_coverage = min_coverage
        self._sentences = sentences
        self._positions = positions
        self._inverted = index
        self._index: SentenceIndex = index
        self._repeats = repeats
        self._provenance = Provenance(corpus, repeats)
        logger.info(
            "indexed %d sentences from %d documents in %s",
            len(self._sentences),
            len(corpus.documents),
            corpus.root,
        )

    @classmethod
    def from_folder(
        cls,
        folder: Path | str,
        *,
        cache_dir: Path | None = index_cache.DEFAULT_CACHE_DIR,
        cache_min_bytes: int = index_cache.DEFAULT_MIN_CORPUS_BYTES,
        show_progress: bool = True,
        max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
        fields: FieldMap = FieldMap.DEFAULT,
    ) -> Engine:
        """Load the corpus under ``folder`` and index it, or reuse its cached index.

        Corpora of at least ``cache_min_bytes`` are cached under ``cache_dir`` (None: never);
        see ``retrieval.index_cache``. ``show_progress`` reports long loading on stderr. Files
        and records larger than ``max_file_bytes`` are skipped (None: no limit); ``fields`` says
        which record fields hold an article's title, text and metadata.
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise CorpusError(folder, "corpus folder not found")
        articles = article_files(folder, max_file_bytes=max_file_bytes)
        fingerprint = None
        if cache_dir is not None:
            options = index_cache.reading_options(max_file_bytes, fields)
            fingerprint = index_cache.fingerprint(folder, articles, reading=options)
            if fingerprint.total_bytes < cache_min_bytes:
                fingerprint = None
        if cache_dir is not None and fingerprint is not None:
            cached = index_cache.load(cache_dir, fingerprint)
            if cached is not None:
                logger.info("reusing the cached index of %s from %s", folder, cache_dir)
                return cls._from_cache(cached)
        reading = _progress(show_progress, "reading", len(articles), "files")
        corpus = load_corpus(
            folder, progress=reading, files=articles, max_file_bytes=max_file_bytes, fields=fields
        )
        engine = cls(
            corpus,
            progress=_progress(show_progress, "indexing", corpus.sentence_count, "sentences"),
        )
        if cache_dir is not None and fingerprint is not None:
            try:
                path = index_cache.save(
                    cache_dir,
                    fingerprint,
                    corpus,
                    engine._positions,
                    engine._inverted,
                    engine._repeats,
                )
            except (OSError, ValueError) as error:
                # The engine is ready; only the next start will be slower.
                logger.warning("could not save the index cache in %s: %s", cache_dir, error)
            else:
                logger.info("saved the index of %s to %s", folder, path)
        return engine

    @classmethod
    def _from_cache(cls, cached: index_cache.CachedIndex) -> Engine:
        engine = cls.__new__(cls)
        index = InvertedBM25Index.from_postings(cached.postings, bounds=cached.bounds)
        positions = cast("Sequence[int]", cached.positions)  # an int64 array, read like a list
        sentences = _IndexedView(cached.corpus, positions)
        engine._init(
            cached.corpus, sentences, positions, index, cached.repeats, min_coverage=MIN_COVERAGE
        )
        return engine

    @property
    def indexed_sentence_count(self) -> int:
        return len(self._sentences)

    def answer(self, question: str, *, top_k: int = DEFAULT_TOP_K) -> Answer:
        """The best ``top_k`` sentences that answer the question, or found=False."""
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        # Real questions have a handful of content words; a pasted page would make one user's
        # message walk the postings of hundreds of terms, so only the first ones count.
        words = _distinct_words(analyze(question))[:MAX_QUESTION_WORDS]
        if not words:
            return Answer(question=question, found=False, hits=())
        query = [term for word in words for term in word.terms]
        weights = [self._weight(word) for word in words]
        candidates = [
            candidate
            for scored in self._index.search(query, top_k=max(top_k, CANDIDATE_POOL))
            if (candidate := self._judge(scored, words, weights)) is not None
        ]
        hits: list[Hit] = []
        for candidate in self._by_answer_type(question, candidates):
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
        # Each hit's article (source, date, link, author) and the date a relative short answer
        # means; the same sentence from other papers folded into one hit; then the best top_k.
        cited = self._provenance.cite(hits, top_k=top_k)
        return Answer(question=question, found=bool(cited), hits=cited)

    def _judge(
        self, scored: ScoredSentence, words: Sequence[WordTerms], weights: Sequence[float]
    ) -> _Candidate | None:
        """The sentence as a candidate answer, or None when it does not support one.

        A question word in the sentence counts its full weight toward coverage; one found only
        in the previous sentence of the article counts ``CONTEXT_WEIGHT`` of it.
        """
        context_id = self._previous_in_document(scored.sentence_id)
        own = [self._contains_word(scored.sentence_id, word) for word in words]
        nearby = [context_id is not None and self._contains_word(context_id, w) for w in words]
        coverage = sum(
            weight if in_sentence else CONTEXT_WEIGHT * weight if in_context else 0.0
            for weight, in_sentence, in_context in zip(weights, own, nearby, strict=True)
        ) / sum(weights)
        supported = tuple(word for word, a, b in zip(words, own, nearby, strict=True) if a or b)
        if not supports_answer(words, supported, coverage, min_coverage=self.min_coverage):
            return None
        matched = tuple(word for word, in_sentence in zip(words, own, strict=True) if in_sentence)
        # Lucene's coordination factor: BM25 scaled by the share of the question covered.
        return _Candidate(
            scored.score * coverage, scored.sentence_id, scored.score, coverage, matched
        )

    def _previous_in_document(self, sentence_id: int) -> int | None:
        """The indexed sentence just before this one in reading order, if in the same article."""
        if sentence_id == 0:
            return None
        this, before = self._sentences[sentence_id], self._sentences[sentence_id - 1]
        return sentence_id - 1 if before.sentence.doc_id == this.sentence.doc_id else None

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


class _IndexedView(Sequence[IndexedSentence]):
    """The indexed sentences of a corpus read from the cache, made on demand: building a
    million IndexedSentence objects up front would add seconds to every restart."""

    def __init__(self, corpus: Corpus, positions: Sequence[int]) -> None:
        self._positions = positions
        self._sentences = [s for document in corpus.documents for s in document.sentences]
        self._titles = {document.doc_id: document.title for document in corpus.documents}

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> IndexedSentence: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[IndexedSentence]: ...

    def __getitem__(self, index: int | slice) -> IndexedSentence | Sequence[IndexedSentence]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        sentence = self._sentences[int(self._positions[index])]
        return IndexedSentence(sentence, self._titles[sentence.doc_id])


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
    sentences: list[IndexedSentence],
    positions: list[int],
    progress: Progress | None = None,
    repeats: RepeatLog | None = None,
) -> Iterator[list[str]]:
    """The terms of each sentence worth indexing, each once: long enough, and not a repeat of
    an earlier one. The sentence and its place in reading order are appended to ``sentences``
    and ``positions`` as its terms are yielded, so that no list of all terms is ever held.
    A repeat in another article is noted in ``repeats`` (with the position it repeats)."""
    # 16-byte digests of the normalized sentences rather than the sentences themselves: at a
    # million sentences that is ~350 MB less at the peak of a cold start, and a collision
    # (odds about 1e-26) would only drop one sentence. Each maps to the position of the copy
    # that was indexed, the int object ``positions`` holds too: at a million sentences the
    # dict costs 28 MB more than a set of the digests would.
    seen: dict[bytes, int] = {}
    position = -1
    for document in corpus.documents:
        document_start = position + 1
        for sentence in document.sentences:
            position += 1
            key = normalize(sentence.text)
            words = analyze_normalized(key)
            if progress is not None and position % 5_000 == 0:
                progress.update(position)
            if len(words) < MIN_SENTENCE_WORDS:
                continue
            digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
            original = seen.get(digest)
            if original is not None:
                if repeats is not None and original < document_start:
                    repeats.add(original, position)
                continue
            seen[digest] = position
            sentences.append(IndexedSentence(sentence, document.title))
            positions.append(position)
            yield [term for word in words for term in word.terms]
    if progress is not None:
        progress.update(position + 1)


def _progress(show: bool, label: str, total: int | None, unit: str) -> Progress | None:
    return StderrProgress(label, total=total, unit=unit) if show else None
