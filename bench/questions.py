"""The fixed question set of the benchmark: the evaluation questions plus corpus-derived ones."""

from __future__ import annotations

import json
from pathlib import Path

from bench.corpus import CorpusGenerator

EVAL_QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.jsonl"
_QUESTION_WORDS = ("متى", "من", "أين", "كم", "ما", "لماذا", "هل", "كيف")
DERIVED = 42


def questions(generator: CorpusGenerator | None = None) -> list[str]:
    """58 evaluation questions and 42 made from words of the first 10,000 generated sentences."""
    with EVAL_QUESTIONS.open(encoding="utf-8") as lines:
        asked = [json.loads(line)["question"] for line in lines if line.strip()]
    generator = generator or CorpusGenerator()
    sample = list(generator.sentences(10_000))
    for i in range(DERIVED):
        words = sample[(i * 211) % len(sample)].split()
        start = (i * 7) % max(1, len(words) - 4)
        picked = words[start : start + 2 + i % 4]
        asked.append(f"{_QUESTION_WORDS[i % len(_QUESTION_WORDS)]} {' '.join(picked)}؟")
    return asked
