"""Where each hit comes from: its article's source, date, link and author, and the other papers
that printed the same sentence.

``Provenance.cite`` is the one step between judging and the front ends: the judge orders hits by
how well they answer; this fills in what a reader needs to check them (``with_article``) and
folds the same wire story from several papers into one hit (``retrieval.duplicates``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from retrieval.corpus import Corpus, Document
from retrieval.duplicates import Repeats, fold
from retrieval.relative_dates import resolve
from retrieval.results import Hit, Reprint


def with_article(hit: Hit, document: Document) -> Hit:
    """``hit`` with its article's source, date, link and author, and the date its short answer
    means when that answer is relative («أمس») and the article's date is known."""
    answer_date = None
    if hit.answer is not None and document.published is not None:
        answer_date = resolve(hit.answer, document.published)
    return replace(
        hit,
        source=document.source,
        published=document.published,
        url=document.url,
        author=document.author,
        answer_date=answer_date,
    )


class Provenance:
    """The articles of one corpus, and which of their sentences repeat one another."""

    def __init__(self, corpus: Corpus, repeats: Repeats) -> None:
        self._documents = corpus.documents
        self._index = {document.doc_id: at for at, document in enumerate(corpus.documents)}
        counts = [len(document.sentences) for document in corpus.documents]
        # Reading-order position of each document's first sentence.
        self._starts = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)[:-1]))
        self._repeats = repeats

    def cite(
        self, hits: Sequence[Hit], *, top_k: int, copies: Sequence[Hit] = ()
    ) -> tuple[Hit, ...]:
        """The first ``top_k`` of ``hits`` (best first) once each carries its article and
        repeats of earlier ones, or ``copies`` (candidates not to be shown themselves), are
        folded into them."""
        articled = [with_article(hit, self._documents[self._index[hit.doc_id]]) for hit in hits]
        others = [with_article(hit, self._documents[self._index[hit.doc_id]]) for hit in copies]
        return tuple(fold(articled, self.reprints, limit=top_k, copies=others))

    def reprints(self, hit: Hit) -> list[Reprint]:
        """The other articles that print the hit's sentence word for word."""
        if not len(self._repeats):
            return []
        position = int(self._starts[self._index[hit.doc_id]]) + hit.sentence - 1
        reprints = []
        for copy in self._repeats.copies_of(position):
            at = int(np.searchsorted(self._starts, copy, side="right")) - 1
            document = self._documents[at]
            reprints.append(
                Reprint(
                    doc_id=document.doc_id,
                    title=document.title,
                    sentence=copy - int(self._starts[at]) + 1,
                    source=document.source,
                    published=document.published,
                    url=document.url,
                )
            )
        return reprints
