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


@_jit
def _sift_down(values: Any, docs: Any, size: int, at: int) -> None:
    """Restore the min-heap order below ``at`` after ``values[at]`` grew."""
    while True:
        child = 2 * at + 1
        if child >= size:
            return
        if child + 1 < size and values[child + 1] < values[child]:
            child += 1
        if values[at] <= values[child]:
            return
        values[at], values[child] = values[child], values[at]
        docs[at], docs[child] = docs[child], docs[at]
        at = child


@_jit
def _offer(
    values: Any, docs: Any, size: int, top_k: int, doc: int, value: float, in_heap: Any
) -> int:
    """Note that ``doc``'s partial score rose to ``value``, keeping in the min-heap
    (``values``, ``docs``) the ``top_k`` best partial scores so far; returns the heap's size.
    Called only when the heap is not full or ``value`` beats its smallest entry."""
    if in_heap[doc]:
        for at in range(size):
            if docs[at] == doc:
                values[at] = value
                _sift_down(values, docs, size, at)
                return size
    if size < top_k:
        at = size
        values[at] = value
        docs[at] = doc
        in_heap[doc] = True
        while at > 0:
            parent = (at - 1) >> 1
            if values[parent] <= values[at]:
                break
            values[at], values[parent] = values[parent], values[at]
            docs[at], docs[parent] = docs[parent], docs[at]
            at = parent
        return size + 1
    in_heap[docs[0]] = False
    values[0] = value
    docs[0] = doc
    in_heap[doc] = True
    _sift_down(values, docs, size, 0)
    return size


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
def _gallop(doc_ids: Any, at: int, end: int, doc: int) -> int:
    """The first position from ``at`` on (``end`` at most) whose sentence id is ``doc`` or
    more, in the ascending ``doc_ids[at:end]``: steps of 1, 2, 4, ... then a binary search."""
    if at >= end or doc_ids[at] >= doc:
        return at
    low = at
    step = 1
    while True:
        high = low + step
        if high >= end:
            high = end
            break
        if doc_ids[high] >= doc:
            break
        low = high
        step <<= 1
    low += 1
    while low < high:
        middle = (low + high) >> 1
        if doc_ids[middle] < doc:
            low = middle + 1
        else:
            high = middle
    return low


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
    in_heap: Any,
) -> Any:
    """The sentences that can be among the ``top_k`` best and their exact BM25 scores.

    ``query_lists``/``query_idf``: each query term's postings list and idf, in query order (the
    exact scores are added in this order). ``group_*``: the distinct lists of the query with the
    summed idf of their terms and their score bound, in reading order (largest bound first).
    ``partial`` (float64) and ``in_heap`` (bool), one slot per sentence, must be all zero and
    are left so; ``touched`` (int32, as many slots) is scratch. Returns (ids, scores),
    unordered, every sentence that could tie the k-th score included.

    A min-heap keeps the ``top_k`` best partial scores as they grow, so the k-th best partial
    score (the threshold no sentence outside the top k can beat) is known after every posting.
    """
    groups = group_lists.size
    unread = np.zeros(groups + 1)
    for p in range(groups - 1, -1, -1):
        unread[p] = unread[p + 1] + group_bounds[p]
    heap_values = np.zeros(top_k)
    heap_docs = np.zeros(top_k, dtype=np.int32)
    size = 0
    found = 0
    stop = groups
    for p in range(groups):
        # Unread lists cannot lift a sentence that none of the read ones holds above the k-th
        # best partial score: stop reading whole lists.
        if size == top_k and heap_values[0] > unread[p] * (1 + 2 * slack):
            stop = p
            break
        list_id = group_lists[p]
        weight = group_weights[p]
        for i in range(offsets[list_id], offsets[list_id + 1]):
            doc = doc_ids[i]
            tf = float(tfs[i])
            value = partial[doc]
            if value == 0.0:  # contributions are all positive
                touched[found] = doc
                found += 1
            value += weight * (tf * k1_plus_1 / (tf + norm[doc]))
            partial[doc] = value
            if size < top_k or value > heap_values[0]:
                size = _offer(heap_values, heap_docs, size, top_k, doc, value, in_heap)
    # The unread lists are added, one list at a time, to the candidates that can still reach
    # the k-th best score (their partial scores stay in ``partial``; a dropped one's is set to
    # -1). A list is walked whole, adding to the candidates it holds, while the candidates are
    # many beside it; once they are few, they are sorted by id once and each list is merged
    # with them by galloping (steps of 1, 2, 4, ... then a binary search). After each list,
    # candidates that the lists still unread cannot lift to the k-th best score are dropped.
    alive = np.empty(0, dtype=np.int32)
    live = 0
    ascending = False
    for p in range(stop, groups + 1):
        threshold = heap_values[0] if size == top_k else 0.0
        rest = unread[p]
        floor = threshold - slack * (threshold + rest) - rest
        if p == stop:
            alive = np.empty(found, dtype=np.int32)
            for i in range(found):
                doc = touched[i]
                if partial[doc] >= floor:
                    alive[live] = doc
                    live += 1
                else:
                    partial[doc] = -1.0
        else:
            kept = 0
            for i in range(live):
                doc = alive[i]
                if partial[doc] >= floor:
                    alive[kept] = doc
                    kept += 1
                else:
                    partial[doc] = -1.0
            live = kept
        if p == groups or live == 0:
            break
        start, end = offsets[group_lists[p]], offsets[group_lists[p] + 1]
        weight = group_weights[p]
        gallop = live * (2.0 * np.log2((end - start) / (live + 1.0) + 1.0) + 2.0)
        if not ascending and gallop + live * np.log2(live + 1.0) < end - start:
            alive[:live] = np.sort(alive[:live])
            ascending = True
        if ascending and gallop < end - start:
            at = start
            for i in range(live):
                doc = alive[i]
                at = _gallop(doc_ids, at, end, doc)
                if at == end:
                    break
                if doc_ids[at] == doc:
                    tf = float(tfs[at])
                    value = partial[doc] + weight * (tf * k1_plus_1 / (tf + norm[doc]))
                    partial[doc] = value
                    if size < top_k or value > heap_values[0]:
                        size = _offer(heap_values, heap_docs, size, top_k, doc, value, in_heap)
        else:
            for at in range(start, end):
                doc = doc_ids[at]
                value = partial[doc]
                if value > 0.0:
                    tf = float(tfs[at])
                    value += weight * (tf * k1_plus_1 / (tf + norm[doc]))
                    partial[doc] = value
                    if size < top_k or value > heap_values[0]:
                        size = _offer(heap_values, heap_docs, size, top_k, doc, value, in_heap)
    values = np.empty(live)
    for i in range(live):
        values[i] = partial[alive[i]]
    for i in range(found):
        partial[touched[i]] = 0.0
    for i in range(size):
        in_heap[heap_docs[i]] = False
    # Only sentences that can tie the k-th score are scored exactly.
    threshold = heap_values[0] if size == top_k else 0.0
    kept = 0
    for i in range(live):
        if values[i] >= threshold - slack * threshold:
            alive[kept] = alive[i]
            kept += 1
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


@_jit
def list_hashes(offsets: Any, doc_ids: Any, tfs: Any) -> Any:
    """A 64-bit hash (FNV-1a) of each term's postings, sentence ids and counts."""
    terms = offsets.size - 1
    hashes = np.empty(terms, dtype=np.uint64)
    prime = np.uint64(1099511628211)
    for term in range(terms):
        value = np.uint64(14695981039346656037)
        for i in range(offsets[term], offsets[term + 1]):
            value = (value ^ np.uint64(doc_ids[i])) * prime
            value = (value ^ np.uint64(tfs[i])) * prime
        hashes[term] = value
    return hashes


@_jit
def same_lists(order: Any, hashes: Any, offsets: Any, doc_ids: Any, tfs: Any) -> Any:
    """For each term, the first term (in ``order``, terms sorted by hash) whose postings equal
    its own, compared in full: itself when none does."""
    same = np.arange(offsets.size - 1).astype(np.int32)
    group = 0
    for j in range(1, order.size):
        term = order[j]
        first = order[group]
        if hashes[term] != hashes[first]:
            group = j
            continue
        start, end = offsets[term], offsets[term + 1]
        other = offsets[first]
        equal = end - start == offsets[first + 1] - other
        i = 0
        while equal and start + i < end:
            equal = doc_ids[start + i] == doc_ids[other + i] and tfs[start + i] == tfs[other + i]
            i += 1
        if equal:
            same[term] = first
        else:
            group = j  # a hash collision: this list starts a group of its own
    return same
