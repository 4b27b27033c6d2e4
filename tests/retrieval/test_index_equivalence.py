"""The inverted index returns exactly rank-bm25's full-scan top k: same ids, same scores.

Every test runs twice: with the numpy code and with the compiled kernels (``retrieval.kernels``),
which large indexes use.
"""

from __future__ import annotations

import random
from itertools import accumulate

import numpy as np
import pytest

from retrieval import inverted
from retrieval.index import (
    BM25Index,
    EmptyIndexError,
    LuceneIdfBM25Okapi,
    ScoredSentence,
    top_scored,
)
from retrieval.inverted import CompactBM25Okapi, InvertedBM25Index, build_postings

SENTENCES = 3000


@pytest.fixture(params=["numpy", "compiled"], autouse=True)
def code_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with the numpy code, or with the compiled kernels at any size."""
    if request.param == "compiled":
        assert inverted.compiled_kernels() is not None, "C kernels not built (pip install -e .)"
        monkeypatch.setattr(inverted, "KERNEL_MIN_SENTENCES", 0)
    else:
        monkeypatch.setattr(inverted, "KERNEL_MIN_SENTENCES", 2**62)
    return str(request.param)


def _zipf_corpus(seed: int, sentences: int, vocabulary: int) -> list[list[str]]:
    rng = random.Random(seed)
    # Cumulative weights once, not per sentence: rng.choices draws the very same words either way.
    cum_weights = list(accumulate(1 / (rank + 1) ** 1.1 for rank in range(vocabulary)))
    words = [f"w{rank}" for rank in range(vocabulary)]
    return [
        rng.choices(words, cum_weights=cum_weights, k=rng.randint(1, 30)) for _ in range(sentences)
    ]


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return _zipf_corpus(seed=5, sentences=SENTENCES, vocabulary=4000)


@pytest.fixture(scope="module")
def reference(corpus: list[list[str]]) -> LuceneIdfBM25Okapi:
    return LuceneIdfBM25Okapi(corpus)


@pytest.fixture(scope="module")
def index(corpus: list[list[str]]) -> InvertedBM25Index:
    return InvertedBM25Index(corpus)


def _full_scan(bm25: LuceneIdfBM25Okapi, query: list[str]) -> list[ScoredSentence]:
    """Every sentence the query scores above zero, best first: its top k is the first k."""
    unique = list(dict.fromkeys(term for term in query if term in bm25.idf))
    if not unique:
        return []
    scores = bm25.get_scores(unique)
    ranked = sorted((i for i in range(len(scores)) if scores[i] > 0), key=lambda i: (-scores[i], i))
    return [ScoredSentence(i, float(scores[i])) for i in ranked]


# The full scans are the slow part (a Python loop over every sentence): each query's is computed
# once per module and shared, read only, by both code paths and every top k.
FullScans = list[tuple[list[str], list[ScoredSentence]]]


def _queries(corpus: list[list[str]]) -> list[list[str]]:
    rng = random.Random(11)
    frequency: dict[str, int] = {}
    for sentence in corpus:
        for term in set(sentence):
            frequency[term] = frequency.get(term, 0) + 1
    by_frequency = sorted(frequency, key=lambda t: (-frequency[t], t))
    common, rare = by_frequency[:20], by_frequency[-500:]
    middle = by_frequency[20:-500]
    queries = [[term] for term in common[:5]] + [[term] for term in rare[:5]]
    queries.append(common[:8])  # only very common terms: nothing can be skipped
    queries.append(["unknown", common[0], "w0", "w0"])  # unknown and repeated terms
    for _ in range(150):
        query = (
            rng.sample(common, rng.randint(0, 3))
            + rng.sample(middle, rng.randint(0, 4))
            + rng.sample(rare, rng.randint(0, 3))
        )
        rng.shuffle(query)
        queries.append(query or [rng.choice(by_frequency)])
    for _ in range(30):  # a sentence's own words, as a question quoting it would have
        queries.append(rng.sample(rng.choice(corpus), 1) + rng.choice(corpus)[:6])
    return queries


@pytest.fixture(scope="module")
def full_scans(corpus: list[list[str]], reference: LuceneIdfBM25Okapi) -> FullScans:
    return [(query, _full_scan(reference, query)) for query in _queries(corpus)]


@pytest.mark.parametrize("top_k", [1, 10, 30])
def test_top_k_ids_and_scores_equal_rank_bm25_full_scan(
    full_scans: FullScans, index: InvertedBM25Index, top_k: int
) -> None:
    for query, ranked in full_scans:
        assert index.search(query, top_k=top_k) == ranked[:top_k], query


def test_narrowing_every_candidate_set_keeps_the_top_k_exact(
    full_scans: FullScans, index: InvertedBM25Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At this size candidate sets are small and go straight to exact scoring; force the
    # term-by-term narrowing that large corpora go through.
    monkeypatch.setattr(inverted, "_FEW_CANDIDATES", 0)
    for query, ranked in full_scans:
        assert index.search(query, top_k=10) == ranked[:10], query


def test_compact_scores_equal_rank_bm25_scores_bit_for_bit(
    corpus: list[list[str]], reference: LuceneIdfBM25Okapi
) -> None:
    compact = CompactBM25Okapi(build_postings(corpus))
    ids = list(range(0, SENTENCES, 7))
    for query in _queries(corpus)[:60]:
        full = reference.get_scores(query)
        assert np.array_equal(compact.get_scores(query), full)
        assert compact.get_batch_scores(query, ids) == reference.get_batch_scores(query, ids)


def test_idf_and_average_length_equal_rank_bm25(
    corpus: list[list[str]], reference: LuceneIdfBM25Okapi, index: InvertedBM25Index
) -> None:
    assert index.bm25.idf == reference.idf
    assert index.bm25.avgdl == reference.avgdl
    assert index.unseen_idf() == BM25Index(corpus).unseen_idf()


def test_contains_matches_the_sentence_terms(
    corpus: list[list[str]], index: InvertedBM25Index
) -> None:
    for sentence_id in range(0, SENTENCES, 97):
        for term in corpus[sentence_id]:
            assert index.contains(sentence_id, term)
        assert not index.contains(sentence_id, "unknown")
    absent = next(t for t in index.bm25.idf if t not in corpus[0])
    assert not index.contains(0, absent)


def test_compiled_and_numpy_builds_give_the_same_postings_and_bounds(
    corpus: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inverted, "KERNEL_MIN_SENTENCES", 0)
    compiled = InvertedBM25Index(corpus)
    monkeypatch.setattr(inverted, "KERNEL_MIN_SENTENCES", 2**62)
    plain = InvertedBM25Index(corpus)
    for field in ("offsets", "doc_ids", "tfs", "doc_len"):
        ours, theirs = getattr(compiled.postings, field), getattr(plain.postings, field)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), field
    assert compiled.postings.terms == plain.postings.terms
    assert np.array_equal(compiled.bounds, plain.bounds)


@pytest.fixture(scope="module")
def doubled(corpus: list[list[str]]) -> tuple[list[list[str]], FullScans]:
    """The corpus with a twin of every third word (same sentences), and 80 queries' full scans."""
    doubled = [
        sentence + [f"~{term}" for term in sentence if int(term[1:]) % 3 == 0]
        for sentence in corpus
    ]
    reference = LuceneIdfBM25Okapi(doubled)
    queries = [
        query + [f"~{term}" for term in query if term[1:].isdigit()]
        for query in _queries(corpus)[:80]
    ]
    return doubled, [(query, _full_scan(reference, query)) for query in queries]


def test_terms_with_identical_postings_keep_the_full_scan_top_k(
    doubled: tuple[list[list[str]], FullScans],
) -> None:
    # A stem and its skeleton often occur in exactly the same sentences; the compiled search
    # walks such lists once, with their idfs summed.
    corpus, full_scans = doubled
    index = InvertedBM25Index(corpus)
    for query, ranked in full_scans:
        for top_k in (1, 10, 60):
            assert index.search(query, top_k=top_k) == ranked[:top_k], query


def _both(tokenized: list[list[str]]) -> tuple[BM25Index, InvertedBM25Index]:
    return BM25Index(tokenized), InvertedBM25Index(tokenized)


def test_one_sentence_corpus_scores_its_terms() -> None:
    full, inverted = _both([["نفط", "سعر"]])
    assert inverted.search(["سعر"], top_k=5) == full.search(["سعر"], top_k=5)
    assert inverted.search(["سعر"], top_k=5)[0].score > 0


def test_term_in_half_the_sentences_still_scores_above_zero() -> None:
    full, inverted = _both([["نفط", "سعر"], ["قمح", "مطر"]])
    hits = inverted.search(["نفط"], top_k=5)
    assert [hit.sentence_id for hit in hits] == [0]
    assert hits[0].score > 0
    assert hits == full.search(["نفط"], top_k=5)


def test_term_in_every_sentence_still_scores_above_zero() -> None:
    full, inverted = _both([["نفط", "سعر"], ["نفط", "مطر"]])
    hits = inverted.search(["نفط"], top_k=5)
    assert [hit.sentence_id for hit in hits] == [0, 1]
    assert all(hit.score > 0 for hit in hits)
    assert hits == full.search(["نفط"], top_k=5)


def test_empty_query_and_unknown_words_find_nothing() -> None:
    _, inverted = _both([["نفط", "سعر"]])
    assert inverted.search([], top_k=3) == []
    assert inverted.search(["اليابان"], top_k=3) == []


def test_top_k_larger_than_corpus_returns_every_match_best_first() -> None:
    tokenized = [["نفط"], ["نفط", "نفط", "سعر"], ["قمح"]]
    full, inverted = _both(tokenized)
    hits = inverted.search(["نفط", "سعر"], top_k=100)
    assert [hit.sentence_id for hit in hits] == [1, 0]
    assert hits == full.search(["نفط", "سعر"], top_k=100)


def test_equal_scores_are_ordered_by_sentence_id() -> None:
    tokenized = [["قمح", "مطر"], ["نفط", "سعر"], ["نفط", "سعر"], ["نفط", "سعر"]]
    full, inverted = _both(tokenized)
    hits = inverted.search(["سعر"], top_k=2)
    assert [hit.sentence_id for hit in hits] == [1, 2]
    assert hits == full.search(["سعر"], top_k=2)


def test_all_scores_zero_returns_nothing() -> None:
    _, inverted = _both([["نفط"], ["سعر"]])
    assert inverted.search(["قمح", "مطر"], top_k=3) == []


def test_zero_sentences_is_refused() -> None:
    with pytest.raises(EmptyIndexError):
        InvertedBM25Index([])


def test_top_k_below_one_is_refused() -> None:
    _, inverted = _both([["نفط"]])
    with pytest.raises(ValueError, match="top_k"):
        inverted.search(["نفط"], top_k=0)


def test_sentence_lengths_counted_from_the_postings_equal_the_stored_ones(
    corpus: list[list[str]], code_path: str
) -> None:
    postings = build_postings(corpus)
    assert np.array_equal(inverted.sentence_lengths(postings), postings.doc_len)
    if code_path == "compiled":
        shifted = np.array(postings.doc_ids)
        shifted[-1] = postings.doc_len.size  # one id past the last sentence
        broken = inverted.Postings(
            postings.terms, postings.offsets, shifted, postings.tfs, postings.doc_len
        )
        with pytest.raises(ValueError, match="out of range"):
            inverted.sentence_lengths(broken)


def _compiled_search_of_one_term(index: InvertedBM25Index, scratch: tuple, dense: tuple) -> None:
    """The compiled search for term 0 alone, top 10, with this scratch and these bitmaps."""
    kernels = inverted.compiled_kernels()
    assert kernels is not None
    postings = index.postings
    kernels.search(
        (postings.offsets, postings.doc_ids, postings.tfs),
        index.bm25.norm,
        index.bm25.k1 + 1,
        (np.array([0]), np.array([1.0])),
        (np.array([0]), np.array([1.0]), np.array([1.0])),
        10,
        1e-9,
        scratch,
        dense,
        index._posting_impacts(),
    )


def test_compiled_search_refuses_scratch_of_the_wrong_kind(index: InvertedBM25Index) -> None:
    size = len(index)
    scratch = (
        np.zeros(size, dtype=np.float32),
        np.empty(size, dtype=np.int32),
        np.zeros(size, bool),
        np.zeros((size + 63) // 64, dtype=np.uint64),
    )
    with pytest.raises(ValueError, match="scratch"):
        _compiled_search_of_one_term(index, scratch, index._dense_lists())


def test_compiled_search_refuses_bitmaps_of_another_size(index: InvertedBM25Index) -> None:
    _, bitmaps, ranks = index._dense_lists()
    dense = (np.array([0]), bitmaps[:, :-1].copy(), ranks[:, :-1].copy())
    with pytest.raises(ValueError, match="dense lists"):
        _compiled_search_of_one_term(index, index._kernel_scratch(), dense)


def test_impacts_bound_each_ratio_within_a_255th_of_its_terms_bound(
    index: InvertedBM25Index,
) -> None:
    postings, bm25 = index.postings, index.bm25
    impacts, smallest = index._posting_impacts()
    tfs = postings.tfs.astype(np.float64)
    ratios = tfs * (bm25.k1 + 1) / (tfs + bm25.norm[postings.doc_ids])
    bounds = np.repeat(index.bounds, np.diff(postings.offsets))
    assert smallest == ratios.min()
    assert np.all(impacts / 255 * bounds <= ratios * (1 + 1e-12))
    assert np.all(ratios < (impacts.astype(np.float64) + 1) / 255 * bounds * (1 + 1e-12))
    assert impacts.max() == 255  # a term's best posting is its bound


def test_bitmaps_hold_each_long_list_and_the_count_before_each_word(
    index: InvertedBM25Index,
) -> None:
    rows, bitmaps, ranks = index._dense_lists()
    offsets, doc_ids = index.postings.offsets, index.postings.doc_ids
    long = np.diff(offsets) * inverted.DENSE_SHARE >= SENTENCES
    assert bitmaps.shape[1] == (SENTENCES + 63) // 64 and 0 < len(bitmaps) < long.size
    assert np.array_equal(rows >= 0, long)
    for term in np.flatnonzero(long)[:20]:
        ids = doc_ids[offsets[term] : offsets[term + 1]]
        bits = np.unpackbits(bitmaps[rows[term]].view(np.uint8), bitorder="little")
        assert np.array_equal(np.flatnonzero(bits), ids)
        words = np.arange(bitmaps.shape[1]) * 64
        assert np.array_equal(ranks[rows[term]], np.searchsorted(ids, words))


@pytest.fixture(scope="module")
def large() -> tuple[list[list[str]], list[tuple[list[str], int, list[ScoredSentence]]]]:
    """30,000 sentences, and for 60 queries the full scan's top 10 and top 60."""
    corpus = _zipf_corpus(seed=7, sentences=30_000, vocabulary=3000)
    reference = CompactBM25Okapi(build_postings(corpus))
    expected = []
    for query in _queries(corpus[:3000])[:60]:
        unique = list(dict.fromkeys(t for t in query if t in reference.term_ids))
        scores = reference.get_scores(unique) if unique else np.zeros(len(corpus))
        expected += [(query, top_k, top_scored(scores, top_k)) for top_k in (10, 60)]
    return corpus, expected


@pytest.mark.parametrize("dense_share", [0, inverted.DENSE_SHARE, 2**40])
def test_long_lists_merged_by_galloping_keep_the_exact_top_k(
    code_path: str,
    dense_share: int,
    large: tuple[list[list[str]], list[tuple[list[str], int, list[ScoredSentence]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Lists of thousands of sentences beside few candidates: the compiled search sorts the
    # candidates and gallops through the lists (small corpora always walk them), or reads
    # them from bitmaps: none of them (share 0), the long ones, or every list.
    if code_path == "numpy" and dense_share != inverted.DENSE_SHARE:
        pytest.skip("the numpy code keeps no bitmaps")
    monkeypatch.setattr(inverted, "DENSE_SHARE", dense_share)
    corpus, expected = large
    index = InvertedBM25Index(corpus)
    for query, top_k, best in expected:
        assert index.search(query, top_k=top_k) == best, query
    if code_path == "compiled":  # every question leaves the scratch as it found it
        partial, _, in_heap, bits = index._kernel_scratch()
        assert not partial.any() and not in_heap.any() and not bits.any()
