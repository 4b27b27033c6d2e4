"""The inverted index's inner loops, compiled by numba: the same arithmetic as the numpy code in
``retrieval.inverted``, one pass over the postings instead of a numpy call per step, and no
temporary arrays the size of the postings (building, the score bounds).

Imported only through ``retrieval.inverted.compiled_kernels()``, which falls back to the numpy
code when numba is missing or cannot compile here; both give the same ids and scores, bit for
bit (``tests/retrieval/test_index_equivalence.py`` runs both). The functions are written with
plain loops over arrays (no ``np.sort`` or ``np.partition``, which take numba seconds to compile)
and cached on disk, so a process compiles them once per installation.

Floating-point operations are never reordered or fused here (no ``fastmath``): the exact scores
are computed term by term in query order as ``idf * (tf * (k1 + 1) / (tf + norm))``, exactly as
rank-bm25 adds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit

_Function = TypeVar("_Function", bound=Callable[..., Any])


def _jit(function: _Function) -> _Function:
    """Compile with numba, cached on disk, releasing the GIL; typed as the Python function."""
    # A numba Dispatcher is called like the function it compiles.
    return cast(_Function, njit(cache=True, nogil=True)(function))


# A lookup by binary search costs about this many sequential reads of a postings list per step.
_LOOKUP_COST = 4.0


@_jit
def _kth_largest_above(
    partial: Any, ids: Any, count: int, k: int, floor: float, work: Any
) -> float:
    """The k-th largest of ``partial[ids[:count]]`` if it is above ``floor``, else ``floor``: a
    quickselect over the values above the floor only (``work``: scratch of ``count`` slots)."""
    n = 0
    for i in range(count):
        value = partial[ids[i]]
        if value > floor:
            work[n] = value
            n += 1
    if n < k:
        return floor
    # Quickselect for position n - k of the ascending order, among work[:n].
    target = n - k
    low, high = 0, n - 1
    while low < high:
        pivot = work[(low + high) // 2]
        i, j = low, high
        while i <= j:
            while work[i] < pivot:
                i += 1
            while work[j] > pivot:
                j -= 1
            if i <= j:
                work[i], work[j] = work[j], work[i]
                i += 1
                j -= 1
        if target <= j:
            high = j
        elif target >= i:
            low = i
        else:
            break
    return float(work[target])


@_jit
def _find(doc_ids: Any, start: int, end: int, doc: int) -> int:
    """The position of ``doc`` in the ascending ``doc_ids[start:end]``, or -1."""
    low, high = start, end
    while low < high:
        middle = (low + high) >> 1
        if doc_ids[middle] < doc:
            low = middle + 1
        else:
            high = middle
    if low < end and doc_ids[low] == doc:
        return low
    return -1


@_jit
def search(
    offsets: Any,
    doc_ids: Any,
    tfs: Any,
    norm: Any,
    k1_plus_1: float,
    query_lists: Any,
    query_idf: Any,
    group_lists: Any,
    group_weights: Any,
    group_bounds: Any,
    top_k: int,
    slack: float,
    partial: Any,
    touched: Any,
    work: Any,
) -> Any:
    """The sentences that can be among the ``top_k`` best and their exact BM25 scores.

    ``query_lists``/``query_idf``: each query term's postings list and idf, in query order (the
    exact scores are added in this order). ``group_*``: the distinct lists of the query with the
    summed idf of their terms and their score bound, in reading order (largest bound first).
    ``partial`` (float64, one slot per sentence) must be all zero and is left so; ``touched``
    (int32) and ``work`` (float64), as many slots, are scratch. Returns (ids, scores),
    unordered, every sentence that could tie the k-th score included.
    """
    groups = group_lists.size
    unread = np.zeros(groups + 1)
    for p in range(groups - 1, -1, -1):
        unread[p] = unread[p + 1] + group_bounds[p]
    found = 0
    read_bound = 0.0
    stop = groups
    threshold = 0.0
    for p in range(groups):
        # The k-th partial score can beat the unread bounds only if some partial can.
        if found >= top_k and read_bound > unread[p]:
            limit = unread[p] * (1 + 2 * slack)
            kth = _kth_largest_above(partial, touched, found, top_k, limit, work)
            if kth > limit:
                stop = p
                threshold = kth
                break
        list_id = group_lists[p]
        weight = group_weights[p]
        for i in range(offsets[list_id], offsets[list_id + 1]):
            doc = doc_ids[i]
            tf = float(tfs[i])
            if partial[doc] == 0.0:  # contributions are all positive
                touched[found] = doc
                found += 1
            partial[doc] += weight * (tf * k1_plus_1 / (tf + norm[doc]))
        read_bound += group_bounds[p]
    # Narrowing: the unread lists are added to the surviving candidates only, by looking each
    # one up in a list, or by walking the list when that is cheaper; a dropped candidate's
    # partial score is set to -1 so that a walk passes it by.
    alive = np.empty(found, dtype=np.int32)
    live = 0
    rest = unread[stop]
    for i in range(found):
        doc = touched[i]
        if partial[doc] + rest >= threshold - slack * (threshold + rest):
            alive[live] = doc
            live += 1
        else:
            partial[doc] = -1.0
    for p in range(stop, groups):
        list_id = group_lists[p]
        weight = group_weights[p]
        start, end = offsets[list_id], offsets[list_id + 1]
        if live * _LOOKUP_COST * np.log2(end - start + 1) < end - start:
            for i in range(live):
                doc = alive[i]
                at = _find(doc_ids, start, end, doc)
                if at >= 0:
                    tf = float(tfs[at])
                    partial[doc] += weight * (tf * k1_plus_1 / (tf + norm[doc]))
        else:
            for i in range(start, end):
                doc = doc_ids[i]
                if partial[doc] > 0.0:
                    tf = float(tfs[i])
                    partial[doc] += weight * (tf * k1_plus_1 / (tf + norm[doc]))
        rest = unread[p + 1]
        threshold = max(threshold, _kth_largest_above(partial, alive, live, top_k, threshold, work))
        kept = 0
        for i in range(live):
            doc = alive[i]
            if partial[doc] + rest >= threshold - slack * (threshold + rest):
                alive[kept] = doc
                kept += 1
            else:
                partial[doc] = -1.0
        live = kept
    # Only sentences that can tie the k-th score are scored exactly.
    threshold = max(threshold, _kth_largest_above(partial, alive, live, top_k, threshold, work))
    kept = 0
    for i in range(live):
        if partial[alive[i]] >= threshold - slack * threshold:
            alive[kept] = alive[i]
            kept += 1
    for i in range(found):
        partial[touched[i]] = 0.0
    exact = np.zeros(kept)
    for i in range(kept):
        doc = alive[i]
        total = 0.0
        for t in range(query_lists.size):
            list_id = query_lists[t]
            at = _find(doc_ids, offsets[list_id], offsets[list_id + 1], doc)
            if at >= 0:
                tf = float(tfs[at])
                total += query_idf[t] * (tf * k1_plus_1 / (tf + norm[doc]))
        exact[i] = total
    return alive[:kept].copy(), exact


@_jit
def invert(term_ids: Any, doc_len: Any, terms: int) -> Any:
    """Postings from each sentence's term ids in turn (``doc_len[d]`` ids for sentence d):
    (offsets, sentence ids, counts as uint32), each term's sentences ascending. Two passes, a
    counting sort: no sort of all term ids and nothing larger than the postings allocated."""
    last = np.full(terms, -1, dtype=np.int64)
    offsets = np.zeros(terms + 1, dtype=np.int64)
    at = 0
    for doc in range(doc_len.size):
        for _ in range(doc_len[doc]):
            term = term_ids[at]
            at += 1
            if last[term] != doc:
                last[term] = doc
                offsets[term + 1] += 1
    for term in range(terms):
        offsets[term + 1] += offsets[term]
    doc_ids = np.empty(offsets[terms], dtype=np.int32)
    counts = np.zeros(offsets[terms], dtype=np.uint32)
    fill = offsets[:-1].copy()
    last[:] = -1
    at = 0
    for doc in range(doc_len.size):
        for _ in range(doc_len[doc]):
            term = term_ids[at]
            at += 1
            if last[term] != doc:
                last[term] = doc
                doc_ids[fill[term]] = doc
                fill[term] += 1
            counts[fill[term] - 1] += 1
    return offsets, doc_ids, counts


@_jit
def term_bounds(offsets: Any, doc_ids: Any, tfs: Any, norm: Any, k1_plus_1: float) -> Any:
    """Per term, the largest ``tf * (k1 + 1) / (tf + norm)`` over its postings (0 for none)."""
    terms = offsets.size - 1
    bounds = np.zeros(terms)
    for term in range(terms):
        best = 0.0
        for i in range(offsets[term], offsets[term + 1]):
            tf = float(tfs[i])
            ratio = tf * k1_plus_1 / (tf + norm[doc_ids[i]])
            if ratio > best:
                best = ratio
        bounds[term] = best
    return bounds
