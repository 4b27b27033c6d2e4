"""Benchmark: Sanad's index beside peer BM25 engines, on the very same term lists.

The sentences of ``bench.corpus`` are analysed once by Sanad's own analysis into term files
(``bench.termlists``), and every engine indexes those term lists, one document per sentence, and
answers the benchmark's questions as the same lists of distinct query terms (any term may
match), one question at a time, warm:

- ``sanad``: ``InvertedBM25Index`` (the compiled kernels at these sizes), exact BM25Okapi;
- ``bm25s``: bm25s with its numba backend, ``method="lucene"`` (BM25Okapi's ranking);
- ``tantivy``: tantivy's Python bindings, a whitespace-tokenized field with term counts, one
  writer thread, a BooleanQuery of TermQuery clauses (its BM25: k1 1.2, b 0.75);
- ``lucene``: Lucene from pyserini's Anserini jar through pyjnius, ``WhitespaceAnalyzer``,
  ``BM25Similarity(1.5, 0.75)``, postings with counts and no positions, one segment, a
  BooleanQuery of TermQuery clauses (``JAVA_HOME``, else the newest JDK under /usr/lib/jvm).

A peer that is not installed is skipped with one line (``pip install -e '.[peers]'``; Lucene:
``pip install --no-deps pyserini pyjnius`` and a Java 21+ JDK; ``make bench-peers`` installs
them). Each engine runs in a child process of its own, so that its build peak and memory are its
own: build rate (reading the term file included), the process's RSS growth while building
(index MB), its RSS once built and queried (steady), its peak RSS, p50/p95/p99 of top-10 and of
top-60 (the candidate pool the answer path asks for), and top-10 agreement with exact BM25Okapi
scores (rank-bm25's arithmetic, computed by a full scan in a child of its own): the share of an
engine's top 10 whose exact score is at least the exact 10th best (so ties count either way),
and whether its ids and scores equal the exact top 10.

    python -m bench.peers --sizes 200000,1000000 [--engines sanad,bm25s,tantivy,lucene]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.run import RESULTS, current_rss_mb, peak_rss_mb, percentile
from bench.termlists import query_file, read_queries, read_terms, term_file
from retrieval.judge import POOL

ENGINES = ("sanad", "bm25s", "tantivy", "lucene")
DEFAULT_SIZES = "200000,1000000"
REPEATS = 3
# Passes over the questions before timing: the JVM compiles Lucene's hot code on the first ones.
WARM_UP = 3
TOP_K = 10
K1, B = 1.5, 0.75

# An engine, built: a function from distinct query terms and k to its top k (sentence ids, or
# what the engine resolves to them after the timing).
Search = Callable[[list[str], int], list[Any]]


def unavailable(engine: str) -> str | None:
    """Why a peer cannot run here, in one line, or None."""
    if engine in ("bm25s", "tantivy") and importlib.util.find_spec(engine) is None:
        return f"{engine} is not installed (pip install -e '.[peers]')"
    if engine == "lucene":
        from retrieval.lucene_baseline import lucene_unavailable

        return lucene_unavailable()
    return None


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield line.rstrip("\n")


def build_sanad(path: Path) -> tuple[Search, Any]:
    from retrieval.inverted import InvertedBM25Index

    index = InvertedBM25Index(read_terms(path))

    def search(query: list[str], k: int) -> list[int]:
        return [hit.sentence_id for hit in index.search(query, top_k=k)]

    return search, index


def build_bm25s(path: Path) -> tuple[Search, Any]:
    import bm25s

    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in terms] for terms in read_terms(path)]
    retriever = bm25s.BM25(k1=K1, b=B, method="lucene", backend="numba")
    retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    del ids

    def search(query: list[str], k: int) -> list[int]:
        known = [t for t in query if t in vocabulary]
        if not known:
            return []
        found, scores = retriever.retrieve(
            [known], k=k, show_progress=False, backend_selection="numba", n_threads=1
        )
        return [int(i) for i, s in zip(found[0], scores[0], strict=True) if s > 0]

    return search, retriever


def build_tantivy(path: Path) -> tuple[Search, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    builder.add_unsigned_field("id", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for number, line in enumerate(_lines(path)):
        writer.add_document(tantivy.Document(body=line, id=number))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    should = tantivy.Occur.Should

    def search(query: list[str], k: int) -> list[Any]:
        clauses = [(should, tantivy.Query.term_query(schema, "body", t, "freq")) for t in query]
        hits = searcher.search(tantivy.Query.boolean_query(clauses), k).hits
        return [address for _, address in hits]  # resolved to ids after the timing

    def ids(addresses: list[Any]) -> list[int]:
        return [int(searcher.doc(address)["id"][0]) for address in addresses]

    return search, ids


def build_lucene(path: Path) -> tuple[Search, Any]:
    from retrieval.lucene_baseline import lucene_class

    def java(name: str) -> Any:
        return lucene_class(f"org.apache.lucene.{name}")

    similarity = java("search.similarities.BM25Similarity")(K1, B)
    config = java("index.IndexWriterConfig")(java("analysis.core.WhitespaceAnalyzer")())
    config.setSimilarity(similarity)
    config.setRAMBufferSizeMB(256.0)
    config.setMergePolicy(java("index.LogByteSizeMergePolicy")())  # keeps the documents' order
    directory = java("store.ByteBuffersDirectory")()
    writer = java("index.IndexWriter")(directory, config)
    field_type = java("document.FieldType")()
    field_type.setTokenized(True)
    field_type.setIndexOptions(java("index.IndexOptions").DOCS_AND_FREQS)
    field_type.freeze()
    from jnius import cast  # after lucene_class: importing jnius first starts a JVM without Lucene

    # pyjnius passes a Python str as a String, and Field wants a CharSequence.
    empty = cast("java.lang.CharSequence", lucene_class("java.lang.String")(""))
    field = java("document.Field")("body", empty, field_type)
    document = java("document.Document")()
    document.add(field)
    for line in _lines(path):
        field.setStringValue(line)
        writer.addDocument(document)
    writer.forceMerge(1)
    writer.close()
    reader = java("index.DirectoryReader").open(directory)
    searcher = java("search.IndexSearcher")(reader.getContext())
    searcher.setSimilarity(similarity)
    term, term_query = java("index.Term"), java("search.TermQuery")
    boolean, should = java("search.BooleanQuery$Builder"), java("search.BooleanClause$Occur").SHOULD

    def search(query: list[str], k: int) -> list[int]:
        builder = boolean()
        for t in query:
            builder.add(term_query(term("body", t)), should)
        return [hit.doc for hit in searcher.search(builder.build(), k).scoreDocs]

    return search, searcher


BUILDERS: dict[str, Callable[[Path], tuple[Search, Any]]] = {
    "sanad": build_sanad,
    "bm25s": build_bm25s,
    "tantivy": build_tantivy,
    "lucene": build_lucene,
}


def _timed(search: Search, queries: list[list[str]], k: int) -> tuple[list[float], list[list[int]]]:
    for _ in range(WARM_UP - 1):
        for query in queries:
            search(query, k)
    tops = [search(query, k) for query in queries]  # the last warm-up pass gives the results
    timings = []
    for _ in range(REPEATS):
        for query in queries:
            started = time.perf_counter()
            search(query, k)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, tops


def _quantiles(timings: list[float]) -> dict[str, float]:
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "p99_ms": percentile(timings, 0.99),
    }


def child_engine(engine: str, size: int) -> dict[str, Any]:
    path = term_file(size)
    queries = read_queries(query_file(size))
    gc.collect()
    before = current_rss_mb()
    started = time.perf_counter()
    search, handle = BUILDERS[engine](path)
    build_s = time.perf_counter() - started
    gc.collect()
    index_mb = current_rss_mb() - before
    top10_times, top10 = _timed(search, queries, TOP_K)
    pool_times, _ = _timed(search, queries, POOL)
    if engine == "tantivy":
        top10 = [handle(addresses) for addresses in top10]
    return {
        "engine": engine,
        "build_s": build_s,
        "build_per_s": size / build_s,
        "index_mb": index_mb,
        "steady_rss_mb": current_rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "top10": _quantiles(top10_times),
        "top60": _quantiles(pool_times),
        "ids": top10,
    }


def child_exact(size: int, asked_file: str) -> dict[str, Any]:
    """Exact BM25Okapi by a full scan of every query (rank-bm25's ``get_scores`` arithmetic,
    over postings; tests/retrieval/test_index_equivalence.py checks it bit for bit): each
    query's top 10 (ids and scores), its 10th best score, and the exact score of each id the
    engines returned for it (``asked_file``: a JSON list of id lists, one per query)."""
    from retrieval import inverted
    from retrieval.index import top_scored
    from retrieval.inverted import CompactBM25Okapi, build_postings

    inverted.KERNEL_MIN_SENTENCES = 2**62  # the numpy code only: a reference apart
    bm25 = CompactBM25Okapi(build_postings(read_terms(term_file(size))), k1=K1, b=B)
    asked: list[list[int]] = json.loads(Path(asked_file).read_text(encoding="utf-8"))
    tops, floors, scored = [], [], []
    for query, ids in zip(read_queries(query_file(size)), asked, strict=True):
        unique = list(dict.fromkeys(t for t in query if t in bm25.term_ids))
        scores = bm25.get_scores(unique) if unique else np.zeros(bm25.corpus_size)
        best = top_scored(scores, TOP_K)
        tops.append([[hit.sentence_id, hit.score] for hit in best])
        floors.append(best[-1].score if len(best) == TOP_K else 0.0)
        scored.append({str(i): float(scores[i]) for i in ids})
    return {"top10": tops, "floor": floors, "scores": scored}


def _run_child(*args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.peers", "--child", *args]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def agreement(ids: list[list[int]], exact: dict[str, Any]) -> tuple[float, bool]:
    """The share of an engine's top-10 ids whose exact score reaches the exact 10th best (ties
    count) over all queries, and whether every top 10 has the exact top 10's ids, in order."""
    good = total = 0
    same = True
    for found, top, floor, scores in zip(
        ids, exact["top10"], exact["floor"], exact["scores"], strict=True
    ):
        expected = [int(i) for i, _ in top]
        same = same and found == expected
        total += len(expected)
        good += sum(1 for i in found[: len(expected)] if scores[str(i)] >= floor)
    return (good / total if total else 1.0), same


def measure(size: int, engines: list[str]) -> list[dict[str, Any]]:
    print(f"[{size:,} sentences] term lists ...", file=sys.stderr, flush=True)
    term_file(size)
    queries = read_queries(query_file(size))
    rows = []
    for engine in engines:
        why = unavailable(engine)
        if why is not None:
            print(f"skipping {engine}: {why}", file=sys.stderr, flush=True)
            continue
        print(f"[{size:,} sentences] {engine} ...", file=sys.stderr, flush=True)
        row = _run_child("engine", engine, str(size))
        row["sentences"] = size
        rows.append(row)
    print(f"[{size:,} sentences] exact BM25Okapi (full scan) ...", file=sys.stderr, flush=True)
    asked = [sorted({i for row in rows for i in row["ids"][q]}) for q in range(len(queries))]
    with tempfile.TemporaryDirectory() as folder:
        asked_file = Path(folder) / "asked.json"
        asked_file.write_text(json.dumps(asked), encoding="utf-8")
        exact = _run_child("exact", str(size), str(asked_file))
    for row in rows:
        row["agreement"], row["exact_ids"] = agreement(row.pop("ids"), exact)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| sentences | engine | p50 ms | p95 ms | p99 ms | top-60 p50 ms | top-60 p95 ms "
        "| top-60 p99 ms | build sent/s | index MB | steady RSS MB | peak RSS MB "
        "| top-10 agreement | exact top 10 |",
        "|---:|---|" + "---:|" * 11 + ":---:|",
    ]
    for r in rows:
        ten, pool = r["top10"], r["top60"]
        lines.append(
            f"| {r['sentences']:,} | {r['engine']} | {ten['p50_ms']:.2f} | {ten['p95_ms']:.2f} "
            f"| {ten['p99_ms']:.2f} | {pool['p50_ms']:.2f} | {pool['p95_ms']:.2f} "
            f"| {pool['p99_ms']:.2f} | {r['build_per_s']:,.0f} | {r['index_mb']:,.0f} "
            f"| {r['steady_rss_mb']:,.0f} | {r['peak_rss_mb']:,.0f} | {r['agreement']:.3f} "
            f"| {'yes' if r['exact_ids'] else 'no'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated sentence counts")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "exact":
            print(json.dumps(child_exact(int(rest[0]), rest[1])))
        else:
            print(json.dumps(child_engine(rest[0], int(rest[1]))))
        return
    engines = [e for e in args.engines.split(",") if e]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engines {unknown}; choose from {', '.join(ENGINES)}")
    rows = [row for size in args.sizes.split(",") for row in measure(int(size), engines)]
    report = table(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"peers-{stamp}.json").write_text(json.dumps(rows, indent=2) + "\n")
    (RESULTS / f"peers-{stamp}.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
