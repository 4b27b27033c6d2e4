"""Benchmark: a real archive at full size, read in place (by default SaudiNewsNet's 18 ZIPs).

Three fresh processes, each timed from its launch (interpreter start and imports included) to its
first answer, each with its own peak RSS:
- ``cold``: an empty cache folder: read the ZIPs, split, analyze, index, save the cache, answer;
- ``restart``: the same cache folder, now filled: load the index from the cache, answer;
- ``restart`` again, then every question of the question set (the news set by default) asked
  ``REPEATS`` times after one warm-up pass: ``Engine.answer`` p50/p95 (top 3, as the bot asks).

    python -m bench.archive [--archive DIR] [--questions FILE]   (make bench-archive)

Writes a markdown table and the raw figures under ``bench/results/``. Run it on an otherwise idle
machine: the cold start is CPU-bound.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import RESULTS, peak_rss_mb, percentile

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARCHIVE = PROJECT_ROOT.parent / "shared" / "corpora" / "saudinewsnet"
DEFAULT_QUESTIONS = PROJECT_ROOT / "tests" / "data" / "news_questions.jsonl"
REPEATS = 3
TOP_K = 3
FIRST_QUESTION = "متى وصل خادم الحرمين الشريفين إلى طنجة؟"
# The targets of issue 11.
TARGETS = {"cold_s": 90.0, "restart_s": 5.0, "peak_rss_mb": 1536.0, "p95_ms": 50.0}


def child(archive: Path, cache_dir: Path, questions: Path | None) -> None:
    """In a fresh process: build or load the engine, answer one question, say so at once; then
    (with ``questions``) time every question; print the figures as JSON lines."""
    started = time.perf_counter()
    from retrieval.engine import Engine
    from retrieval.eval_sets import load_question_set

    engine = Engine.from_folder(archive, cache_dir=cache_dir, show_progress=False)
    loaded = time.perf_counter()
    engine.answer(FIRST_QUESTION, top_k=TOP_K)
    print(
        json.dumps(
            {
                "event": "first_answer",
                "load_s": loaded - started,
                "documents": len(engine.corpus.documents),
                "sentences": engine.corpus.sentence_count,
                "indexed_sentences": engine.indexed_sentence_count,
                "peak_rss_mb": peak_rss_mb(),
            }
        ),
        flush=True,
    )
    result: dict[str, object] = {"event": "done", "peak_rss_mb": peak_rss_mb()}
    if questions is not None:
        asked = [q.question for q in load_question_set(questions).questions]
        for question in asked:  # warm-up
            engine.answer(question, top_k=TOP_K)
        timings = []
        found = 0
        for _ in range(REPEATS):
            for question in asked:
                t = time.perf_counter()
                answer = engine.answer(question, top_k=TOP_K)
                timings.append((time.perf_counter() - t) * 1000)
                found += answer.found
        result.update(
            questions=len(asked),
            timed=len(timings),
            answered_share=found / len(timings),
            p50_ms=statistics.median(timings),
            p95_ms=percentile(timings, 0.95),
            max_ms=max(timings),
            peak_rss_mb=peak_rss_mb(),
        )
    print(json.dumps(result), flush=True)


def run_child(archive: Path, cache_dir: Path, questions: Path | None) -> dict[str, object]:
    """Launch a child and time it from launch to its first answer (wall clock)."""
    command = [sys.executable, "-m", "bench.archive", "--child", str(archive), str(cache_dir)]
    if questions is not None:
        command.append(str(questions))
    launched = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT) as process:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        first_answer_s = time.perf_counter() - launched
        done = json.loads(process.stdout.readline())
    if process.returncode != 0:
        raise SystemExit(f"bench child failed with exit code {process.returncode}")
    return {**first, **done, "first_answer_s": first_answer_s}


def report(archive: Path, cold: dict, restart: dict, timed: dict, cache_mb: float) -> str:
    peak = max(float(cold["peak_rss_mb"]), float(restart["peak_rss_mb"]))
    rows = [
        ("cold start to the first answer", f"{cold['first_answer_s']:.1f} s", "≤ 90 s"),
        (
            "restart from the cache to the first answer",
            f"{restart['first_answer_s']:.1f} s",
            "≤ 5 s",
        ),
        (
            "peak RSS (cold start; restart)",
            f"{cold['peak_rss_mb']:,.0f} MB; {restart['peak_rss_mb']:,.0f} MB",
            "≤ 1.5 GB",
        ),
        (
            f"answer p50 / p95 ({timed['timed']} answers, top {TOP_K})",
            f"{timed['p50_ms']:.1f} / {timed['p95_ms']:.1f} ms",
            "p95 ≤ 50 ms",
        ),
    ]
    lines = [
        f"{archive.name}: {cold['documents']:,} articles, {cold['sentences']:,} sentences, "
        f"{cold['indexed_sentences']:,} indexed; cache {cache_mb:,.0f} MB; peak {peak:,.0f} MB; "
        f"{timed['answered_share']:.0%} of the timed questions answered.",
        "",
        "| measure | measured | target |",
        "|---|---:|---:|",
        *(f"| {name} | {value} | {target} |" for name, value, target in rows),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        archive, cache_dir, *questions = args.child
        child(Path(archive), Path(cache_dir), Path(questions[0]) if questions else None)
        return
    cache_dir = Path(tempfile.mkdtemp(prefix="sanad-archive-cache-"))
    try:
        print("cold start ...", file=sys.stderr, flush=True)
        cold = run_child(args.archive, cache_dir, None)
        print("restart from the cache ...", file=sys.stderr, flush=True)
        restart = run_child(args.archive, cache_dir, None)
        print("answer latency ...", file=sys.stderr, flush=True)
        timed = run_child(args.archive, cache_dir, args.questions)
        cache_mb = sum(p.stat().st_size for p in cache_dir.iterdir()) / 2**20
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    text = report(args.archive, cold, restart, timed, cache_mb)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    raw = {"cold": cold, "restart": restart, "timed": timed, "cache_mb": cache_mb}
    (RESULTS / f"archive-{stamp}.json").write_text(json.dumps(raw, indent=2) + "\n")
    (RESULTS / f"archive-{stamp}.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
