"""The answer model as plain arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest

from retrieval import ranker_weights
from retrieval.ranker import LinearModel, probability


def test_scores_are_the_standardized_weighted_sum() -> None:
    model = LinearModel(
        features=("a", "b"), mean=(1.0, 0.0), scale=(2.0, 1.0), weights=(4.0, -1.0), bias=0.5
    )
    columns = {"a": np.array([1.0, 3.0]), "b": np.array([0.0, 2.0]), "unused": np.zeros(2)}
    assert model.scores(columns).tolist() == [0.5, 0.5 + 4.0 - 2.0]


def test_a_model_without_features_scores_its_bias() -> None:
    model = LinearModel(features=(), mean=(), scale=(), weights=(), bias=-1.5)
    assert model.scores({"a": np.zeros(3)}).tolist() == [-1.5, -1.5, -1.5]


@pytest.mark.parametrize(
    "record",
    [
        {"features": ["a"], "mean": [0.0, 1.0], "scale": [1.0], "weights": [1.0], "bias": 0.0},
        {"features": ["a"], "mean": [0.0], "scale": [0.0], "weights": [1.0], "bias": 0.0},
        {"features": ["a"], "mean": [0.0], "scale": [1.0], "weights": ["x"], "bias": 0.0},
        {"features": "a", "mean": [0.0], "scale": [1.0], "weights": [1.0], "bias": 0.0},
    ],
    ids=["lengths", "zero-scale", "not-a-number", "not-a-list"],
)
def test_a_malformed_record_is_refused(record: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        LinearModel.from_record(record)


def test_the_committed_models_load() -> None:
    for record in (
        ranker_weights.SENTENCE_MODEL,
        ranker_weights.ANSWER_MODEL,
        ranker_weights.ANSWERABLE_MODEL,
        ranker_weights.SHORT_ANSWER_MODEL,
    ):
        assert LinearModel.from_record(record).features


@pytest.mark.parametrize("log_odds", [-1000.0, -2.0, 0.0, 2.0, 1000.0])
def test_probability_is_the_logistic_function_without_overflow(log_odds: float) -> None:
    p = probability(log_odds)
    assert 0.0 <= p <= 1.0
    if abs(log_odds) < 50:
        assert p == pytest.approx(1 / (1 + math.exp(-log_odds)))
