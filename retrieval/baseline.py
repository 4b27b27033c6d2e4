"""The naive baseline the evaluation compares against: BM25 over whitespace tokens.

Plain ``rank_bm25.BM25Okapi`` over the same sentences the engine sees, split on white space with
no normalization, stopwords or stemming. It answers whenever any sentence scores above zero. Its
only purpose is to show what Sanad's Arabic processing adds.
"""

from __future__ import annotations

from rank_bm25 import BM25Okapi

from retrieval.corpus import Corpus, Sentence
from retrieval.index import top_scored
from retrieval.results import Answer, Hit


class NaiveBM25:
    """Whitespace-token BM25Okapi over every content sentence of a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self._sentences: list[tuple[Sentence, str]] = [
            (sentence, document.title)
            for document in corpus.documents
            for sentence in document.sentences
        ]
        self._bm25 = BM25Okapi([sentence.text.split() for sentence, _ in self._sentences])

    def answer(self, question: str, *, top_k: int) -> Answer:
        """The top_k sentences by plain BM25; found when any scores above zero."""
        hits: list[Hit] = []
        for scored in top_scored(self._bm25.get_scores(question.split()), top_k):
            sentence, title = self._sentences[scored.sentence_id]
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    snippet=sentence.text,
                    doc_id=sentence.doc_id,
                    title=title,
                    sentence=sentence.number,
                    score=scored.score,
                    bm25=scored.score,
                    coverage=0.0,
                    matched_words=(),
                    matched_terms=frozenset(),
                )
            )
        return Answer(question=question, found=bool(hits), hits=tuple(hits))
