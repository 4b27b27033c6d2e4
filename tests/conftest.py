"""Shared fixtures: the seed corpus, an engine over it, and tiny corpora written on demand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.answer import Engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
QUESTIONS = PROJECT_ROOT / "tests" / "data" / "questions.jsonl"
MISSION_QUESTION = "متى اتفقا على الهدنة الإنسانية؟"
MISSION_DOC = "004_13ef93096cc37932"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_folder(SEEDS)


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files (name -> text or raw bytes) into a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write
