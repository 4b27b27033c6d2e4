"""Pooled relevance judgments for a JSON Lines question set (the way TREC completes its gold).

    python -m tools.judgment_pool pool QUESTIONS.jsonl CORPUS_FOLDER POOL.jsonl [--depth N]
    python -m tools.judgment_pool merge QUESTIONS.jsonl CORPUS_FOLDER JUDGMENTS.jsonl POOL.jsonl

A set's gold lists the articles whose sentence holds its ``contains`` phrase. Another paper's
rewrite of the same fact in other words holds no such phrase, so a hit that answers from it counts
as wrong, and the leave-out check keeps it in the corpus when the question's articles are removed.
Gold found by searching for one phrase is incomplete; pooling completes it without favouring a
system.

``pool`` asks every question of Sanad and of Lucene's ArabicAnalyzer BM25 (when it can run here)
over the corpus (the first ``--depth`` hits of each; Sanad gives fewer when fewer qualify, none
when it declines), and of Sanad once more over the corpus without the articles ``sanad eval``'s
leave-out check removes (its first ``LEAVE_OUT_DEPTH``; the fit's other three folds are not
pooled), and writes, per question at its line of the set, the hits the gold does not already
count, the same sentence from several systems once. A person reads each pooled sentence beside the
question and the gold sentence and writes a line of JUDGMENTS for each one that states the
answer: ``{"line": L, "candidate": "c3", "contains": "3-8 words of it", "answer": "…"}``
(``answer`` optional, verbatim in the sentence).

``merge`` adds each judged sentence to its question's gold and rewrites the set in place: the
phrase joins ``contains`` (which becomes a list), and the judged sentence's article joins
``doc_id`` with every article that prints a copy of it (a sentence that holds the phrase and
shares most of its words), so the leave-out check removes them with it. A question the set said
no article answers becomes answerable, of kind ``plain``, with ``"judged": true`` beside it and
the judged article first. A judgment for a line or candidate the pool lacks, a phrase not of 3-8
words or not in its sentence, or an answer not in it, stops the merge with a message and writes
nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from retrieval.corpus import Corpus, CorpusError
from retrieval.engine import Engine
from retrieval.eval_sets import load_question_set
from retrieval.evaluation import (
    EVAL_DEPTH,
    Answerer,
    is_gold,
    left_out_articles,
    without_articles,
)
from retrieval.lucene_baseline import LuceneBM25, lucene_unavailable
from retrieval.normalize import normalize
from tools.extraction_report import gold_sentence

DEFAULT_DEPTH = 5
# A sentence sharing at least this share of its distinct words with a judged one (Jaccard) is a
# copy of it: wire copies differ by a word or two and by punctuation.
COPY_OVERLAP = 0.6
# A judged phrase is as long as the set's own (tests/data/README.md).
MIN_PHRASE_WORDS = 3
MAX_PHRASE_WORDS = 8
# The leave-out corpus is asked for fewer hits: its first ones are the rewrites that matter.
LEAVE_OUT_DEPTH = 3


def pool(questions_path: Path, folder: Path, out: Path, depth: int) -> int:
    """Write the pool (see the module docstring); returns the number of pooled sentences."""
    question_set = load_question_set(questions_path)
    questions = question_set.questions
    engine = Engine.from_folder(folder)
    corpus = engine.corpus
    systems: list[tuple[str, Answerer, int]] = [("sanad", engine, depth)]
    reason = lucene_unavailable()
    if reason is None:
        systems.append(("lucene", LuceneBM25(corpus), depth))
    else:
        print(f"Lucene left out of the pool: {reason}", file=sys.stderr)
    removed = left_out_articles(questions)
    if removed:
        smaller = Engine(without_articles(corpus, removed))
        systems.append(("sanad-left-out", smaller, LEAVE_OUT_DEPTH))
    articles = {document.doc_id: document for document in corpus.documents}
    pooled = 0
    with out.open("w", encoding="utf-8") as sink:
        lines = _question_lines(questions_path)
        for line, question in zip(lines, questions, strict=True):
            candidates: dict[str, dict[str, Any]] = {}
            for name, system, system_depth in systems:
                answer = system.answer(question.question, top_k=max(system_depth, EVAL_DEPTH))
                for hit in answer.hits[:system_depth]:
                    if is_gold(question, hit):
                        continue
                    key = normalize(hit.snippet)
                    entry = candidates.setdefault(
                        key, {"text": hit.snippet, "doc_id": hit.doc_id, "from": []}
                    )
                    entry["from"].append(f"{name}@{hit.rank}")
            rows = [
                {"candidate": f"c{number}", **entry}
                for number, entry in enumerate(candidates.values(), start=1)
            ]
            pooled += len(rows)
            record = {
                "line": line,
                "question": question.question,
                "kind": question.kind,
                "gold_sentence": gold.text if (gold := gold_sentence(question, articles)) else None,
                "gold_answer": question.answers[0] if question.answers else None,
                "candidates": rows,
            }
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    return pooled


def _question_lines(path: Path) -> list[int]:
    """The file line of each single question of a JSON Lines set, in order (blank lines and
    conversations are not questions of their own)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        number
        for number, line in enumerate(lines, start=1)
        if line.strip() and "turns" not in json.loads(line)
    ]


def merge(questions_path: Path, folder: Path, judgments_path: Path, pool_path: Path) -> int:
    """Add the judged sentences to the set's gold (see the module docstring); returns how many
    judgments were merged."""
    pooled = {record["line"]: record for record in _read_lines(pool_path)}
    lines = questions_path.read_text(encoding="utf-8").splitlines()
    # A blank line stays blank; only question rows are judged.
    rows: list[dict[str, Any]] = [json.loads(line) if line.strip() else {} for line in lines]
    copies = _CopyFinder(Engine.from_folder(folder).corpus)
    merged = 0
    for judgment in _read_lines(judgments_path):
        line, candidate, phrase = _checked(judgment, pooled, rows)
        row = rows[line - 1]
        holders = copies.holders(phrase, candidate["text"])
        old_ids = row.get("doc_id") or []
        doc_ids = [old_ids] if isinstance(old_ids, str) else list(old_ids)
        # The judged article first: a near-miss's first article is the one its answer is from.
        holders = [candidate["doc_id"], *(d for d in holders if d != candidate["doc_id"])]
        row["doc_id"] = doc_ids + [d for d in holders if d not in doc_ids]
        contains = row.get("contains")
        phrases = [contains] if isinstance(contains, str) else list(contains or [])
        if phrase not in phrases:
            phrases.append(phrase)
        row["contains"] = phrases[0] if len(phrases) == 1 else phrases
        if not old_ids:
            # A near-miss that an article answers after all: an answerable question now.
            row["kind"] = "plain"
            row["judged"] = True
            if judgment.get("answer") and "answer" not in row:
                row["answer"] = judgment["answer"]
        merged += 1
    text = "".join((json.dumps(row, ensure_ascii=False) if row else "") + "\n" for row in rows)
    questions_path.write_text(text, encoding="utf-8")
    return merged


def _checked(
    judgment: dict[str, Any], pooled: dict[int, dict[str, Any]], rows: list[dict[str, Any]]
) -> tuple[int, dict[str, Any], str]:
    """The judgment's line, pooled candidate and phrase, or SystemExit saying what is wrong."""
    given, name = judgment.get("line"), judgment.get("candidate")
    where = f"judgment for line {given}, {name}"
    line = given if isinstance(given, int) and 0 < given <= len(rows) else 0
    record = pooled.get(line)
    if record is None or rows[line - 1].get("question") != record["question"]:
        raise SystemExit(f"{where}: the pool has no such question at that line of the set")
    candidate = next((c for c in record["candidates"] if c["candidate"] == name), None)
    if candidate is None:
        raise SystemExit(f"{where}: the pool has no such candidate")
    phrase = str(judgment.get("contains") or "").strip()
    if not MIN_PHRASE_WORDS <= len(phrase.split()) <= MAX_PHRASE_WORDS:
        raise SystemExit(f"{where}: 'contains' needs {MIN_PHRASE_WORDS}-{MAX_PHRASE_WORDS} words")
    text = normalize(candidate["text"])
    if normalize(phrase) not in text:
        raise SystemExit(f"{where}: {phrase!r} is not in it")
    answer = judgment.get("answer")
    if answer is not None and normalize(str(answer)) not in text:
        raise SystemExit(f"{where}: the answer {answer!r} is not in it")
    return line, candidate, phrase


class _CopyFinder:
    """The articles with a copy of a judged sentence: a sentence that holds the judged phrase and
    shares most of its words with the judged sentence (``COPY_OVERLAP``). Another article's
    sentence that merely holds the phrase («أصدرت المحكمة الجزائية المتخصصة صباح أمس» of another
    case) is not gold."""

    def __init__(self, corpus: Corpus) -> None:
        self._sentences: list[tuple[str, str]] = []
        self._by_word: dict[str, list[int]] = {}
        for document in corpus.documents:
            for sentence in document.sentences:
                text = normalize(sentence.text)
                number = len(self._sentences)
                self._sentences.append((document.doc_id, text))
                for word in set(text.split()):
                    self._by_word.setdefault(word, []).append(number)

    def holders(self, phrase: str, judged: str) -> list[str]:
        """The articles with a copy of the ``judged`` sentence that holds ``phrase``."""
        folded = normalize(phrase)
        words = folded.split()
        # The phrase may begin or end inside a word: look up by its inner words where it has any.
        inner = words[1:-1] or words
        rarest = min(inner, key=lambda word: len(self._by_word.get(word, ())))
        judged_words = set(normalize(judged).split())
        found: set[str] = set()
        for number in self._by_word.get(rarest, ()):
            doc_id, text = self._sentences[number]
            if folded in text and _overlap(set(text.split()), judged_words) >= COPY_OVERLAP:
                found.add(doc_id)
        return sorted(found)


def _overlap(first: set[str], second: set[str]) -> float:
    return len(first & second) / max(1, len(first | second))


def _read_lines(path: Path) -> Iterable[dict[str, Any]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.judgment_pool", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    pool_command = commands.add_parser("pool")
    merge_command = commands.add_parser("merge")
    for command in (pool_command, merge_command):
        command.add_argument("questions", type=Path)
        command.add_argument("corpus", type=Path)
    pool_command.add_argument("out", type=Path)
    pool_command.add_argument("--depth", type=int, default=DEFAULT_DEPTH)
    merge_command.add_argument("judgments", type=Path)
    merge_command.add_argument("pool", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "pool":
            count = pool(args.questions, args.corpus, args.out, args.depth)
            print(f"wrote {count} pooled sentences to {args.out}", file=sys.stderr)
        else:
            count = merge(args.questions, args.corpus, args.judgments, args.pool)
            print(f"merged {count} judgments into {args.questions}", file=sys.stderr)
    except (OSError, ValueError, CorpusError) as error:
        # A missing or unreadable file, a line that is not JSON, a set or corpus that cannot be
        # used: one line, as `sanad` says it (QuestionSetError and JSON errors are ValueErrors).
        print(f"judgment_pool: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
