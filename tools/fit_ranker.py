"""Fit the answer model on the development sets and write ``retrieval/ranker_weights.py``.

    python -m tools.fit_ranker SET [SET ...] [--write]

A SET is a SQuAD file (asked of its own articles) or ``QUESTIONS.jsonl@CORPUS_FOLDER``. For each
set the engine is built twice: over the whole corpus, where each answerable question's candidates
are labelled by whether they hold its gold evidence, and over the corpus without the leave-out
check's articles (``retrieval.evaluation.left_out_articles``), where the removed articles'
questions become questions the corpus cannot answer. Unanswerable questions of a JSON Lines set
count as such too. Every set weighs the same in the fit, whatever its size, so the model is not
the model of its largest set.

Two logistic regressions (L2-regularized, fitted by Newton's method in numpy): the sentence
model over ``retrieval.evidence.SENTENCE_FEATURES`` on every candidate, and the answer model over
those and the answer-type features on the candidates the sentence model puts in its top
``TYPED_DEPTH``, as at run time. Then the thresholds, each chosen on every set at once:

- ANSWER_THRESHOLD: the highest log-odds at which the sets decline on average at most
  ``MAX_ANSWERABLE_DECLINED`` of their answerable questions, and no large set more than
  ``MAX_LARGE_SET_DECLINED``;
- HIT_THRESHOLD: the highest at which no set's top-10 drops by more than ``MAX_TOP10_LOSS``;
- SHORT_ANSWER_THRESHOLD: the lowest at which the short answers shown are right (token F1 at
  least ``RIGHT_F1``) at least ``MIN_SHORT_ANSWER_PRECISION`` of the time on every set.

Without ``--write`` it only prints the figures.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.corpus import Corpus
from retrieval.engine import Engine
from retrieval.eval_sets import EvalQuestion, load_question_set
from retrieval.evaluation import RIGHT_F1, best_f1, left_out_articles, without_articles
from retrieval.evidence import (
    ANSWER_TYPE_FEATURES,
    ANSWERABLE_FEATURES,
    SENTENCE_FEATURES,
    answerability,
    with_answer_types,
)
from retrieval.judge import TYPED_DEPTH
from retrieval.normalize import normalize
from retrieval.question import analyze_question

# The answerable questions declined: at most this share on average over the sets, and at most
# MAX_LARGE_SET_DECLINED on any set of LARGE_SET answerable questions or more (on a small set one
# question is several percent).
MAX_ANSWERABLE_DECLINED = 0.03
MAX_LARGE_SET_DECLINED = 0.04
LARGE_SET = 100
MAX_TOP10_LOSS = 0.01
MIN_SHORT_ANSWER_PRECISION = 0.8
L2 = 1.0
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "retrieval" / "ranker_weights.py"
ANSWER_FEATURES = SENTENCE_FEATURES + ANSWER_TYPE_FEATURES


@dataclass
class Pool:
    """One question's candidates as the fit sees them."""

    set_name: str
    answerable: bool  # in the corpus it was asked of
    left_out: bool  # asked of the corpus without its article
    columns: dict[str, np.ndarray]  # every feature, for every candidate
    labels: np.ndarray  # 1 where the candidate holds the gold evidence
    shorts: list[str | None]
    gold_answers: tuple[str, ...]


def load_pools(path: Path | None, sets: Sequence[str]) -> list[Pool]:
    """The pools of every set: computed, or read back from ``path`` when it was saved for the
    same sets (feature code changes need a fresh run: delete the file)."""
    if path is not None and path.is_file():
        saved = pickle.loads(path.read_bytes())  # a file this tool wrote on this machine
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
    removed = left_out_articles(question_set.questions)
    gone = [
        EvalQuestion(q.question, kind="left-out")
        for q in question_set.questions
        if q.answerable and set(q.doc_ids) <= removed
    ]
    if gone:
        pools += _pools(Engine(without_articles(corpus, removed)), gone, name, left_out=True)
    return pools


def _pools(engine: Engine, questions: Sequence[EvalQuestion], name: str, *, left_out: bool) -> list[Pool]:
    judge = engine.judge
    pools = []
    for q in questions:
        question = judge.spelled(analyze_question(q.question))
        evidence = judge.evidence(question)
        if evidence is None:
            pools.append(Pool(name, q.answerable, left_out, {}, np.zeros(0), [], q.answers))
            continue
        ids = evidence.sentence_ids
        shorts = [judge.short_answer(question, int(i)) for i in ids]
        rows = np.arange(ids.size)
        columns = with_answer_types(evidence, question, rows, [s is not None for s in shorts])
        labels = np.array([_holds_evidence(engine, q, int(i)) for i in ids], dtype=np.float64)
        pools.append(Pool(name, q.answerable, left_out, columns, labels, shorts, q.answers))
    return pools


def _holds_evidence(engine: Engine, question: EvalQuestion, sentence_id: int) -> bool:
    sentence = engine.judge.sentence(sentence_id)
    if sentence.doc_id not in question.doc_ids:
        return False
    text = normalize(sentence.text)
    return any(normalize(phrase) in text for phrase in question.evidence)


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, weights: np.ndarray, l2: float = L2
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, coefficients, bias) of an L2-regularized weighted logistic regression."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.hstack([np.ones((len(features), 1)), (features - mean) / scale])
    theta = np.zeros(design.shape[1])
    penalty = np.r_[0.0, np.full(design.shape[1] - 1, l2)]
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (weights * (p - labels)) + penalty * theta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, theta[1:], float(theta[0])


def _matrix(pools: Sequence[Pool], names: Sequence[str], rows_of) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sizes: dict[str, int] = {}
    for pool in pools:
        sizes[pool.set_name] = sizes.get(pool.set_name, 0) + 1
    blocks, labels, weights = [], [], []
    for pool in pools:
        rows = rows_of(pool)
        if rows.size == 0:
            continue
        blocks.append(np.column_stack([pool.columns[name][rows] for name in names]))
        labels.append(pool.labels[rows])
        # Each set weighs the same; within a set each question weighs the same.
        weights.append(np.full(rows.size, 1.0 / (sizes[pool.set_name] * rows.size)))
    weight = np.concatenate(weights)
    return np.vstack(blocks), np.concatenate(labels), weight * len(weight) / weight.sum()


def _scores(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], names, pool: Pool, rows: np.ndarray) -> np.ndarray:
    mean, scale, coefficients, bias = model
    features = np.column_stack([pool.columns[name][rows] for name in names])
    return bias + ((features - mean) / scale) @ coefficients


@dataclass
class Ranked:
    pool: Pool
    log_odds: np.ndarray  # answer-model scores of the typed rows, best first
    labels: np.ndarray
    shorts: list[str | None]
    features: dict[str, np.ndarray]  # the answerable model's, one value each
    answerable: float = 0.0  # the answerable model's log-odds, once fitted


def rank_all(pools: Sequence[Pool], sentence_model, answer_model) -> list[Ranked]:
    ranked = []
    for pool in pools:
        if pool.labels.size == 0:
            ranked.append(Ranked(pool, np.zeros(0), np.zeros(0), [], {}))
            continue
        top = _typed_rows(sentence_model)(pool)
        second = _scores(answer_model, ANSWER_FEATURES, pool, top)
        order = np.argsort(-second, kind="stable")
        columns = {name: values[top] for name, values in pool.columns.items()}
        features = answerability(pool.columns, columns, second, order)
        rows = top[order]
        ranked.append(
            Ranked(pool, second[order], pool.labels[rows], [pool.shorts[i] for i in rows], features)
        )
    return ranked


def fit_answerable(ranked: Sequence[Ranked]):
    """The answerable model: does the corpus answer the question at all? Each set weighs the
    same, and within a set the questions it answers weigh as much as those it does not."""
    usable = [r for r in ranked if r.features]
    features = np.array([[float(r.features[n][0]) for n in ANSWERABLE_FEATURES] for r in usable])
    labels = np.array([float(_answered(r)) for r in usable])
    weights = np.zeros(len(usable))
    for name in {r.pool.set_name for r in usable}:
        for label in (0.0, 1.0):
            members = [i for i, r in enumerate(usable) if r.pool.set_name == name and labels[i] == label]
            weights[members] = 1.0 / max(1, len(members))
    weights *= len(weights) / weights.sum()
    model = fit_logistic(features, labels, weights)
    for r in ranked:
        if r.features:
            values = np.array([float(r.features[n][0]) for n in ANSWERABLE_FEATURES])
            r.answerable = float(model[3] + ((values - model[0]) / model[1]) @ model[2])
        else:
            r.answerable = -1e9
    return model


def _answered(r: Ranked) -> bool:
    return r.pool.answerable and not r.pool.left_out


def _typed_rows(sentence_model):
    def rows(pool: Pool) -> np.ndarray:
        everything = np.arange(pool.labels.size)
        first = _scores(sentence_model, SENTENCE_FEATURES, pool, everything)
        return np.argsort(-first, kind="stable")[:TYPED_DEPTH]

    return rows


def _shown(r: Ranked, k: int, hit_t: float) -> list[int]:
    return [0] + [i for i in range(1, min(k, r.log_odds.size)) if r.log_odds[i] >= hit_t]


def report(ranked: Sequence[Ranked], answer_t: float, hit_t: float, short_t: float) -> None:
    sets = sorted({r.pool.set_name for r in ranked})
    print(
        "| set | top-1 | top-3 | top-10 | answerable declined | unanswerable declined "
        "| left-out declined | short given | short right | short F1 given |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in sets:
        mine = [r for r in ranked if r.pool.set_name == name]
        full = [r for r in mine if r.pool.answerable and not r.pool.left_out]
        una = [r for r in mine if not r.pool.answerable and not r.pool.left_out]
        left = [r for r in mine if r.pool.left_out]

        def declined(r: Ranked) -> bool:
            return r.answerable < answer_t

        def top(r: Ranked, k: int) -> bool:
            return not declined(r) and any(r.labels[i] for i in _shown(r, k, hit_t))

        with_gold = [r for r in full if r.pool.gold_answers]
        given = [
            r for r in with_gold
            if not declined(r) and r.shorts[0] and r.log_odds[0] >= short_t
        ]
        f1s = [best_f1(r.shorts[0] or "", r.pool.gold_answers) for r in given]

        def share(flags, n: int) -> str:
            return f"{sum(flags) / n:.3f}" if n else "—"

        print(
            f"| {name} | {share([top(r, 1) for r in full], len(full))} "
            f"| {share([top(r, 3) for r in full], len(full))} "
            f"| {share([top(r, 10) for r in full], len(full))} "
            f"| {share([declined(r) for r in full], len(full))} "
            f"| {share([declined(r) for r in una], len(una))} "
            f"| {share([declined(r) for r in left], len(left))} "
            f"| {share([1] * len(given), len(with_gold))} "
            f"| {share([f >= RIGHT_F1 for f in f1s], len(given))} | {share(f1s, len(given))} |"
        )


def choose_thresholds(ranked: Sequence[Ranked]) -> tuple[float, float, float]:
    sets = sorted({r.pool.set_name for r in ranked})
    grid = np.arange(-8.0, 6.0, 0.05)
    full = {n: [r for r in ranked if r.pool.set_name == n and _answered(r)] for n in sets}

    def declined_share(name: str, t: float) -> float:
        return sum(r.answerable < t for r in full[name]) / max(1, len(full[name]))

    def acceptable(t: float) -> bool:
        shares = [declined_share(n, t) for n in sets]
        large = [declined_share(n, t) for n in sets if len(full[n]) >= LARGE_SET]
        return (
            sum(shares) / len(shares) <= MAX_ANSWERABLE_DECLINED
            and all(share <= MAX_LARGE_SET_DECLINED for share in large)
        )

    answer_t = max(t for t in grid if acceptable(t))

    def top10(name: str, hit_t: float) -> float:
        good = sum(
            r.answerable >= answer_t and any(r.labels[i] for i in _shown(r, 10, hit_t))
            for r in full[name]
        )
        return good / max(1, len(full[name]))

    best = {n: top10(n, -1e9) for n in sets}
    hit_t = max(t for t in grid if all(top10(n, t) >= best[n] - MAX_TOP10_LOSS for n in sets))

    def precision(name: str, t: float) -> float:
        given = [
            r for r in full[name]
            if r.pool.gold_answers and r.answerable >= answer_t and r.log_odds[0] >= t
            and r.shorts[0]
        ]
        if len(given) < 5:
            return 1.0
        right = sum(best_f1(r.shorts[0] or "", r.pool.gold_answers) >= RIGHT_F1 for r in given)
        return right / len(given)

    fine = [t for t in grid if all(precision(n, t) >= MIN_SHORT_ANSWER_PRECISION for n in sets)]
    short_t = min(fine) if fine else float(grid[-1])
    return float(answer_t), float(hit_t), float(short_t)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fit_ranker", description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", metavar="SET")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    parser.add_argument(
        "--pools", type=Path, help="reuse the candidate pools saved in this file (or save them)"
    )
    args = parser.parse_args(argv)
    pools = load_pools(args.pools, args.sets)
    usable = [p for p in pools if p.labels.size]
    features, labels, weights = _matrix(usable, SENTENCE_FEATURES, lambda p: np.arange(p.labels.size))
    sentence_model = fit_logistic(features, labels, weights)
    features, labels, weights = _matrix(usable, ANSWER_FEATURES, _typed_rows(sentence_model))
    answer_model = fit_logistic(features, labels, weights)
    for title, names, model in (("sentence model", SENTENCE_FEATURES, sentence_model), ("answer model", ANSWER_FEATURES, answer_model)):
        print(f"{title}: bias {model[3]:+.3f}")
        for name, coefficient in zip(names, model[2], strict=True):
            print(f"  {name:>22} {coefficient:+.3f}")
    ranked = rank_all(pools, sentence_model, answer_model)
    answerable_model = fit_answerable(ranked)
    print(f"answerable model: bias {answerable_model[3]:+.3f}")
    for name, coefficient in zip(ANSWERABLE_FEATURES, answerable_model[2], strict=True):
        print(f"  {name:>26} {coefficient:+.3f}")
    thresholds = choose_thresholds(ranked)
    print("thresholds (answer, hit, short answer):", thresholds)
    report(ranked, *thresholds)
    if args.write:
        write_weights(sentence_model, answer_model, answerable_model, thresholds, args.sets)
    return 0


def write_weights(
    sentence_model, answer_model, answerable_model, thresholds: tuple[float, float, float], sets: Sequence[str]
) -> None:
    def record(names: Sequence[str], model) -> str:
        mean, scale, coefficients, bias = model
        as_list = lambda values: "[" + ", ".join(f"{float(v):.6g}" for v in values) + "]"  # noqa: E731
        return (
            "{\n"
            f"    \"features\": {list(names)!r},\n"
            f"    \"mean\": {as_list(mean)},\n"
            f"    \"scale\": {as_list(scale)},\n"
            f"    \"weights\": {as_list(coefficients)},\n"
            f"    \"bias\": {bias:.6g},\n"
            "}"
        )

    answer_t, hit_t, short_t = thresholds
    text = (
        '"""The answer model\'s coefficients and thresholds, written by tools/fit_ranker.py.\n\n'
        "Fitted on: " + ", ".join(Path(s.partition("@")[0]).name for s in sets) + ".\n"
        'Do not edit by hand: run `make fit-ranker` (see tools/fit_ranker.py).\n"""\n\n'
        f"SENTENCE_MODEL = {record(SENTENCE_FEATURES, sentence_model)}\n"
        f"ANSWER_MODEL = {record(ANSWER_FEATURES, answer_model)}\n"
        f"ANSWERABLE_MODEL = {record(ANSWERABLE_FEATURES, answerable_model)}\n"
        f"ANSWER_THRESHOLD = {answer_t:.4g}\n"
        f"HIT_THRESHOLD = {hit_t:.4g}\n"
        f"SHORT_ANSWER_THRESHOLD = {short_t:.4g}\n"
    )
    WEIGHTS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
