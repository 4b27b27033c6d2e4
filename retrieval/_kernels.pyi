"""Types of the C extension built from retrieval/_kernels.c (called only by retrieval.kernels)."""

import numpy as np

def count_postings(term_ids: np.ndarray, doc_len: np.ndarray, offsets: np.ndarray) -> None: ...
def fill_postings(
    term_ids: np.ndarray,
    doc_len: np.ndarray,
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    counts: np.ndarray,
) -> None: ...
def term_bounds(
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    tfs: np.ndarray,
    width: int,
    norm: np.ndarray,
    k1_plus_1: float,
    bounds: np.ndarray,
) -> None: ...
def list_hashes(
    offsets: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray, width: int, hashes: np.ndarray
) -> None: ...
def same_lists(
    order: np.ndarray,
    hashes: np.ndarray,
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    tfs: np.ndarray,
    width: int,
    same: np.ndarray,
) -> None: ...
def impacts(
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    tfs: np.ndarray,
    width: int,
    norm: np.ndarray,
    k1_plus_1: float,
    bounds: np.ndarray,
    impacts: np.ndarray,
) -> float: ...
def dense_lists(
    offsets: np.ndarray, doc_ids: np.ndarray, lists: np.ndarray, bits: np.ndarray, ranks: np.ndarray
) -> None: ...
def sentence_lengths(
    doc_ids: np.ndarray, tfs: np.ndarray, width: int, lengths: np.ndarray
) -> bool: ...
def search(
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    tfs: np.ndarray,
    width: int,
    norm: np.ndarray,
    k1_plus_1: float,
    query_lists: np.ndarray,
    query_idf: np.ndarray,
    group_lists: np.ndarray,
    group_weights: np.ndarray,
    group_bounds: np.ndarray,
    top_k: int,
    slack: float,
    partial: np.ndarray,
    touched: np.ndarray,
    in_heap: np.ndarray,
    bits: np.ndarray,
    group_dense: np.ndarray,
    dense: np.ndarray,
    ranks: np.ndarray,
    words: int,
    impacts: np.ndarray,
    smallest: float,
) -> tuple[bytes, bytes]: ...
