"""The sentences the engine answers from: which are indexed, and how each is found again.

A sentence is indexed when it has at least ``MIN_SENTENCE_WORDS`` content words (subheadings and
captions such as «خطوط النقل» carry no answer of their own and would win on BM25's length
normalization alone) and is not a repeat of an earlier one (a lead paragraph repeated by the
page, the same wire sentence printed by two papers): the first is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from retrieval.corpus import Corpus, Sentence
from retrieval.duplicates import RepeatLog
from retrieval.normalize import normalize
from retrieval.progress import Progress
from retrieval.sentence_table import SentenceTable
from retrieval.terms import analyze_normalized
from retrieval.workers import Workers

MIN_SENTENCE_WORDS = 3
# Sentences a worker analyses at a time (a million sentences: 250 chunks).
_SENTENCES_PER_CHUNK = 4_000


@dataclass(frozen=True, slots=True)
class IndexedSentence:
    """A sentence that can be an answer, with its title for citing."""

    sentence: Sentence
    title: str


class IndexedView(Sequence[IndexedSentence]):
    """The indexed sentences of a corpus, made on demand: building a million IndexedSentence
    objects up front (or listing the sentences) would add seconds to every start, and the
    cycle collector's passes over them more. ``table`` says where each sits in the corpus."""

    def __init__(self, corpus: Corpus, table: SentenceTable) -> None:
        self._documents = corpus.documents
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, index: int) -> IndexedSentence: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[IndexedSentence]: ...

    def __getitem__(self, index: int | slice) -> IndexedSentence | Sequence[IndexedSentence]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        document = self._documents[int(self._table.article[index])]
        sentence = document.sentences[int(self._table.number[index]) - 1]
        return IndexedSentence(sentence, document.title)


def answerable_sentences(
    corpus: Corpus,
    positions: list[int],
    progress: Progress | None = None,
    repeats: RepeatLog | None = None,
    workers: Workers | None = None,
) -> Iterator[list[str]]:
    """The terms of each sentence worth indexing, each once: long enough, and not a repeat of
    an earlier one. The sentence's place in reading order is appended to ``positions`` as its
    terms are yielded, so that no list of all terms is ever held (``IndexedView`` finds the
    sentences again). A repeat in another article is noted in ``repeats`` (with the position
    it repeats). ``workers`` analyse the sentences (``analysed_sentences``); which are repeats
    is decided here, in order, so the result is the same."""
    # 16-byte digests of the normalized sentences rather than the sentences themselves: at a
    # million sentences that is ~350 MB less at the peak of a cold start, and a collision
    # (odds about 1e-26) would only drop one sentence. Each maps to the position of the copy
    # that was indexed, the int object ``positions`` holds too: at a million sentences the
    # dict costs 28 MB more than a set of the digests would.
    seen: dict[bytes, int] = {}
    texts = (sentence.text for document in corpus.documents for sentence in document.sentences)
    if workers is None:
        analysed: Iterator[AnalysedSentence | None] = map(analysed_sentence, texts)
    else:
        analysed = workers.map(analysed_sentences, list(texts), chunk_size=_SENTENCES_PER_CHUNK)
    position = -1
    for document in corpus.documents:
        document_start = position + 1
        for _ in document.sentences:
            position += 1
            found = next(analysed)
            if progress is not None and position % 5_000 == 0:
                progress.update(position)
            if found is None:
                continue
            digest, terms = found
            original = seen.get(digest)
            if original is not None:
                if repeats is not None and original < document_start:
                    repeats.add(original, position)
                continue
            seen[digest] = position
            positions.append(position)
            yield terms
    if progress is not None:
        progress.update(position + 1)


# A sentence worth indexing as the digest of its normalized text and its terms, in order.
AnalysedSentence = tuple[bytes, list[str]]


def analysed_sentence(text: str) -> AnalysedSentence | None:
    """The digest of the sentence's normalized text and its terms; None when it has fewer than
    ``MIN_SENTENCE_WORDS`` words."""
    key = normalize(text)
    words = analyze_normalized(key)
    if len(words) < MIN_SENTENCE_WORDS:
        return None
    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    return digest, [term for word in words for term in word.terms]


def analysed_sentences(texts: list[str]) -> list[AnalysedSentence | None]:
    """``analysed_sentence`` of each text: what worker processes run, a chunk at a time."""
    return list(map(analysed_sentence, texts))
