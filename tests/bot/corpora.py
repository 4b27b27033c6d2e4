"""Corpora for reload tests: a copy of seeds/, and an article that only the new index knows."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.bot.conftest import SEEDS

NEW_DOC = "999_zaytoun"
NEW_ARTICLE = (
    "بلدية مدينة الزيتون تفتتح مكتبة عامة\n\n"
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
