"""The strong baseline the evaluation compares against: Lucene's ArabicAnalyzer with BM25.

Untuned, as an operator would get it from a search server: Lucene's ``ArabicAnalyzer`` (its
normalizer, stopword list and light stemmer) and ``BM25Similarity`` with Lucene's defaults, over
the same sentences the naive baseline indexes, one Lucene document per sentence, the question
parsed by the classic query parser (any word may match). It answers whenever a sentence matches.

Lucene runs in a JVM through pyjnius, with the Anserini jar that pyserini's wheel carries
(``pip install --no-deps pyserini pyjnius``, the ``lucene`` extra), and needs Java 21 or newer:
``JAVA_HOME`` when it is set, else the newest JDK under /usr/lib/jvm. When any of that is
missing, ``lucene_unavailable`` says why in one line and the evaluation leaves Lucene out.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from retrieval.corpus import Corpus, Sentence
from retrieval.results import Answer, Hit

MIN_JAVA = 21
_JVM_FOLDER = Path("/usr/lib/jvm")
_JAVA_VERSION = re.compile(r'^JAVA_VERSION="(\d+)', re.MULTILINE)


def lucene_unavailable() -> str | None:
    """Why Lucene cannot run here, in one line, or None when it can."""
    if importlib.util.find_spec("jnius_config") is None:
        return "pyjnius is not installed (pip install --no-deps pyserini pyjnius)"
    if _anserini_jar() is None:
        return "pyserini's Anserini jar is not installed (pip install --no-deps pyserini)"
    if _java_home() is None:
        return f"no Java {MIN_JAVA}+ JDK found (set JAVA_HOME)"
    return None


def _anserini_jar() -> Path | None:
    spec = importlib.util.find_spec("pyserini")
    if spec is None or not spec.submodule_search_locations:
        return None
    jars = Path(next(iter(spec.submodule_search_locations))) / "resources" / "jars"
    found = sorted(jars.glob("anserini-*-fatjar.jar"))
    return found[-1] if found else None


def _java_version(home: Path) -> int | None:
    try:
        match = _JAVA_VERSION.search((home / "release").read_text(encoding="utf-8"))
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _java_home() -> Path | None:
    """JAVA_HOME if it is a Java 21+ JDK, else the newest such JDK under /usr/lib/jvm."""
    configured = os.environ.get("JAVA_HOME")
    candidates = [Path(configured)] if configured else []
    if _JVM_FOLDER.is_dir():
        installed = sorted(_JVM_FOLDER.iterdir(), key=lambda p: _java_version(p) or 0)
        candidates += reversed(installed)
    for home in candidates:
        version = _java_version(home)
        if version is not None and version >= MIN_JAVA:
            return home
    return None


def lucene_class(name: str) -> Any:
    """A Java class of the Anserini jar (Lucene's included) by its full name; the first call
    starts the JVM (``lucene_unavailable`` says beforehand whether it can)."""
    _start_jvm()
    from jnius import autoclass

    return autoclass(name)


@cache
def _start_jvm() -> None:
    home, jar = _java_home(), _anserini_jar()
    if home is None or jar is None:
        raise RuntimeError(lucene_unavailable() or "Lucene is unavailable")
    os.environ["JAVA_HOME"] = str(home)
    import jnius_config

    if not jnius_config.vm_running:
        jnius_config.add_options("-Xmx2g")
        jnius_config.add_classpath(str(jar))


@cache
def _lucene() -> dict[str, Any]:
    """Start the JVM once and look up the Lucene classes the baseline uses."""
    names = {
        "ArabicAnalyzer": "org.apache.lucene.analysis.ar.ArabicAnalyzer",
        "Directory": "org.apache.lucene.store.ByteBuffersDirectory",
        "IndexWriterConfig": "org.apache.lucene.index.IndexWriterConfig",
        "IndexWriter": "org.apache.lucene.index.IndexWriter",
        "Document": "org.apache.lucene.document.Document",
        "TextField": "org.apache.lucene.document.TextField",
        "Store": "org.apache.lucene.document.Field$Store",
        "BM25Similarity": "org.apache.lucene.search.similarities.BM25Similarity",
        "DirectoryReader": "org.apache.lucene.index.DirectoryReader",
        "IndexSearcher": "org.apache.lucene.search.IndexSearcher",
        "QueryParser": "org.apache.lucene.queryparser.classic.QueryParser",
    }
    return {short: lucene_class(full) for short, full in names.items()}


class LuceneBM25:
    """Lucene ArabicAnalyzer + BM25 over every content sentence of a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        lucene = _lucene()
        self._sentences: list[tuple[Sentence, str]] = [
            (sentence, document.title)
            for document in corpus.documents
            for sentence in document.sentences
        ]
        self._analyzer = lucene["ArabicAnalyzer"]()
        directory = lucene["Directory"]()
        config = lucene["IndexWriterConfig"](self._analyzer)
        config.setSimilarity(lucene["BM25Similarity"]())
        writer = lucene["IndexWriter"](directory, config)
        text_field, store_no = lucene["TextField"], lucene["Store"].NO
        for sentence, _ in self._sentences:
            document = lucene["Document"]()
            document.add(text_field("text", sentence.text, store_no))
            writer.addDocument(document)
        writer.close()
        reader = lucene["DirectoryReader"].open(directory)
        self._searcher = lucene["IndexSearcher"](reader.getContext())
        self._searcher.setSimilarity(lucene["BM25Similarity"]())
        self._parser = lucene["QueryParser"]("text", self._analyzer)
        self._escape = lucene["QueryParser"].escape

    def answer(self, question: str, *, top_k: int) -> Answer:
        """The top_k sentences by Lucene's BM25; found when any matches."""
        try:
            query = self._parser.parse(self._escape(question))
        except Exception:
            return Answer(question=question, found=False, hits=())
        hits: list[Hit] = []
        for scored in self._searcher.search(query, top_k).scoreDocs:
            sentence, title = self._sentences[scored.doc]
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    snippet=sentence.text,
                    doc_id=sentence.doc_id,
                    title=title,
                    sentence=sentence.number,
                    score=float(scored.score),
                    bm25=float(scored.score),
                    coverage=0.0,
                    matched_words=(),
                    matched_terms=frozenset(),
                )
            )
        return Answer(question=question, found=bool(hits), hits=tuple(hits))
