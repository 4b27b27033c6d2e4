"""Fit the answer models on the development sets and write ``retrieval/ranker_weights.py``.

    python -m tools.fit_ranker SET [SET ...] [--write] [--pools FILE]

A SET is a SQuAD file (asked of its own articles) or ``QUESTIONS.jsonl@CORPUS_FOLDER``
(``make fit-ranker`` names the development sets). For each set the engine is built over the
whole corpus, where each answerable question's candidates are labelled by whether they hold its
gold evidence, and once per fold of the leave-out check (``LEAVE_OUT_EVERY`` folds, so every
article is left out once; ``retrieval.evaluation.left_out_articles``) over the corpus without
that fold's articles, where their questions become questions the corpus cannot answer. Every set
weighs the same in each fit, whatever its size, so the models are not the models of the largest
set.

Four logistic regressions (L2-regularized, fitted by Newton's method in numpy):

- the sentence model, over ``retrieval.evidence.SENTENCE_FEATURES`` on every candidate;
- the answer model, over those and the answer-type features on the candidates the sentence model
  puts in its top ``TYPED_DEPTH``, as at run time;
- the answerable model, over ``ANSWERABLE_FEATURES`` of each question's best candidate and pool:
  does the corpus answer the question at all? A feature whose weight comes out against
  ``ANSWERABLE_SIGNS`` is dropped (the worst first) and the rest fitted again.

Then the thresholds, each chosen over all sets at once:

- ANSWER_THRESHOLD: the highest log-odds at which the sets decline on average at most
  ``MAX_ANSWERABLE_DECLINED`` of their answerable questions, and no set of ``LARGE_SET`` or more
  answerable questions more than ``MAX_LARGE_SET_DECLINED`` (on a small set one question is
  several percent);
- HIT_THRESHOLD: the highest at which no set's top-10 drops by more than ``MAX_TOP10_LOSS``;
- SHORT_ANSWER_THRESHOLD, on the short-answer model's log-odds (a fourth regression, over
  ``SHORT_ANSWER_FEATURES`` of the questions whose first hit has a short answer: is it right,
  with token F1 at least ``RIGHT_F1``? A feature against ``SHORT_ANSWER_SIGNS`` is dropped as
  for the answerable model): the lowest at which the short answers shown are right
  at least ``MIN_SHORT_ANSWER_PRECISION`` of the time on every set that shows at least
  ``MIN_SHORT_ANSWERS_JUDGED`` (not on average: the easy sample articles must not buy wrong
  answers on the hard sets); one shown for a question the set says its corpus does not answer
  counts as wrong.

Without ``--write`` it only prints the models and the figures. ``--pools FILE`` keeps the
candidate pools between runs (delete the file after changing the features).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from retrieval.corpus import Corpus
from retrieval.engine import Engine
from retrieval.eval_sets import EvalQuestion, load_question_set
from retrieval.evaluation import (
    LEAVE_OUT_EVERY,
    RIGHT_F1,
    best_f1,
    left_out_articles,
    without_articles,
)
from retrieval.evidence import (
    ANSWER_TYPE_FEATURES,
    ANSWERABLE_FEATURES,
    ANSWERABLE_SIGNS,
    SENTENCE_FEATURES,
    SHORT_ANSWER_FEATURES,
    SHORT_ANSWER_SIGNS,
    answerability,
    short_answer_features,
    with_reading,
)
from retrieval.extract import Extraction
from retrieval.judge import TYPED_DEPTH, UNKNOWN_SUBJECT
from retrieval.normalize import normalize
from retrieval.question import Question, analyze_question
from retrieval.ranker import LinearModel

MAX_ANSWERABLE_DECLINED = 0.05
MAX_LARGE_SET_DECLINED = 0.05
LARGE_SET = 100
MAX_TOP10_LOSS = 0.01
MIN_SHORT_ANSWER_PRECISION = 0.8
# Fewer shown short answers than this on a set say nothing about its precision.
MIN_SHORT_ANSWERS_JUDGED = 5
L2 = 1.0
NEWTON_STEPS = 100
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "retrieval" / "ranker_weights.py"
ANSWER_FEATURES = SENTENCE_FEATURES + ANSWER_TYPE_FEATURES
THRESHOLD_GRID = np.arange(-8.0, 6.0, 0.05)
Columns = dict[str, np.ndarray]


@dataclass
class Pool:
    """One question's candidates as the fit sees them."""

    set_name: str
    answered: bool  # whether the corpus it was asked of answers it
    left_out: bool  # asked of the corpus without its article
    columns: Columns  # every feature, for every candidate (answer types included)
    labels: np.ndarray  # 1.0 where the candidate holds the gold evidence
    shorts: list[Extraction | None]
    gold_answers: tuple[str, ...]
    question: Question | None = None


@dataclass
class Ranked:
    """A question's candidates as the fitted models rank them."""

    pool: Pool
    log_odds: np.ndarray  # the answer model's, of its top rows, best first
    labels: np.ndarray
    shorts: list[Extraction | None]
    features: Columns = field(default_factory=dict)  # the answerable model's, one value each
    answerable: float = -1e9
    short_answer: float = -1e9  # the short-answer model's log-odds (when there is one)


def load_pools(path: Path | None, sets: Sequence[str]) -> list[Pool]:
    """The pools of every set: computed, or read back from ``path`` when it was saved for the
    same sets by this tool."""
    if path is not None and path.is_file():
        saved = pickle.loads(path.read_bytes())  # written by this tool on this machine
        if saved["sets"] == list(sets):
            return list(saved["pools"])
    pools = [pool for spec in sets for pool in collect(spec)]
    if path is not None:
        path.write_bytes(pickle.dumps({"sets": list(sets), "pools": pools}))
    return pools


def collect(spec: str) -> list[Pool]:
    """The candidate pools of one set, over the whole corpus and the leave-out corpus."""
    path, _, folder = spec.partition("@")
    question_set = load_question_set(path)
    corpus: Corpus | None = question_set.corpus
    if corpus is None:
        corpus = Engine.from_folder(folder or "seeds").corpus
    name = question_set.name
    print(f"{name}: {len(question_set.questions)} questions", file=sys.stderr)
    pools = _pools(Engine(corpus), question_set.questions, name, left_out=False)
    for fold in range(LEAVE_OUT_EVERY):
        removed = left_out_articles(question_set.questions, fold)
        gone = [
            EvalQuestion(q.question, kind="left-out")
            for q in question_set.questions
            if q.answerable and set(q.doc_ids) <= removed
        ]
        if gone:
            smaller = Engine(without_articles(corpus, removed))
            pools += _pools(smaller, gone, name, left_out=True)
    return pools


def _pools(
    engine: Engine, questions: Sequence[EvalQuestion], name: str, *, left_out: bool
) -> list[Pool]:
    judge = engine.judge
    pools = []
    for q in questions:
        question = judge.spelled(analyze_question(q.question))
        evidence = judge.evidence(question)
        if evidence is None:
            pools.append(
                Pool(name, q.answerable, left_out, {}, np.zeros(0), [], q.answers, question)
            )
            continue
        ids = [int(i) for i in evidence.sentence_ids]
        shorts = [judge.short_answer(question, i) for i in ids]
        rows = np.arange(len(ids))
        columns = with_reading(evidence, question, rows, shorts)
        labels = np.array([_holds_evidence(engine, q, i) for i in ids], dtype=np.float64)
        pools.append(
            Pool(name, q.answerable, left_out, columns, labels, shorts, q.answers, question)
        )
    return pools


def _holds_evidence(engine: Engine, question: EvalQuestion, sentence_id: int) -> bool:
    sentence = engine.judge.sentence(sentence_id)
    if sentence.doc_id not in question.doc_ids:
        return False
    text = normalize(sentence.text)
    return any(normalize(phrase) in text for phrase in question.evidence)


def fit_logistic(
    names: Sequence[str], features: np.ndarray, labels: np.ndarray, weights: np.ndarray
) -> LinearModel:
    """An L2-regularized, weighted logistic regression over standardized features."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.hstack([np.ones((len(features), 1)), (features - mean) / scale])
    theta = np.zeros(design.shape[1])
    penalty = np.r_[0.0, np.full(design.shape[1] - 1, L2)]
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (weights * (p - labels)) + penalty * theta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return LinearModel(
        features=tuple(names),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in theta[1:]),
        bias=float(theta[0]),
    )


def _stack(columns: Columns, names: Sequence[str], rows: np.ndarray) -> np.ndarray:
    return np.column_stack([columns[name][rows] for name in names])


def fit_candidates(
    pools: Sequence[Pool], names: Sequence[str], rows_of: Callable[[Pool], np.ndarray]
) -> LinearModel:
    """A candidate-level model over the ``rows_of`` each pool; each set weighs the same, and
    within a set each question."""
    per_set: dict[str, int] = {}
    for pool in pools:
        per_set[pool.set_name] = per_set.get(pool.set_name, 0) + 1
    blocks, labels, weights = [], [], []
    for pool in pools:
        rows = rows_of(pool)
        blocks.append(_stack(pool.columns, names, rows))
        labels.append(pool.labels[rows])
        weights.append(np.full(rows.size, 1.0 / (per_set[pool.set_name] * rows.size)))
    weight = np.concatenate(weights)
    weight *= len(weight) / weight.sum()
    return fit_logistic(names, np.vstack(blocks), np.concatenate(labels), weight)


def top_rows(sentence_model: LinearModel) -> Callable[[Pool], np.ndarray]:
    """The rows the sentence model puts in its top TYPED_DEPTH, as the judge reads them."""

    def rows(pool: Pool) -> np.ndarray:
        scores = sentence_model.scores(pool.columns)
        return np.argsort(-scores, kind="stable")[:TYPED_DEPTH]

    return rows


def rank_all(
    pools: Sequence[Pool], sentence_model: LinearModel, answer_model: LinearModel
) -> list[Ranked]:
    """Every question ranked as the judge ranks it, with its answerable features."""
    ranked = []
    for pool in pools:
        if pool.labels.size == 0:
            ranked.append(Ranked(pool, np.zeros(0), np.zeros(0), []))
            continue
        top = top_rows(sentence_model)(pool)
        columns = {name: values[top] for name, values in pool.columns.items()}
        scores = answer_model.scores(columns)
        order = np.argsort(-scores, kind="stable")
        rows = top[order]
        ranked.append(
            Ranked(
                pool,
                scores[order],
                pool.labels[rows],
                [pool.shorts[i] for i in rows],
                answerability(pool.columns, columns, scores, order),
            )
        )
    return ranked


def fit_with_signs(
    names: Sequence[str],
    rows: Sequence[Columns],
    labels: np.ndarray,
    weights: np.ndarray,
    signs: dict[str, int],
) -> LinearModel:
    """A logistic regression over the features ``names`` of ``rows`` (one value each) that
    drops the feature whose weight points most against its sign (``signs``: +1, -1, or 0 for
    either way) and fits again, until none does."""
    kept = list(names)
    while True:
        values = np.array([[float(row[n][0]) for n in kept] for row in rows])
        model = fit_logistic(kept, values, labels, weights)
        against = {
            name: signs[name] * weight
            for name, weight in zip(kept, model.weights, strict=True)
            if signs[name] * weight < 0
        }
        if not against:
            return model
        kept.remove(min(against, key=against.__getitem__))


def fit_answerable(ranked: Sequence[Ranked]) -> LinearModel:
    """The answerable model (see the module docstring); sets ``answerable`` on each question.
    Within a set, the questions its corpus answers weigh as much as those it does not."""
    usable = [r for r in ranked if r.features]
    labels = np.array([float(r.pool.answered and not r.pool.left_out) for r in usable])
    weights = np.zeros(len(usable))
    for name in {r.pool.set_name for r in usable}:
        for label in (0.0, 1.0):
            members = [
                i for i, r in enumerate(usable) if r.pool.set_name == name and labels[i] == label
            ]
            weights[members] = 1.0 / max(1, len(members))
    weights *= len(weights) / weights.sum()
    rows = [r.features for r in usable]
    model = fit_with_signs(ANSWERABLE_FEATURES, rows, labels, weights, ANSWERABLE_SIGNS)
    for r in usable:
        vetoed = float(r.features["unknown_subject"][0]) >= UNKNOWN_SUBJECT
        # The judge declines these whatever the model says (see retrieval.judge).
        r.answerable = -1e9 if vetoed else float(model.scores(r.features)[0])
    return model


def _text(extraction: Extraction | None) -> str:
    return extraction.answer if extraction is not None else ""


def _shows_short_answer(r: Ranked) -> bool:
    """Whether the question has a gold short answer and its first hit a short answer to judge
    (one of the kind asked for: the judge shows no other)."""
    first = r.shorts[0] if r.shorts else None
    return _answered(r) and bool(r.pool.gold_answers) and first is not None and first.fits


def fit_short_answer(ranked: Sequence[Ranked]) -> LinearModel:
    """The short-answer model: is the first hit's short answer right (token F1 at least
    RIGHT_F1)? Each set weighs the same; sets ``short_answer`` on each question."""
    judged = [r for r in ranked if _shows_short_answer(r) and r.pool.question is not None]
    features = [
        short_answer_features(r.pool.question, r.features, r.answerable, r.shorts[0])
        for r in judged
        if r.pool.question is not None and r.shorts[0] is not None
    ]
    labels = np.array(
        [float(best_f1(_text(r.shorts[0]), r.pool.gold_answers) >= RIGHT_F1) for r in judged]
    )
    per_set: dict[str, int] = {}
    for r in judged:
        per_set[r.pool.set_name] = per_set.get(r.pool.set_name, 0) + 1
    weights = np.array([1.0 / per_set[r.pool.set_name] for r in judged])
    weights *= len(weights) / weights.sum()
    model = fit_with_signs(SHORT_ANSWER_FEATURES, features, labels, weights, SHORT_ANSWER_SIGNS)
    for r in ranked:
        first = r.shorts[0] if r.shorts else None
        if r.features and r.pool.question is not None and first is not None and first.fits:
            asked = short_answer_features(r.pool.question, r.features, r.answerable, first)
            r.short_answer = float(model.scores(asked)[0])
    return model


def _answered(r: Ranked) -> bool:
    return r.pool.answered and not r.pool.left_out


def _unanswerable(r: Ranked) -> bool:
    """A question its set says the corpus does not answer (not one asked without its article)."""
    return not r.pool.answered and not r.pool.left_out


def _shown(r: Ranked, k: int, hit_threshold: float) -> list[int]:
    """The ranks of the hits shown among the first ``k``: the best, and those above the
    threshold."""
    return [0] + [i for i in range(1, min(k, r.log_odds.size)) if r.log_odds[i] >= hit_threshold]


@dataclass(frozen=True)
class Thresholds:
    answer: float
    hit: float
    short_answer: float


def choose_thresholds(ranked: Sequence[Ranked]) -> Thresholds:
    """The thresholds (see the module docstring)."""
    sets = sorted({r.pool.set_name for r in ranked})
    answered = {n: [r for r in ranked if r.pool.set_name == n and _answered(r)] for n in sets}
    unanswerable = {
        n: [r for r in ranked if r.pool.set_name == n and _unanswerable(r)] for n in sets
    }

    def declined(name: str, t: float) -> float:
        return sum(r.answerable < t for r in answered[name]) / max(1, len(answered[name]))

    def acceptable(t: float) -> bool:
        shares = [declined(n, t) for n in sets]
        large = [declined(n, t) for n in sets if len(answered[n]) >= LARGE_SET]
        return sum(shares) / len(shares) <= MAX_ANSWERABLE_DECLINED and all(
            share <= MAX_LARGE_SET_DECLINED for share in large
        )

    answer = max(float(t) for t in THRESHOLD_GRID if acceptable(float(t)))

    def top10(name: str, hit: float) -> float:
        good = sum(
            r.answerable >= answer and any(r.labels[i] for i in _shown(r, 10, hit))
            for r in answered[name]
        )
        return good / max(1, len(answered[name]))

    best = {n: top10(n, -1e9) for n in sets}
    hit = max(
        float(t)
        for t in THRESHOLD_GRID
        if all(top10(n, float(t)) >= best[n] - MAX_TOP10_LOSS for n in sets)
    )

    def precision(name: str, t: float) -> float | None:
        given = [
            r
            for r in answered[name]
            if _shows_short_answer(r) and r.answerable >= answer and r.short_answer >= t
        ]
        # A short answer shown for a question the corpus does not answer is a wrong one.
        wrong = sum(r.answerable >= answer and r.short_answer >= t for r in unanswerable[name])
        if len(given) + wrong < MIN_SHORT_ANSWERS_JUDGED:
            return None
        right = sum(best_f1(_text(r.shorts[0]), r.pool.gold_answers) >= RIGHT_F1 for r in given)
        return right / (len(given) + wrong)

    def precise(t: float) -> bool:
        judged = [p for p in (precision(n, t) for n in sets) if p is not None]
        return all(p >= MIN_SHORT_ANSWER_PRECISION for p in judged)

    fine = [float(t) for t in THRESHOLD_GRID if precise(float(t))]
    return Thresholds(answer, hit, min(fine) if fine else float(THRESHOLD_GRID[-1]))


def report(ranked: Sequence[Ranked], thresholds: Thresholds) -> str:
    """A markdown table of each set's figures at these thresholds, as the judge would give them."""
    lines = [
        "| set | top-1 | top-3 | top-10 | answerable declined | unanswerable declined "
        "| left-out declined | short given | short right | short F1 given |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted({r.pool.set_name for r in ranked}):
        mine = [r for r in ranked if r.pool.set_name == name]
        full = [r for r in mine if _answered(r)]
        unanswerable = [r for r in mine if not r.pool.answered and not r.pool.left_out]
        left = [r for r in mine if r.pool.left_out]

        def declined(r: Ranked) -> bool:
            return r.answerable < thresholds.answer

        def top(r: Ranked, k: int) -> bool:
            return not declined(r) and any(r.labels[i] for i in _shown(r, k, thresholds.hit))

        with_gold = [r for r in full if r.pool.gold_answers]
        given = [
            r
            for r in with_gold
            if not declined(r) and r.shorts[0] and r.short_answer >= thresholds.short_answer
        ]
        f1s = [best_f1(_text(r.shorts[0]), r.pool.gold_answers) for r in given]
        cells = [
            _share([top(r, 1) for r in full], len(full)),
            _share([top(r, 3) for r in full], len(full)),
            _share([top(r, 10) for r in full], len(full)),
            _share([declined(r) for r in full], len(full)),
            _share([declined(r) for r in unanswerable], len(unanswerable)),
            _share([declined(r) for r in left], len(left)),
            _share([True] * len(given), len(with_gold)),
            _share([f >= RIGHT_F1 for f in f1s], len(given)),
            f"{sum(f1s) / len(f1s):.3f}" if f1s else "—",
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _share(flags: Sequence[bool], total: int) -> str:
    return f"{sum(flags) / total:.3f}" if total else "—"


def describe(title: str, model: LinearModel) -> str:
    rows = [f"{title}: bias {model.bias:+.3f}"]
    rows += [f"  {n:>30} {w:+.3f}" for n, w in zip(model.features, model.weights, strict=True)]
    return "\n".join(rows)


def weights_module(
    models: dict[str, LinearModel], thresholds: Thresholds, sets: Sequence[str]
) -> str:
    """The text of ``retrieval/ranker_weights.py``."""
    fitted_on = ", ".join(Path(spec.partition("@")[0]).name for spec in sets)
    parts = [
        '"""The coefficients and thresholds of the answer models, by tools/fit_ranker.py.\n',
        "Fitted on:",
        *(f"- {name}" for name in fitted_on.split(", ")),
        "",
        'Do not edit by hand: run `make fit-ranker` (see tools/fit_ranker.py)."""\n',
    ]
    for name, model in models.items():
        parts.append(f"{name} = {{")
        parts.append(f"    {'features'!r}: [")
        parts += [f"        {feature!r}," for feature in model.features]
        parts.append("    ],")
        for key in ("mean", "scale", "weights"):
            parts.append(f"    {key!r}: [")
            parts += [f"        {value:.6g}," for value in getattr(model, key)]
            parts.append("    ],")
        parts.append(f"    {'bias'!r}: {model.bias:.6g},")
        parts.append("}\n")
    parts.append(f"ANSWER_THRESHOLD = {thresholds.answer:.4g}")
    parts.append(f"HIT_THRESHOLD = {thresholds.hit:.4g}")
    parts.append(f"SHORT_ANSWER_THRESHOLD = {thresholds.short_answer:.4g}")
    return "\n".join(parts).replace("'", '"') + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fit_ranker", description=__doc__)
    parser.add_argument("sets", nargs="+", metavar="SET")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    parser.add_argument("--pools", type=Path, help="keep the candidate pools in this file")
    args = parser.parse_args(argv)
    pools = load_pools(args.pools, args.sets)
    usable = [p for p in pools if p.labels.size]
    sentence_model = fit_candidates(usable, SENTENCE_FEATURES, lambda p: np.arange(p.labels.size))
    answer_model = fit_candidates(usable, ANSWER_FEATURES, top_rows(sentence_model))
    ranked = rank_all(pools, sentence_model, answer_model)
    answerable_model = fit_answerable(ranked)
    short_answer_model = fit_short_answer(ranked)
    thresholds = choose_thresholds(ranked)
    for title, model in (
        ("sentence model", sentence_model),
        ("answer model", answer_model),
        ("answerable model", answerable_model),
        ("short-answer model", short_answer_model),
    ):
        print(describe(title, model))
    print(f"thresholds: {thresholds}")
    print(report(ranked, thresholds))
    if args.write:
        models = {
            "SENTENCE_MODEL": sentence_model,
            "ANSWER_MODEL": answer_model,
            "ANSWERABLE_MODEL": answerable_model,
            "SHORT_ANSWER_MODEL": short_answer_model,
        }
        WEIGHTS_FILE.write_text(weights_module(models, thresholds, args.sets), encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
