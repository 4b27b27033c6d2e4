"""The benchmark's sentences analysed once, as term lists every engine reads the same way.

``term_file(size)`` writes ``bench/results/terms-<size>-<code>.txt``: one line per generated
sentence (``bench.corpus``), its index terms (``retrieval.terms.terms``) separated by spaces, in
order, repeats kept. ``<code>`` is a digest of the analysis code (``retrieval.terms`` and every
module it imports), so a file written by older analysis is never reused, while a change to the
index code keeps the files. ``query_file(size)`` holds the questions' query terms
(``bench.questions``) as JSON. Index terms hold no white space, so a line splits back into
exactly its terms.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.corpus import CorpusGenerator
from bench.questions import questions
from bench.run import RESULTS, query_terms
from retrieval.index_cache import analysis_modules, code_digest
from retrieval.progress import StderrProgress
from retrieval.terms import terms


def _stem(size: int) -> str:
    return f"terms-{size}-{code_digest(analysis_modules(('terms',)))[:12]}"


def term_file(size: int) -> Path:
    """The term lists of the first ``size`` generated sentences, written once."""
    path = RESULTS / f"{_stem(size)}.txt"
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    progress = StderrProgress("analysing", total=size, unit="sentences")
    partial = path.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8") as out:
        for count, sentence in enumerate(CorpusGenerator().sentences(size), start=1):
            out.write(" ".join(terms(sentence)) + "\n")
            if count % 10_000 == 0:
                progress.update(count)
    progress.close()
    partial.replace(path)
    return path


def query_file(size: int) -> Path:
    """The questions' query terms, as a JSON list of term lists."""
    path = RESULTS / f"{_stem(size)}-queries.json"
    if not path.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        queries = [query_terms(question) for question in questions()]
        path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return path


def read_terms(path: Path) -> Iterator[list[str]]:
    """Each sentence's terms, streamed from a term file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield line.split()


def read_queries(path: Path) -> list[list[str]]:
    queries: list[list[str]] = json.loads(path.read_text(encoding="utf-8"))
    return queries


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(term_file(int(argument)), query_file(int(argument)))
