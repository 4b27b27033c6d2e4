"""Shared fixtures: the seed corpus, an engine over it, and tiny corpora written on demand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.engine import Engine
from tests.support.paths import SEEDS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over seeds/, built once per run and shared by every test directory."""
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
