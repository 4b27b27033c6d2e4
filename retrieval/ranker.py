"""The answer model: a logistic regression over a candidate sentence's evidence, as plain
arithmetic. Its coefficients are fitted by ``tools/fit_ranker.py`` on the development sets and
committed in ``retrieval.ranker_weights``; nothing is learned at run time.

A model's score is the log-odds that a candidate sentence answers the question:
``bias + sum(weight * (feature - mean) / scale)``. The thresholds that turn scores into decisions
(answer or decline, which hits to show, when to show a short answer) are fitted with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Logistic-regression coefficients over named features (standardized by mean and scale)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def __post_init__(self) -> None:
        sizes = {len(self.features), len(self.mean), len(self.scale), len(self.weights)}
        if len(sizes) != 1:
            raise ValueError("a model needs one mean, scale and weight per feature")
        if any(scale <= 0 for scale in self.scale):
            raise ValueError("feature scales must be positive")

    def scores(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """Log-odds for each row of the named feature columns (all of equal length)."""
        rows = len(next(iter(columns.values()))) if columns else 1
        total = np.full(rows, self.bias)
        for name, mean, scale, weight in zip(
            self.features, self.mean, self.scale, self.weights, strict=True
        ):
            total += weight * (columns[name] - mean) / scale
        return total

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> LinearModel:
        """A model from the plain data ``tools/fit_ranker.py`` writes."""
        return cls(
            features=tuple(str(f) for f in _sequence(record["features"])),
            mean=_floats(record["mean"]),
            scale=_floats(record["scale"]),
            weights=_floats(record["weights"]),
            bias=_float(record["bias"]),
        )


def probability(log_odds: float) -> float:
    """The logistic function, safe for large magnitudes."""
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    odds = math.exp(log_odds)
    return odds / (1.0 + odds)


def _sequence(value: object) -> Sequence[object]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value


def _float(value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _floats(value: object) -> tuple[float, ...]:
    return tuple(_float(item) for item in _sequence(value))
