"""The SaudiNewsNet converter, run on a tiny archive written here (never on ../shared)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.data import saudinewsnet


def _write_zip(folder: Path, name: str, records: list[dict[str, str]]) -> None:
    with zipfile.ZipFile(folder / f"{name}.zip", "w") as zipped:
        zipped.writestr(f"{name}.json", json.dumps(records, ensure_ascii=False))


def _record(source: str, title: str, content: str) -> dict[str, str]:
    return {
        "source": source,
        "url": "http://example.com/a",
        "date_extracted": "2015-07-21 02:51:32",
        "title": title,
        "author": "",
        "content": content,
    }


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    # Written out of name order: numbering must follow ZIP names, not creation order.
    _write_zip(
        folder,
        "2015-07-22",
        [
            _record("okaz", "", "كلمة " * 20 + "\nسطر ثان."),
            _record("alriyadh", " عنوان ثالث ", "فقرة."),
        ],
    )
    _write_zip(
        folder,
        "2015-07-21",
        [
            _record("alyaum", "عنوان أول", "الفقرة الأولى.\n\n \u00a0\nالفقرة الثانية.  \n"),
            _record("sabq", "خبر فارغ", " \n "),
        ],
    )
    return folder


def test_numbers_articles_in_zip_name_order_and_empty_ones_keep_their_number(
    archive: Path,
) -> None:
    ids = [article.doc_id for article in saudinewsnet.articles(archive)]
    assert ids == ["alyaum_00000", "okaz_00002", "alriyadh_00003"]


def test_writes_title_blank_line_then_blank_line_separated_paragraphs(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    written = saudinewsnet.write_corpus(out, archive)
    assert written == ["alyaum_00000", "okaz_00002", "alriyadh_00003"]
    assert sorted(path.name for path in out.iterdir()) == [
        "alriyadh_00003.txt",
        "alyaum_00000.txt",
        "okaz_00002.txt",
    ]
    assert (out / "alyaum_00000.txt").read_text(encoding="utf-8") == (
        "عنوان أول\n\nالفقرة الأولى.\n\nالفقرة الثانية.\n"
    )
    assert (out / "alriyadh_00003.txt").read_text(encoding="utf-8") == "عنوان ثالث\n\nفقرة.\n"


def test_an_article_without_title_is_named_by_its_first_twelve_words(archive: Path) -> None:
    article = next(a for a in saudinewsnet.articles(archive) if a.doc_id == "okaz_00002")
    assert article.title == " ".join(["كلمة"] * 12)
    assert article.text.startswith(article.title + "\n\n" + "كلمة " * 19 + "كلمة\n\nسطر ثان.")


def test_articles_unpack_with_the_archive_record(archive: Path) -> None:
    doc_id, title, text, record = next(saudinewsnet.articles(archive))
    assert (doc_id, title) == ("alyaum_00000", "عنوان أول")
    assert text.splitlines()[0] == title
    assert record["source"] == "alyaum"


def test_only_writes_the_listed_ids(archive: Path, tmp_path: Path) -> None:
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("# two of them\nalriyadh_00003\n\nalyaum_00000  # first\n", "utf-8")
    out = tmp_path / "out"
    assert saudinewsnet.main([str(out), "--only", str(ids_file), "--archive", str(archive)]) == 0
    assert sorted(path.stem for path in out.iterdir()) == ["alriyadh_00003", "alyaum_00000"]


def test_an_unknown_or_empty_listed_id_is_a_usage_error(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("sabq_00001\n", "utf-8")
    args = [str(tmp_path / "out"), "--only", str(ids_file), "--archive", str(archive)]
    code = saudinewsnet.main(args)
    assert code == saudinewsnet.EXIT_USAGE
    assert "sabq_00001" in capsys.readouterr().err


def test_a_missing_archive_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = saudinewsnet.main([str(tmp_path / "out"), "--archive", str(tmp_path / "nowhere")])
    assert code == saudinewsnet.EXIT_USAGE
    err = capsys.readouterr().err
    assert "nowhere" in err
    assert err.count("\n") == 1
