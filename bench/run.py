"""Benchmark: the inverted index beside plain rank-bm25, at growing corpus sizes.

For each size, two child processes (so that each one's peak RSS is its own) build over the
same synthetic sentences (``bench.corpus``) and answer the same questions (``bench.questions``):
- ``inverted``: analysis and ``InvertedBM25Index`` build time, peak RSS, search latency;
- ``rank-bm25``: plain ``BM25Okapi`` (with Lucene's idf, as Sanad scores) and the latency of its
  full-scan ``get_scores`` on the same query terms.
The parent checks that both give the same top 10 (ids and scores), prints a markdown table and
writes it with the raw figures as JSON under ``bench/results/``.

With ``--restart``, the sentences are also written as article files and the whole ``Engine``
is timed: a cold start (read, split, analyze, index, write the cache) and a restart that
reuses the cache, each in a fresh process, plus ``Engine.answer`` latency.

    python -m bench.run --sizes 10000,100000,1000000 --restart
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import CorpusGenerator, write_articles
from bench.questions import questions
from retrieval.engine import Engine
from retrieval.index import LuceneIdfBM25Okapi, top_scored
from retrieval.inverted import InvertedBM25Index
from retrieval.judge import POOL as CANDIDATE_POOL
from retrieval.progress import StderrProgress
from retrieval.terms import analyze, terms

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SIZES = "100000"
REPEATS = 5
CHECK_TOP = 10


def query_terms(question: str) -> list[str]:
    """The terms the Engine sends to the index for a question (distinct words' terms)."""
    seen: set[tuple[str, ...]] = set()
    query: list[str] = []
    for word in analyze(question):
        if word.terms not in seen:
            seen.add(word.terms)
            query.extend(word.terms)
    return query


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _corpus(size: int) -> tuple[list[str], list[list[str]]]:
    generator = CorpusGenerator()
    sentences = list(generator.sentences(size))
    return sentences, [query_terms(q) for q in questions(generator)]


def _top(hits: list) -> list[list[float]]:
    return [[hit.sentence_id, hit.score] for hit in hits]


def child_inverted(size: int) -> dict:
    sentences, queries = _corpus(size)
    gc.collect()
    before = current_rss_mb()
    progress = StderrProgress("indexing", total=size, unit="sentences")
    started = time.perf_counter()
    index = InvertedBM25Index((terms(s) for s in sentences), progress=progress)
    build = time.perf_counter() - started
    progress.close()
    gc.collect()
    index_mb = current_rss_mb() - before
    timings = []
    for query in queries:
        index.search(query, top_k=CANDIDATE_POOL)  # warm-up
        for _ in range(REPEATS):
            t = time.perf_counter()
            index.search(query, top_k=CANDIDATE_POOL)
            timings.append((time.perf_counter() - t) * 1000)
    return {
        "sentences": size,
        "distinct_terms": len(index.postings.terms),
        "postings": int(index.postings.doc_ids.size),
        "build_s": build,
        "index_mb": index_mb,
        "peak_rss_mb": peak_rss_mb(),
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "top10": [_top(index.search(q, top_k=CHECK_TOP)) for q in queries],
    }


def child_rank_bm25(size: int, query_limit: int | None) -> dict:
    sentences, queries = _corpus(size)
    queries = queries[:query_limit] if query_limit else queries
    tokenized = [terms(s) for s in sentences]
    del sentences
    gc.collect()
    before = current_rss_mb()
    started = time.perf_counter()
    bm25 = LuceneIdfBM25Okapi(tokenized)
    build = time.perf_counter() - started
    index_mb = current_rss_mb() - before  # the term strings were already in memory
    del tokenized
    timings, tops = [], []
    for query in queries:
        unique = list(dict.fromkeys(t for t in query if t in bm25.idf))
        t = time.perf_counter()
        scores = bm25.get_scores(unique) if unique else None
        timings.append((time.perf_counter() - t) * 1000)
        tops.append(_top(top_scored(scores, CHECK_TOP)) if scores is not None else [])
    return {
        "build_s": build,
        "index_mb": index_mb,
        "peak_rss_mb": peak_rss_mb(),
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "queries": len(queries),
        "top10": tops,
    }


def child_engine(folder: Path, cache_dir: Path) -> dict:
    started = time.perf_counter()
    engine = Engine.from_folder(folder, cache_dir=cache_dir)
    start_s = time.perf_counter() - started
    asked = questions()
    timings = []
    for question in asked:
        engine.answer(question)  # warm-up
        t = time.perf_counter()
        engine.answer(question)
        timings.append((time.perf_counter() - t) * 1000)
    return {
        "start_s": start_s,
        "indexed_sentences": engine.indexed_sentence_count,
        "peak_rss_mb": peak_rss_mb(),
        "answer_p50_ms": statistics.median(timings),
        "answer_p95_ms": percentile(timings, 0.95),
    }


def measure_restart(size: int) -> dict:
    folder = RESULTS / f"corpus-{size}"
    cache_dir = RESULTS / f"cache-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(cache_dir, ignore_errors=True)
    print(f"[{size:,} sentences] writing articles ...", file=sys.stderr, flush=True)
    files = write_articles(list(CorpusGenerator().sentences(size)), folder)
    print(f"[{size:,} sentences] engine cold start ...", file=sys.stderr, flush=True)
    cold = _run_child("engine", str(folder), str(cache_dir))
    print(f"[{size:,} sentences] engine restart from cache ...", file=sys.stderr, flush=True)
    warm = _run_child("engine", str(folder), str(cache_dir))
    cache_mb = sum(p.stat().st_size for p in cache_dir.iterdir()) / 2**20
    shutil.rmtree(folder)
    shutil.rmtree(cache_dir)
    return {"sentences": size, "files": files, "cache_mb": cache_mb, "cold": cold, "warm": warm}


def restart_table(rows: list[dict]) -> str:
    lines = [
        "| sentences | articles | indexed | cold start s | cold peak RSS MB | restart s "
        "| restart peak RSS MB | cache MB | answer p50 ms | answer p95 ms |",
        "|" + "---:|" * 10,
    ]
    for r in rows:
        cold, warm = r["cold"], r["warm"]
        lines.append(
            f"| {r['sentences']:,} | {r['files']:,} | {warm['indexed_sentences']:,} "
            f"| {cold['start_s']:.1f} | {cold['peak_rss_mb']:,.0f} | {warm['start_s']:.1f} "
            f"| {warm['peak_rss_mb']:,.0f} | {r['cache_mb']:,.0f} | {warm['answer_p50_ms']:.2f} "
            f"| {warm['answer_p95_ms']:.2f} |"
        )
    return "\n".join(lines)


def _run_child(*args: str) -> dict:
    command = [sys.executable, "-m", "bench.run", "--child", *args]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(size: int, query_limit: int | None) -> dict:
    print(f"[{size:,} sentences] inverted index ...", file=sys.stderr, flush=True)
    ours = _run_child("inverted", str(size))
    print(f"[{size:,} sentences] plain rank-bm25 ...", file=sys.stderr, flush=True)
    plain = _run_child("rank-bm25", str(size), str(query_limit or 0))
    checked = len(plain["top10"])
    equal = ours["top10"][:checked] == plain["top10"]
    for row in (ours, plain):
        del row["top10"]
    return {
        **ours,
        "build_sentences_per_s": size / ours["build_s"],
        "rank_bm25": plain,
        "speedup_p50": plain["p50_ms"] / ours["p50_ms"],
        "speedup_p95": plain["p95_ms"] / ours["p95_ms"],
        "top10_equal": equal,
        "top10_checked_queries": checked,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| sentences | distinct terms | build s | build sent/s | index MB | peak RSS MB | p50 ms "
        "| p95 ms | rank-bm25 p50 ms | rank-bm25 p95 ms | speedup p50 | rank-bm25 build s "
        "| rank-bm25 index MB | rank-bm25 peak RSS MB | top-10 equal |",
        "|" + "---:|" * 14 + ":---:|",
    ]
    for r in rows:
        plain = r["rank_bm25"]
        lines.append(
            f"| {r['sentences']:,} | {r['distinct_terms']:,} | {r['build_s']:.1f} "
            f"| {r['build_sentences_per_s']:,.0f} | {r['index_mb']:,.0f} "
            f"| {r['peak_rss_mb']:,.0f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} "
            f"| {plain['p50_ms']:,.1f} | {plain['p95_ms']:,.1f} | {r['speedup_p50']:,.0f}x "
            f"| {plain['build_s']:.1f} | {plain['index_mb']:,.0f} | {plain['peak_rss_mb']:,.0f} "
            f"| {'yes' if r['top10_equal'] else 'NO'} ({r['top10_checked_queries']} q) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated sentence counts")
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=0,
        help="time rank-bm25 on only the first N questions (0: all); it takes ~1 s each at 1M",
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="also time the Engine from article files: cold start, and restart from the cache",
    )
    parser.add_argument(
        "--skip-index", action="store_true", help="with --restart: only the Engine figures"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    if args.child:
        kind, first, *rest = args.child
        if kind == "inverted":
            result = child_inverted(int(first))
        elif kind == "engine":
            result = child_engine(Path(first), Path(rest[0]))
        else:
            result = child_rank_bm25(int(first), int(rest[0]) or None)
        print(json.dumps(result))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    results: dict[str, list[dict]] = {}
    reports = []
    if not args.skip_index:
        results["index"] = [measure(size, args.baseline_queries or None) for size in sizes]
        reports.append(table(results["index"]))
    if args.restart:
        results["engine"] = [measure_restart(size) for size in sizes]
        reports.append(restart_table(results["engine"]))
    report = "\n\n".join(reports)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"bench-{stamp}.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
