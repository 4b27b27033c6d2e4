"""An inverted index in front of BM25Okapi, so that a question costs what its matches cost.

Plain rank-bm25 keeps one dict of term counts per sentence and, for every query term, walks all
of them in Python: at a million sentences that is seconds per question and several GB of dicts.
Here the same counts are stored term-major, as postings (for each term, the ascending ids of the
sentences that contain it and how often), and a question is answered in two steps:

1. **Candidates, by max-score.** Each term's contribution to a sentence's score is at most its
   ``bound`` (idf times the largest ``tf * (k1 + 1) / (tf + norm)`` over its postings). Terms are
   read rarest-bound-first into partial scores. Once the k-th best partial score beats the sum
   of the bounds of the terms not read yet, no sentence outside the candidates can reach the
   top k, so the common terms' long postings are never walked; candidates whose partial score
   plus that sum stays below the k-th partial score are dropped too.
2. **Exact scores.** The survivors are scored by ``get_batch_scores``, which evaluates
   BM25Okapi's formula term by term in query order with the same floating-point operations as
   rank-bm25's ``get_scores``, so scores and ranking equal the full scan's bit for bit
   (``tests/retrieval/test_index_equivalence.py`` checks this against rank-bm25 itself).

Large indexes (``KERNEL_MIN_SENTENCES`` and more) run both steps, the build and the score bounds
in compiled loops (``retrieval.kernels``, C built by ``pip install``) where they were built:
one pass over each postings list instead of a numpy call per step, a min-heap that knows the
k-th best partial score after every posting, candidates merged with the unread lists by
galloping once they are few, and terms whose postings are identical (a stem and its skeleton
often are) read as one list with their idfs summed. Lists that hold one sentence in
``DENSE_SHARE`` or more are also kept as bitmaps: read whole, their sentences come from the
bitmap; unread, whether a candidate holds them is one bit, and when the last unread lists are all
such, each candidate is completed at once and dropped as soon as the bounds of the lists that
hold it can no longer lift it to the k-th best score. Partial scores add each posting's impact (its
ratio in 255ths of its term's bound, rounded down: a byte read in order instead of a sentence's
norm read at random), and every pruning step allows for the up to one 255th of each bound that
they leave out; the survivors' exact scores come from the counts. Without the extension, or
below that size, the numpy code here runs; both give the same postings, ids and scores, bit for
bit, and the tests run both.
"""

from __future__ import annotations

import logging
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import numpy as np

from retrieval.index import (
    DEFAULT_B,
    DEFAULT_K1,
    EmptyIndexError,
    LuceneIdfBM25Okapi,
    ScoredSentence,
    lucene_idf,
)
from retrieval.progress import Progress, silent_progress

logger = logging.getLogger(__name__)

# Pruning compares sums of floats that were added in different orders; a relative slack far
# above their rounding error (~1e-15) keeps every sentence that could tie the k-th score.
_SLACK = 1e-9
# Below this many candidates, scoring them exactly costs less than narrowing them further.
_FEW_CANDIDATES = 2_000
# The compiled search keeps a bitmap of each list that holds at least one sentence in this many
# (its ids would take 2-32 times the bytes): its sentences are read from the bitmap, and whether
# a candidate holds it is one bit.
DENSE_SHARE = 16
# How many sentences are read between two progress updates while indexing.
_PROGRESS_STEP = 10_000
# From this many sentences on, the compiled kernels run (when they were built): below it a
# question costs well under a millisecond in numpy either way.
KERNEL_MIN_SENTENCES = 50_000


@cache
def compiled_kernels() -> ModuleType | None:
    """``retrieval.kernels``, or None when its C extension was not built here (then the numpy
    code runs, with the same results; a warning says so once)."""
    try:
        from retrieval import kernels
    except ImportError:
        logger.warning(
            "the index's compiled kernels are not built here (reinstall with a C "
            "compiler: pip install -e .); large indexes use numpy, more slowly"
        )
        return None
    return kernels


def kernels_for(sentences: int) -> ModuleType | None:
    """The compiled kernels when an index of this many sentences should use them."""
    return compiled_kernels() if sentences >= KERNEL_MIN_SENTENCES else None


@dataclass(frozen=True, slots=True)
class Postings:
    """Term-major term counts: term t occurs ``tfs[i]`` times in sentence ``doc_ids[i]`` for
    ``offsets[t] <= i < offsets[t + 1]``; ``doc_ids`` ascend within a term."""

    terms: tuple[str, ...]
    offsets: np.ndarray  # int64, len(terms) + 1
    doc_ids: np.ndarray  # int32
    tfs: np.ndarray  # unsigned, the smallest type that holds the largest count
    doc_len: np.ndarray  # int32, tokens per sentence (repeats included, as rank-bm25 counts)


def build_postings(
    tokenized: Iterable[Sequence[str]], *, progress: Progress | None = None
) -> Postings:
    """Count the terms of each sentence into postings, streaming over ``tokenized`` once."""
    progress = progress or silent_progress()
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new term gets the next id
    term_ids = array("i")
    lengths = array("i")
    for count, tokens in enumerate(tokenized, start=1):
        term_ids.extend(map(vocabulary.__getitem__, tokens))
        lengths.append(len(tokens))
        if count % _PROGRESS_STEP == 0:
            progress.update(count)
    progress.update(len(lengths))
    if not lengths:
        raise EmptyIndexError("cannot build a BM25 index over zero sentences")
    doc_len = np.frombuffer(lengths, dtype=np.int32)
    tids = np.frombuffer(term_ids, dtype=np.int32)
    kernels = kernels_for(doc_len.size)
    if kernels is not None:
        offsets, doc_ids, counts = kernels.invert(tids, doc_len, len(vocabulary))
    else:
        offsets, doc_ids, counts = _invert(tids, doc_len, len(vocabulary))
    tf_type = np.min_scalar_type(int(counts.max())) if counts.size else np.uint8
    return Postings(
        terms=_fresh(vocabulary),
        offsets=offsets,
        doc_ids=doc_ids,
        tfs=counts.astype(tf_type),
        doc_len=doc_len.copy(),
    )


def sentence_lengths(postings: Postings) -> np.ndarray:
    """Each sentence's number of terms (repeats included) counted from the postings, whose
    sentence ids must be in range (checked by the caller)."""
    kernels = kernels_for(postings.doc_len.size)
    if kernels is not None:
        lengths: np.ndarray | None = kernels.sentence_lengths(
            postings.doc_ids, postings.tfs, postings.doc_len.size
        )
        if lengths is None:
            raise ValueError("a sentence id of the postings is out of range")
        return lengths
    return np.bincount(
        postings.doc_ids, weights=postings.tfs, minlength=postings.doc_len.size
    ).astype(np.int64)


def _fresh(vocabulary: Iterable[str]) -> tuple[str, ...]:
    """The terms as new string objects, made one after another. The originals were made among
    every token of every sentence read, most of them freed since: each one left alive would keep
    a block of the allocator's memory from going back to the system (~100 MB at 1M sentences)."""
    return tuple(
        term.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
        for term in vocabulary
    )


def _invert(
    tids: np.ndarray, doc_len: np.ndarray, terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``kernels.invert`` in numpy: (offsets, sentence ids, counts) by a stable sort."""
    dids = np.repeat(np.arange(len(doc_len), dtype=np.int32), doc_len)
    # A stable sort by term keeps each term's sentences in ascending order.
    order = np.argsort(tids, kind="stable")
    tids = tids[order]
    dids = dids[order]
    del order
    starts_pair = np.ones(tids.size, dtype=bool)
    if tids.size:
        starts_pair[1:] = (tids[1:] != tids[:-1]) | (dids[1:] != dids[:-1])
    starts = np.flatnonzero(starts_pair)
    counts = np.diff(np.append(starts, tids.size))
    offsets = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(tids[starts], minlength=terms), out=offsets[1:])
    return offsets, dids[starts], counts


class CompactBM25Okapi(LuceneIdfBM25Okapi):
    """``LuceneIdfBM25Okapi`` over postings instead of rank-bm25's per-sentence dicts.

    Same parameters, idf, ``avgdl`` and formula; ``get_scores`` and ``get_batch_scores`` return
    the same numbers as the dict-based class, bit for bit. ``doc_freqs`` stays empty.
    """

    norm: np.ndarray

    def __init__(self, postings: Postings, *, k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> None:
        self.postings = postings
        super().__init__([], k1=k1, b=b)

    def _initialize(self, corpus: object) -> dict[str, int]:
        postings = self.postings
        self.corpus_size = len(postings.doc_len)
        if self.corpus_size == 0:
            raise EmptyIndexError("cannot build a BM25 index over zero sentences")
        self.doc_len = postings.doc_len
        # As rank-bm25 computes it: an int total over the count, and its norm expression.
        self.avgdl = int(postings.doc_len.sum(dtype=np.int64)) / self.corpus_size
        self.norm = self.k1 * (1 - self.b + self.b * postings.doc_len / self.avgdl)
        self.term_ids = {term: i for i, term in enumerate(postings.terms)}
        self._scratch = threading.local()
        frequencies = np.diff(postings.offsets).tolist()
        return dict(zip(postings.terms, frequencies, strict=True))

    def _calc_idf(self, nd: dict[str, int]) -> None:
        # lucene_idf once per distinct frequency: most terms share a small frequency.
        by_frequency = {n: lucene_idf(self.corpus_size, n) for n in set(nd.values())}
        self.idf = {term: by_frequency[n] for term, n in nd.items()}
        self.average_idf = sum(self.idf.values()) / len(self.idf) if self.idf else 0.0

    def term_postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(sentence ids, counts) of one term."""
        start, end = self.postings.offsets[term_id], self.postings.offsets[term_id + 1]
        return self.postings.doc_ids[start:end], self.postings.tfs[start:end]

    def contributions(self, term: str, doc_ids: np.ndarray, tfs: np.ndarray) -> np.ndarray:
        """BM25Okapi's per-term score for sentences with these counts, as get_scores adds it."""
        q_freq = tfs.astype(np.float64)
        score: np.ndarray = (self.idf.get(term) or 0) * (
            q_freq * (self.k1 + 1) / (q_freq + self.norm[doc_ids])
        )
        return score

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        score = np.zeros(self.corpus_size)
        for q in query:
            term_id = self.term_ids.get(q)
            if term_id is None:
                continue  # rank-bm25 adds idf 0 times 0 here: nothing
            doc_ids, tfs = self.term_postings(term_id)
            score[doc_ids] += self.contributions(q, doc_ids, tfs)
        return score

    def get_batch_scores(self, query: Sequence[str], doc_ids: Sequence[int]) -> list[float]:
        ids = np.asarray(doc_ids, dtype=np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= self.corpus_size):
            raise IndexError(f"sentence ids must be in [0, {self.corpus_size})")
        scores: list[float] = self.batch_scores(query, ids).tolist()
        return scores

    def batch_scores(self, query: Sequence[str], doc_ids: np.ndarray) -> np.ndarray:
        """``get_batch_scores`` as an array, for ids known to be valid."""
        score = np.zeros(len(doc_ids))
        for q in query:
            term_id = self.term_ids.get(q)
            if term_id is None:
                continue
            tfs = self.frequencies(term_id, doc_ids)
            score += self.contributions(q, doc_ids, tfs)
        return score

    def frequencies(self, term_id: int, doc_ids: np.ndarray) -> np.ndarray:
        """How often the term occurs in each of ``doc_ids`` (0 where it does not)."""
        posting_ids, posting_tfs = self.term_postings(term_id)
        if posting_ids.size == 0 or doc_ids.size == 0:
            return np.zeros(doc_ids.size, dtype=posting_tfs.dtype)
        if doc_ids.size * posting_ids.size.bit_length() > 4 * posting_ids.size:
            # Many lookups in a long list: spreading the list over a scratch array is cheaper.
            dense = self._dense_counts()
            dense[posting_ids] = posting_tfs
            found: np.ndarray = dense[doc_ids]
            dense[posting_ids] = 0
            return found
        at = np.searchsorted(posting_ids, doc_ids)
        np.minimum(at, posting_ids.size - 1, out=at)
        return np.where(posting_ids[at] == doc_ids, posting_tfs[at], 0)

    def _dense_counts(self) -> np.ndarray:
        """This thread's all-zero scratch array of counts, one slot per sentence."""
        dense = getattr(self._scratch, "counts", None)
        if dense is None:
            dense = np.zeros(self.corpus_size, dtype=self.postings.tfs.dtype)
            self._scratch.counts = dense
        return dense

    def term_bounds(self) -> np.ndarray:
        """Per term, the largest ``tf * (k1 + 1) / (tf + norm)`` over its postings."""
        postings = self.postings
        kernels = kernels_for(self.corpus_size)
        if kernels is not None:
            bounds: np.ndarray = kernels.term_bounds(
                postings.offsets, postings.doc_ids, postings.tfs, self.norm, self.k1 + 1
            )
            return bounds
        ratio = postings.tfs.astype(np.float64)
        ratio = ratio * (self.k1 + 1) / (ratio + self.norm[postings.doc_ids])
        if ratio.size == 0:
            return np.zeros(len(postings.terms))
        return np.maximum.reduceat(ratio, postings.offsets[:-1])


class InvertedBM25Index:
    """A ``SentenceIndex`` that scores only the sentences that can make the top k."""

    def __init__(
        self,
        tokenized: Iterable[Sequence[str]],
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        progress: Progress | None = None,
    ) -> None:
        self._init(CompactBM25Okapi(build_postings(tokenized, progress=progress), k1=k1, b=b))

    @classmethod
    def from_postings(
        cls,
        postings: Postings,
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        bounds: np.ndarray | None = None,
    ) -> InvertedBM25Index:
        """An index over postings built earlier (for example read from the cache); ``bounds``
        are the ``term_bounds`` saved with them, recomputed when not given."""
        index = cls.__new__(cls)
        index._init(CompactBM25Okapi(postings, k1=k1, b=b), bounds)
        return index

    def _init(self, bm25: CompactBM25Okapi, bounds: np.ndarray | None = None) -> None:
        self._bm25 = bm25
        self._bound_ratio = bm25.term_bounds() if bounds is None else bounds
        if self._bound_ratio.shape != (len(bm25.postings.terms),):
            raise ValueError("one score bound per term is needed")
        self._scratch = threading.local()
        self._same: np.ndarray | None = None
        self._dense: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._impacts: tuple[np.ndarray, float] | None = None
        if kernels_for(bm25.corpus_size) is not None:
            self._same_lists()  # now rather than in the first question
            self._dense_lists()
            self._posting_impacts()

    @property
    def bm25(self) -> CompactBM25Okapi:
        return self._bm25

    @property
    def postings(self) -> Postings:
        return self._bm25.postings

    @property
    def bounds(self) -> np.ndarray:
        """Per term, the largest ``tf * (k1 + 1) / (tf + norm)`` over its postings."""
        return self._bound_ratio

    def __len__(self) -> int:
        return self._bm25.corpus_size

    def search(self, query: Sequence[str], *, top_k: int) -> list[ScoredSentence]:
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        known = self._bm25.term_ids
        unique = list(dict.fromkeys(term for term in query if term in known))
        if not unique:
            return []
        kernels = kernels_for(self._bm25.corpus_size)
        if kernels is not None:
            candidates, scores = self._compiled_search(kernels, unique, top_k)
        else:
            candidates = self._candidates(unique, top_k)
            scores = self._bm25.batch_scores(unique, candidates)
        return _best(candidates, scores, top_k)

    def score_each(self, query: Sequence[str], sentence_ids: np.ndarray) -> np.ndarray:
        """The exact BM25 score of each of ``sentence_ids`` for the query (0 for no match)."""
        known = self._bm25.term_ids
        unique = list(dict.fromkeys(term for term in query if term in known))
        if not unique or sentence_ids.size == 0:
            return np.zeros(sentence_ids.size)
        return self._bm25.batch_scores(unique, sentence_ids.astype(np.int64))

    def idf(self, term: str) -> float | None:
        return self._bm25.idf.get(term)

    def frequency(self, term: str) -> int:
        """How many sentences hold the term (0 for a term the index does not know)."""
        term_id = self._bm25.term_ids.get(term)
        if term_id is None:
            return 0
        offsets = self._bm25.postings.offsets
        return int(offsets[term_id + 1] - offsets[term_id])

    def unseen_idf(self) -> float:
        return lucene_idf(self._bm25.corpus_size, 0)

    def contains(self, sentence_id: int, term: str) -> bool:
        term_id = self._bm25.term_ids.get(term)
        if term_id is None:
            return False
        doc_ids, _ = self._bm25.term_postings(term_id)
        at = int(np.searchsorted(doc_ids, sentence_id))
        return at < doc_ids.size and int(doc_ids[at]) == sentence_id

    def contains_each(self, term: str, sentence_ids: np.ndarray) -> np.ndarray:
        """For each sentence id (any int array, -1 allowed for "none"), whether it has the term."""
        found = np.zeros(sentence_ids.shape, dtype=bool)
        term_id = self._bm25.term_ids.get(term)
        if term_id is None:
            return found
        doc_ids, _ = self._bm25.term_postings(term_id)
        if doc_ids.size == 0:
            return found
        at = np.minimum(np.searchsorted(doc_ids, sentence_ids), doc_ids.size - 1)
        return np.asarray(doc_ids[at] == sentence_ids)

    def count_in_ranges(self, term: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """For each range of sentence ids ``[starts[i], ends[i])``, how many have the term."""
        term_id = self._bm25.term_ids.get(term)
        if term_id is None:
            return np.zeros(starts.shape, dtype=np.int64)
        doc_ids, _ = self._bm25.term_postings(term_id)
        return np.asarray(np.searchsorted(doc_ids, ends) - np.searchsorted(doc_ids, starts))

    def _compiled_search(
        self, kernels: ModuleType, terms: list[str], top_k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """``_candidates`` and their exact scores in one compiled pass (``kernels.search``)."""
        bm25 = self._bm25
        postings = bm25.postings
        term_ids = np.array([bm25.term_ids[term] for term in terms], dtype=np.int64)
        idf = np.array([bm25.idf[term] for term in terms])
        lists, weights = self._distinct_lists(term_ids, idf)
        bounds = weights * self._bound_ratio[lists]
        order = np.argsort(-bounds, kind="stable")
        scratch = self._kernel_scratch()
        rows, bitmaps, ranks = self._dense_lists()
        found: tuple[np.ndarray, np.ndarray] = kernels.search(
            (postings.offsets, postings.doc_ids, postings.tfs),
            bm25.norm,
            bm25.k1 + 1,
            (term_ids, idf),
            (lists[order], weights[order], bounds[order]),
            top_k,
            _SLACK,
            scratch,
            (rows[lists[order]], bitmaps, ranks),
            self._posting_impacts(),
        )
        return found

    def _distinct_lists(
        self, term_ids: np.ndarray, idf: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The query's distinct postings lists (a term id holding each) and, for each, the summed
        idf of the terms whose postings equal it: such terms add the same ratio to the same
        sentences, so one walk serves them all."""
        same = self._same_lists()[term_ids]
        lists, group = np.unique(same, return_inverse=True)
        weights = np.zeros(lists.size)
        np.add.at(weights, group, idf)
        return lists.astype(np.int64), weights

    def _same_lists(self) -> np.ndarray:
        """For each term, a term whose postings are identical (the same for all of them)."""
        same = self._same
        if same is None:
            kernels = compiled_kernels()
            if kernels is None:
                raise RuntimeError("identical lists are found by the compiled kernels only")
            postings = self.postings
            same = kernels.same_lists(postings.offsets, postings.doc_ids, postings.tfs)
            self._same = same
        return same

    def _dense_lists(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each term's row in the bitmaps of the long lists (-1 for the others), the bitmaps and
        their ranks (``kernels.dense_lists``); a term shares its twin's row."""
        dense = self._dense
        if dense is None:
            kernels = compiled_kernels()
            if kernels is None:
                raise RuntimeError("bitmaps of the long lists serve the compiled kernels only")
            postings = self.postings
            sentences = self._bm25.corpus_size
            same = self._same_lists()
            lengths = np.diff(postings.offsets)
            long = np.flatnonzero(
                (lengths * DENSE_SHARE >= sentences) & (same == np.arange(same.size))
            )
            rows = np.full(same.size, -1, dtype=np.int64)
            rows[long] = np.arange(long.size)
            bitmaps, ranks = kernels.dense_lists(
                postings.offsets, postings.doc_ids, long, sentences
            )
            dense = (rows[same], bitmaps, ranks)
            self._dense = dense
        return dense

    def _posting_impacts(self) -> tuple[np.ndarray, float]:
        """Each posting's ratio in 255ths of its term's bound and the smallest ratio
        (``kernels.impacts``): what the compiled search adds for the lists it reads whole."""
        found = self._impacts
        if found is None:
            kernels = compiled_kernels()
            if kernels is None:
                raise RuntimeError("impacts serve the compiled kernels only")
            postings, bm25 = self.postings, self._bm25
            found = kernels.impacts(
                postings.offsets,
                postings.doc_ids,
                postings.tfs,
                bm25.norm,
                bm25.k1 + 1,
                self._bound_ratio,
            )
            self._impacts = found
        return found

    def _kernel_scratch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """This thread's scratch for ``kernels.search``: all-zero partial scores, room for every
        sentence id and one more, no sentence marked in the heap nor in the candidates' bitmap;
        the kernel leaves them so."""
        scratch = getattr(self._scratch, "kernel", None)
        if scratch is None:
            size = self._bm25.corpus_size
            scratch = (
                np.zeros(size),
                np.empty(size + 1, dtype=np.int32),
                np.zeros(size, dtype=bool),
                np.zeros((size + 63) // 64, dtype=np.uint64),
            )
            self._scratch.kernel = scratch
        return scratch

    def _candidates(self, terms: list[str], top_k: int) -> np.ndarray:
        """Every sentence that can be among the ``top_k`` best for ``terms`` (max-score)."""
        bm25 = self._bm25
        term_ids = [bm25.term_ids[term] for term in terms]
        bounds = [
            bm25.idf[t] * float(self._bound_ratio[i]) for t, i in zip(terms, term_ids, strict=True)
        ]
        order = sorted(range(len(terms)), key=lambda j: bounds[j], reverse=True)
        unread = [0.0] * (len(order) + 1)  # unread[p]: bound sum of the terms after p-1
        for p in range(len(order) - 1, -1, -1):
            unread[p] = unread[p + 1] + bounds[order[p]]
        partial = self._partial_scores()
        parts: list[np.ndarray] = []
        try:
            found = 0
            read_bound = 0.0
            stop = len(order)
            for p, j in enumerate(order):
                # The k-th partial score can beat the unread bounds only if some partial can.
                if found >= top_k and read_bound > unread[p]:
                    limit = unread[p] * (1 + 2 * _SLACK)
                    if _kth_largest_above(partial[np.concatenate(parts)], top_k, limit) > limit:
                        stop = p
                        break
                doc_ids, tfs = bm25.term_postings(term_ids[j])
                fresh = doc_ids[partial[doc_ids] == 0.0]  # contributions are all positive
                partial[doc_ids] += bm25.contributions(terms[j], doc_ids, tfs)
                parts.append(fresh)
                found += fresh.size
                read_bound += bounds[j]
            candidates = np.concatenate(parts)
            if found <= top_k:
                return candidates
            return self._refine(terms, term_ids, bounds, order[stop:], candidates, top_k)
        finally:
            for part in parts:
                partial[part] = 0.0

    def _refine(
        self,
        terms: list[str],
        term_ids: list[int],
        bounds: list[float],
        unread: list[int],
        candidates: np.ndarray,
        top_k: int,
    ) -> np.ndarray:
        """Narrow the candidates by adding the unread terms' contributions one term at a time,
        dropping those whose partial score plus the bounds still unread cannot reach the k-th
        partial score. Only the candidates' counts are looked up, not whole postings."""
        bm25 = self._bm25
        scores = self._partial_scores()[candidates]
        rest = sum(bounds[j] for j in unread)
        threshold = _kth_largest(scores, top_k)
        for p in range(len(unread) + 1):
            keep = scores + rest >= threshold - _SLACK * (threshold + rest)
            candidates, scores = candidates[keep], scores[keep]
            if p == len(unread) or candidates.size <= _FEW_CANDIDATES:
                break
            j = unread[p]
            tfs = bm25.frequencies(term_ids[j], candidates)
            scores = scores + bm25.contributions(terms[j], candidates, tfs)
            rest = sum(bounds[i] for i in unread[p + 1 :])
            threshold = max(threshold, _kth_largest_above(scores, top_k, threshold))
        return candidates

    def _partial_scores(self) -> np.ndarray:
        """This thread's all-zero scratch array, one slot per sentence; callers re-zero it."""
        partial = getattr(self._scratch, "partial", None)
        if partial is None:
            partial = np.zeros(self._bm25.corpus_size)
            self._scratch.partial = partial
        return partial


def _kth_largest(values: np.ndarray, k: int) -> float:
    return float(np.partition(values, values.size - k)[values.size - k])


def _kth_largest_above(values: np.ndarray, k: int, floor: float) -> float:
    """The k-th largest value if it exceeds ``floor``, else ``floor``: selecting among the few
    values above the floor is much cheaper than among all of them."""
    above = values[values > floor]
    return _kth_largest(above, k) if above.size >= k else floor


def _best(candidates: np.ndarray, scores: np.ndarray, top_k: int) -> list[ScoredSentence]:
    """The ``top_k`` positive scores, best first, equal scores by sentence id."""
    positive = scores > 0
    candidates, scores = candidates[positive], scores[positive]
    if scores.size > top_k:
        cutoff = _kth_largest(scores, top_k)
        keep = scores >= cutoff
        candidates, scores = candidates[keep], scores[keep]
    order = np.lexsort((candidates, -scores))[:top_k]
    return [ScoredSentence(int(candidates[i]), float(scores[i])) for i in order]
