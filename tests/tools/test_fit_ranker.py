"""The fitting tool: its regression, the module it writes, and the threshold rules."""

from __future__ import annotations

import numpy as np

from retrieval.extract import Extraction
from retrieval.ranker import LinearModel
from tools.fit_ranker import (
    Pool,
    Ranked,
    Thresholds,
    choose_thresholds,
    fit_logistic,
    weights_module,
)


def test_the_regression_finds_the_direction_of_the_evidence() -> None:
    rng = np.random.default_rng(7)
    signal = rng.normal(size=400)
    noise = rng.normal(size=400)
    labels = (signal + 0.3 * rng.normal(size=400) > 0).astype(float)
    model = fit_logistic(
        ["signal", "noise"], np.column_stack([signal, noise]), labels, np.ones(400)
    )
    assert model.weights[0] > 1.0
    assert abs(model.weights[1]) < 0.5
    scores = model.scores({"signal": signal, "noise": noise})
    assert ((scores > 0) == (labels == 1)).mean() > 0.85


def test_the_written_module_loads_as_the_same_models() -> None:
    model = LinearModel(("a", "b"), (0.5, 1.0), (2.0, 1.0), (1.25, -0.5), 0.125)
    namespace: dict[str, object] = {}
    text = weights_module({"SENTENCE_MODEL": model}, Thresholds(-1.5, -4.0, 0.75), ["x.json"])
    exec(compile(text, "ranker_weights.py", "exec"), namespace)  # the tool's own output
    assert LinearModel.from_record(namespace["SENTENCE_MODEL"]) == model  # type: ignore[arg-type]
    assert namespace["ANSWER_THRESHOLD"] == -1.5


def ranked(set_name: str, answerable: float, answered: bool, *, right: bool = True) -> Ranked:
    pool = Pool(
        set_name,
        answered,
        False,
        {},
        np.ones(1),
        [Extraction("جواب", 1, 0)],
        ("جواب",) if right else ("آخر",),
    )
    return Ranked(
        pool,
        np.array([1.0, -5.0]),
        np.array([1.0, 0.0]),
        [Extraction("جواب", 1, 0)],
        {},
        answerable,
        2.0,
    )


def test_the_answer_threshold_keeps_declines_of_answerable_questions_low() -> None:
    questions = [ranked("a", float(n), True) for n in range(100)]
    questions += [ranked("a", -5.0, False) for _ in range(10)]
    thresholds = choose_thresholds(questions)
    declined = sum(q.answerable < thresholds.answer for q in questions if q.pool.answered)
    assert declined <= 5
    assert all(q.answerable < thresholds.answer for q in questions if not q.pool.answered)
