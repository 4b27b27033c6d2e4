import math

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval.index import BM25Index, EmptyIndexError, ScoredSentence, lucene_idf, top_scored


def test_plain_bm25okapi_zeroes_a_term_in_half_the_sentences():
    # The pitfall this project works around: idf = log((2-1+0.5)/(1+0.5)) = 0.
    plain = BM25Okapi([["هدنه"], ["حرب"]])
    assert plain.get_scores(["هدنه"]).tolist() == [0.0, 0.0]


def test_term_in_half_the_sentences_still_scores():
    results = BM25Index([["هدنه"], ["حرب"]]).search(["هدنه"], top_k=2)
    assert [r.sentence_id for r in results] == [0]
    assert results[0].score > 0


def test_term_in_every_sentence_still_scores_positive():
    index = BM25Index([["هدنه", "حرب"], ["هدنه"], ["هدنه", "سلام"]])
    results = index.search(["هدنه"], top_k=3)
    assert len(results) == 3
    assert all(result.score > 0 for result in results)


def test_single_sentence_corpus():
    index = BM25Index([["سلام", "اتفاق"]])
    assert [r.sentence_id for r in index.search(["اتفاق"], top_k=5)] == [0]


def test_empty_corpus_is_refused_with_a_clear_error():
    with pytest.raises(EmptyIndexError, match="zero sentences"):
        BM25Index([])


def test_unknown_and_empty_queries_find_nothing():
    index = BM25Index([["سلام"], ["حرب"]])
    assert index.search(["اليابان"], top_k=3) == []
    assert index.search([], top_k=3) == []


def test_top_k_larger_than_the_corpus_returns_every_match():
    index = BM25Index([["سلام"], ["حرب"], ["سلام", "حرب"]])
    assert {r.sentence_id for r in index.search(["سلام"], top_k=100)} == {0, 2}


@pytest.mark.parametrize("top_k", [0, -1])
def test_top_k_must_be_positive(top_k):
    with pytest.raises(ValueError, match="top_k"):
        BM25Index([["سلام"]]).search(["سلام"], top_k=top_k)


def test_repeated_query_terms_count_once():
    index = BM25Index([["سلام", "حرب"], ["حرب"]])
    assert index.search(["سلام", "سلام"], top_k=1) == index.search(["سلام"], top_k=1)


def test_equal_scores_keep_sentence_order():
    assert top_scored(np.array([1.0, 2.0, 2.0, 0.0, 2.0]), 2) == [
        ScoredSentence(1, 2.0),
        ScoredSentence(2, 2.0),
    ]


def test_all_zero_scores_give_nothing():
    assert top_scored(np.zeros(4), 3) == []


def test_idf_is_lucene_and_unseen_terms_are_rarest():
    index = BM25Index([["سلام"], ["حرب"], ["سلام"]])
    assert index.idf("سلام") == pytest.approx(math.log(1 + (3 - 2 + 0.5) / (2 + 0.5)))
    assert index.idf("اليابان") is None
    assert index.unseen_idf() == pytest.approx(lucene_idf(3, 0))
    assert index.unseen_idf() > index.idf("حرب") > index.idf("سلام") > 0


def test_contains_reports_sentence_terms():
    index = BM25Index([["سلام"], ["حرب"]])
    assert index.contains(0, "سلام")
    assert not index.contains(1, "سلام")
