"""The inverted index's inner loops, compiled: the same arithmetic as the numpy code in
``retrieval.inverted``, one pass over the postings instead of a numpy call per step, and no
temporary arrays the size of the postings (building, the score bounds).

The loops are C (``retrieval/_kernels.c``, built by ``pip install``); this module checks and
converts every argument before calling them, since C trusts its buffers. It is imported only
through ``retrieval.inverted.compiled_kernels()``, which falls back to the numpy code when the
extension was not built; both give the same postings, ids and scores, bit for bit
(``tests/retrieval/test_index_equivalence.py`` runs both). The C is built with
``-ffp-contract=off``: exact scores are computed term by term in query order as
``idf * (tf * (k1 + 1) / (tf + norm))``, exactly as rank-bm25 adds them, no multiply-add fused.
"""

from __future__ import annotations

import numpy as np

import retrieval._kernels as _kernels


def _array(values: np.ndarray, dtype: type[np.generic]) -> np.ndarray:
    """``values`` as a C-contiguous array of ``dtype`` (no copy when it already is one)."""
    return np.ascontiguousarray(values, dtype=dtype)


def _counts(tfs: np.ndarray) -> tuple[np.ndarray, int]:
    """Counts as the C reads them: unsigned, 1, 2 or 4 bytes wide."""
    if tfs.dtype not in (np.uint8, np.uint16, np.uint32):
        raise TypeError(f"counts must be uint8, uint16 or uint32, not {tfs.dtype}")
    return np.ascontiguousarray(tfs), tfs.dtype.itemsize


def _check_postings(offsets: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray) -> None:
    if offsets.ndim != 1 or offsets.size < 1 or doc_ids.shape != tfs.shape:
        raise ValueError("postings need offsets and as many counts as sentence ids")
    if int(offsets[0]) != 0 or int(offsets[-1]) != doc_ids.size or np.any(np.diff(offsets) < 0):
        raise ValueError("postings offsets must rise from 0 to the number of postings")


def invert(term_ids: np.ndarray, doc_len: np.ndarray, terms: int) -> tuple[np.ndarray, ...]:
    """Postings from each sentence's term ids in turn (``doc_len[d]`` ids for sentence d):
    (offsets, sentence ids, counts as uint32), each term's sentences ascending. Two passes, a
    counting sort: no sort of all term ids and nothing larger than the postings allocated."""
    ids, lengths = _array(term_ids, np.int32), _array(doc_len, np.int32)
    if int(lengths.sum(dtype=np.int64)) != ids.size or (lengths.size and lengths.min() < 0):
        raise ValueError("sentence lengths must add up to the number of term ids")
    if ids.size and (ids.min() < 0 or ids.max() >= terms):
        raise ValueError(f"term ids must be in [0, {terms})")
    offsets = np.zeros(terms + 1, dtype=np.int64)
    _kernels.count_postings(ids, lengths, offsets)
    doc_ids = np.empty(int(offsets[-1]), dtype=np.int32)
    counts = np.zeros(int(offsets[-1]), dtype=np.uint32)
    _kernels.fill_postings(ids, lengths, offsets, doc_ids, counts)
    return offsets, doc_ids, counts


def term_bounds(
    offsets: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray, norm: np.ndarray, k1_plus_1: float
) -> np.ndarray:
    """Per term, the largest ``tf * (k1 + 1) / (tf + norm)`` over its postings (0 for none)."""
    offsets, doc_ids = _array(offsets, np.int64), _array(doc_ids, np.int32)
    counts, width = _counts(tfs)
    _check_postings(offsets, doc_ids, counts)
    norm = _array(norm, np.float64)
    if doc_ids.size and (doc_ids.min() < 0 or doc_ids.max() >= norm.size):
        raise ValueError("a sentence id has no length norm")
    bounds = np.zeros(offsets.size - 1)
    _kernels.term_bounds(offsets, doc_ids, counts, width, norm, float(k1_plus_1), bounds)
    return bounds


def same_lists(offsets: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray) -> np.ndarray:
    """For each term, a term whose postings are identical to its own, the same for all such
    terms (itself when it has no twin): lists are hashed, sorted by hash, compared in full."""
    offsets, doc_ids = _array(offsets, np.int64), _array(doc_ids, np.int32)
    counts, width = _counts(tfs)
    _check_postings(offsets, doc_ids, counts)
    hashes = np.empty(offsets.size - 1, dtype=np.uint64)
    _kernels.list_hashes(offsets, doc_ids, counts, width, hashes)
    order = np.argsort(hashes, kind="stable").astype(np.int64)
    same = np.arange(offsets.size - 1, dtype=np.int32)
    _kernels.same_lists(order, hashes, offsets, doc_ids, counts, width, same)
    return same


def sentence_lengths(doc_ids: np.ndarray, tfs: np.ndarray, sentences: int) -> np.ndarray | None:
    """Each sentence's number of terms (repeats included) from the postings' sentence ids and
    counts, or None when an id is not in ``[0, sentences)``."""
    ids = _array(doc_ids, np.int32)
    counts, width = _counts(tfs)
    if ids.shape != counts.shape:
        raise ValueError("one count per sentence id is needed")
    lengths = np.zeros(sentences, dtype=np.int64)
    return lengths if _kernels.sentence_lengths(ids, counts, width, lengths) else None


def impacts(
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    tfs: np.ndarray,
    norm: np.ndarray,
    k1_plus_1: float,
    bounds: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Each posting's ratio ``tf * (k1 + 1) / (tf + norm)`` in 255ths of its term's bound,
    rounded down (uint8: ``impact / 255 * bound`` never exceeds the ratio), and the smallest
    ratio of any posting."""
    offsets, doc_ids = _array(offsets, np.int64), _array(doc_ids, np.int32)
    counts, width = _counts(tfs)
    _check_postings(offsets, doc_ids, counts)
    norm, bounds = _array(norm, np.float64), _array(bounds, np.float64)
    if bounds.shape != (offsets.size - 1,):
        raise ValueError("one bound per term is needed")
    if doc_ids.size and (doc_ids.min() < 0 or doc_ids.max() >= norm.size):
        raise ValueError("a sentence id has no length norm")
    out = np.empty(doc_ids.size, dtype=np.uint8)
    smallest = _kernels.impacts(
        offsets, doc_ids, counts, width, norm, float(k1_plus_1), bounds, out
    )
    return out, smallest


def dense_lists(
    offsets: np.ndarray, doc_ids: np.ndarray, lists: np.ndarray, sentences: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bitmaps of the given lists' sentences, one row of ``(sentences + 63) // 64`` uint64 words
    per list, and for each word how many of the row's sentences come before it (uint32)."""
    offsets, doc_ids = _array(offsets, np.int64), _array(doc_ids, np.int32)
    lists = _array(lists, np.int64)
    if offsets.ndim != 1 or offsets.size < 1 or int(offsets[-1]) != doc_ids.size:
        raise ValueError("postings offsets must end at the number of postings")
    if lists.size and (lists.min() < 0 or lists.max() >= offsets.size - 1):
        raise ValueError(f"list ids must be in [0, {offsets.size - 1})")
    if doc_ids.size and (doc_ids.min() < 0 or doc_ids.max() >= sentences):
        raise ValueError(f"sentence ids must be in [0, {sentences})")
    words = (sentences + 63) // 64
    bits = np.zeros((lists.size, words), dtype=np.uint64)
    ranks = np.zeros((lists.size, words), dtype=np.uint32)
    _kernels.dense_lists(offsets, doc_ids, lists, bits, ranks)
    return bits, ranks


def search(
    postings: tuple[np.ndarray, np.ndarray, np.ndarray],
    norm: np.ndarray,
    k1_plus_1: float,
    query: tuple[np.ndarray, np.ndarray],
    groups: tuple[np.ndarray, np.ndarray, np.ndarray],
    top_k: int,
    slack: float,
    scratch: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    dense: tuple[np.ndarray, np.ndarray, np.ndarray],
    impacts: tuple[np.ndarray, float],
) -> tuple[np.ndarray, np.ndarray]:
    """The sentences that can be among the ``top_k`` best and their exact BM25 scores
    (unordered, every sentence that could tie the k-th score included).

    ``postings``: (offsets, sentence ids, counts), checked when the index was made, ``norm``
    one per sentence. ``query``: each query term's list and idf, in query order (the exact
    scores are added in this order). ``groups``: the query's distinct lists with the summed idf
    of their terms and their score bound, largest bound first. ``scratch``: partial scores
    (float64, all zero), room for every sentence id and one more (int32: a sentence read is
    noted without a branch), heap marks (bool, all false), one slot per sentence each but the
    room; left as given. ``dense``: each group's row in the bitmaps of the
    long lists (-1 for a list read by its ids) and ``dense_lists``' bitmaps and ranks, which
    must be those of the rows' lists. ``impacts``: ``impacts()`` of these postings and bounds
    (lists read whole add these lower bounds; every pruning step allows for what they leave
    out, and the exact scores are computed from the counts).
    """
    offsets, doc_ids, tfs = postings
    query_lists, query_idf = _array(query[0], np.int64), _array(query[1], np.float64)
    group_lists = _array(groups[0], np.int64)
    group_weights, group_bounds = _array(groups[1], np.float64), _array(groups[2], np.float64)
    partial, touched, in_heap, bits = scratch
    terms = offsets.size - 1
    sentences = norm.size
    if (
        offsets.dtype != np.int64
        or doc_ids.dtype != np.int32
        or norm.dtype != np.float64
        or not (
            offsets.flags.c_contiguous and doc_ids.flags.c_contiguous and norm.flags.c_contiguous
        )
    ):
        raise TypeError("postings must be contiguous int64 offsets, int32 ids, float64 norms")
    counts, width = _counts(tfs)
    if query_lists.size != query_idf.size or not (
        group_lists.size == group_weights.size == group_bounds.size
    ):
        raise ValueError("one idf per query list and one weight and bound per group are needed")
    for lists in (query_lists, group_lists):
        if lists.size and (lists.min() < 0 or lists.max() >= terms):
            raise ValueError(f"list ids must be in [0, {terms})")
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if (
        partial.dtype != np.float64
        or touched.dtype != np.int32
        or in_heap.dtype != np.bool_
        or bits.dtype != np.uint64
        or not partial.size == touched.size - 1 == in_heap.size == sentences
        or bits.size != (sentences + 63) // 64
        or not all(a.flags.c_contiguous and a.flags.writeable for a in scratch)
    ):
        raise ValueError(
            "scratch must be float64, int32 and bool arrays, one slot per sentence (the int32 "
            "one more), and uint64 words of one bit per sentence"
        )
    group_dense = _array(dense[0], np.int64)
    bitmaps, ranks = dense[1], dense[2]
    words = (sentences + 63) // 64
    if (
        group_dense.size != group_lists.size
        or bitmaps.dtype != np.uint64
        or ranks.dtype != np.uint32
        or bitmaps.ndim != 2
        or bitmaps.shape[1] != words
        or ranks.shape != bitmaps.shape
        or not (bitmaps.flags.c_contiguous and ranks.flags.c_contiguous)
        or (group_dense.size and not -1 <= group_dense.min() <= group_dense.max() < len(bitmaps))
    ):
        raise ValueError(
            "dense lists need one row (or -1) per group and contiguous bitmaps and ranks of one "
            "bit per sentence"
        )
    posting_impacts, smallest = impacts
    if (
        posting_impacts.dtype != np.uint8
        or posting_impacts.shape != doc_ids.shape
        or not posting_impacts.flags.c_contiguous
        or not smallest > 0
    ):
        raise ValueError("impacts need one uint8 per posting and a positive smallest ratio")
    ids, scores = _kernels.search(
        offsets,
        doc_ids,
        counts,
        width,
        norm,
        float(k1_plus_1),
        query_lists,
        query_idf,
        group_lists,
        group_weights,
        group_bounds,
        top_k,
        float(slack),
        partial,
        touched,
        in_heap.view(np.uint8),
        bits,
        group_dense,
        bitmaps,
        ranks,
        words,
        posting_impacts,
        float(smallest),
    )
    return np.frombuffer(ids, dtype=np.int32), np.frombuffer(scores, dtype=np.float64)
