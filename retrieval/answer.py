"""Answering a question from the corpus: ranked, cited sentences, or an honest "not found".

BM25 ranks sentences; a sentence is presented as an answer only when it covers enough of what
the question asks. Coverage is the idf-weighted share of the question's content words that the
sentence contains (a word counts when its stem or its skeleton matches). A word the corpus has
never seen weighs as much as the rarest word, so «ما هي عاصمة اليابان؟» - whose words the corpus
lacks - covers almost nothing even when a weak BM25 match exists.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from retrieval import index_cache
from retrieval.corpus import Corpus, CorpusError, Sentence, load_corpus
from retrieval.index import EmptyIndexError, SentenceIndex
from retrieval.inverted import InvertedBM25Index
from retrieval.normalize import normalize
from retrieval.progress import Progress, StderrProgress
from retrieval.terms import WordTerms, analyze, analyze_normalized

logger = logging.getLogger(__name__)

DEFAULT_TOP_K = 3
# Below this idf-weighted share of the question's words, a sentence does not answer it.
MIN_COVERAGE = 0.5
# Sentences with fewer content words (subheadings, captions such as «خطوط النقل») carry no
# answer of their own and would win on BM25's length normalization alone.
MIN_SENTENCE_WORDS = 3
# How many BM25 candidates are checked for coverage before giving up on finding ``top_k``.
CANDIDATE_POOL = 30


@dataclass(frozen=True, slots=True)
class Hit:
    """One cited sentence offered as an answer."""

    rank: int
    snippet: str
    doc_id: str
    title: str
    sentence: int
    score: float
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
        tokenized = _answerable_sentences(corpus, sentences, positions, progress)
        try:
            index = InvertedBM25Index(tokenized)
        except EmptyIndexError:
            raise CorpusError(
                corpus.root, "no sentence long enough to answer from in corpus folder"
            ) from None
        finally:
            if progress is not None:
                progress.close()
        self._init(corpus, sentences, positions, index, min_coverage=min_coverage)

    def _init(
        self,
        corpus: Corpus,
        sentences: Sequence[IndexedSentence],
        positions: Sequence[int],
        index: InvertedBM25Index,
        *,
        min_coverage: float,
    ) -> None:
        self.corpus = corpus
        self.min_coverage = min_coverage
        self._sentences = sentences
        self._positions = positions
        self._inverted = index
        self._index: SentenceIndex = index
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
    ) -> Engine:
        """Load the corpus under ``folder`` and index it, or reuse its cached index.

        Corpora of at least ``cache_min_bytes`` are cached under ``cache_dir`` (None: never);
        see ``retrieval.index_cache``. ``show_progress`` reports long loading on stderr.
        """
        folder = Path(folder)
        fingerprint = None
        if cache_dir is not None and folder.is_dir():
            fingerprint = index_cache.fingerprint(folder)
            if fingerprint.total_bytes < cache_min_bytes:
                fingerprint = None
        if fingerprint is not None:
            cached = index_cache.load(cache_dir, fingerprint)
            if cached is not None:
                logger.info("reusing the cached index of %s from %s", folder, cache_dir)
                return cls._from_cache(cached)
        files = len(fingerprint.files) if fingerprint else None
        corpus = load_corpus(folder, progress=_progress(show_progress, "reading", files, "files"))
        engine = cls(
            corpus,
            progress=_progress(show_progress, "indexing", corpus.sentence_count, "sentences"),
        )
        if fingerprint is not None:
            try:
                path = index_cache.save(
                    cache_dir, fingerprint, corpus, engine._positions, engine._inverted
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
        sentences = _IndexedView(cached.corpus, cached.positions)
        engine._init(cached.corpus, sentences, cached.positions, index, min_coverage=MIN_COVERAGE)
        return engine

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
        hits: list[Hit] = []
        for scored in self._index.search(query, top_k=max(top_k, CANDIDATE_POOL)):
            covered = [
                any(self._index.contains(scored.sentence_id, t) for t in word.terms)
                for word in words
            ]
            coverage = sum(w for w, c in zip(weights, covered, strict=True) if c) / sum(weights)
            if coverage < self.min_coverage:
                continue
            indexed = self._sentences[scored.sentence_id]
            matched = [word for word, c in zip(words, covered, strict=True) if c]
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    snippet=indexed.sentence.text,
                    doc_id=indexed.sentence.doc_id,
                    title=indexed.title,
                    sentence=indexed.sentence.number,
                    score=scored.score,
                    coverage=coverage,
                    matched_words=tuple(word.word for word in matched),
                    matched_terms=frozenset(term for word in matched for term in word.terms),
                )
            )
            if len(hits) == top_k:
                break
        return Answer(question=question, found=bool(hits), hits=tuple(hits))

    def _weight(self, word: WordTerms) -> float:
        """A question word's weight: the idf of its most specific known term, else unseen idf."""
        known = [idf for idf in map(self._index.idf, word.terms) if idf is not None]
        return known[0] if known else self._index.unseen_idf()


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
) -> Iterator[list[str]]:
    """The terms of each sentence worth indexing, each once: long enough, and not a repeat of
    an earlier one. The sentence and its place in reading order are appended to ``sentences``
    and ``positions`` as its terms are yielded, so that no list of all terms is ever held."""
    # 16-byte digests of the normalized sentences rather than the sentences themselves: at a
    # million sentences that is ~350 MB less at the peak of a cold start, and a collision
    # (odds about 1e-26) would only drop one sentence.
    seen: set[bytes] = set()
    position = -1
    for document in corpus.documents:
        for sentence in document.sentences:
            position += 1
            key = normalize(sentence.text)
            words = analyze_normalized(key)
            if progress is not None and position % 5_000 == 0:
                progress.update(position)
            if len(words) < MIN_SENTENCE_WORDS:
                continue
            digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
            if digest in seen:
                continue
            seen.add(digest)
            sentences.append(IndexedSentence(sentence, document.title))
            positions.append(position)
            yield [term for word in words for term in word.terms]
    if progress is not None:
        progress.update(position + 1)


def _progress(show: bool, label: str, total: int | None, unit: str) -> Progress | None:
    return StderrProgress(label, total=total, unit=unit) if show else None
