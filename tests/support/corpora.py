"""Corpora for load tests: a copy of seeds/, an article only the new index knows, slow loads."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from retrieval.engine import Engine
from tests.support.paths import SEEDS

NEW_DOC = "999_zaytoun"
# The bot cites articles by title (internal ids stay out of messages).
NEW_TITLE = "بلدية مدينة الزيتون تفتتح مكتبة عامة"
NEW_ARTICLE = (
    f"{NEW_TITLE}\n\n"
    "أعلنت بلدية مدينة الزيتون افتتاح مكتبة عامة جديدة يوم 3 آذار/مارس في وسط المدينة. "
    "وقال رئيس البلدية إن المكتبة تضم أكثر من عشرة آلاف كتاب للقراء من كل الأعمار.\n"
)
NEW_QUESTION = "متى افتتحت بلدية مدينة الزيتون المكتبة العامة؟"


def copy_of_seeds(folder: Path) -> Path:
    """seeds/ copied into ``folder`` (created), so a test can change it."""
    shutil.copytree(SEEDS, folder)
    return folder


def add_new_article(corpus: Path) -> None:
    (corpus / f"{NEW_DOC}.txt").write_text(NEW_ARTICLE, encoding="utf-8")


class SlowLoad:
    """A ``load`` that waits for the test's go-ahead, then returns ``engine`` (or raises)."""

    def __init__(self, engine: Engine, *, error: Exception | None = None) -> None:
        self.release = threading.Event()
        self.calls = 0
        self._engine = engine
        self._error = error

    def __call__(self, folder: Path) -> Engine:
        self.calls += 1
        assert self.release.wait(5), "the test never released the load"
        if self._error is not None:
            raise self._error
        return self._engine
