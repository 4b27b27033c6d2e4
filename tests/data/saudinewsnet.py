"""SaudiNewsNet as a Sanad corpus: one ``.txt`` article file per non-empty archive article.

The archive (../shared/corpora/saudinewsnet, CC BY-NC-SA 4.0, never committed) is 18 ZIPs, each
holding one JSON array of articles (``source``, ``url``, ``date_extracted``, ``title``,
``author``, ``content``). Its README's "As a Sanad corpus" section fixes the layout that the
development question sets cite:

- articles are numbered 0..31029 in ZIP-name order, then array order; an article whose content
  is empty or blank keeps its number but gets no file;
- each other article becomes ``<source>_<NNNNN>.txt`` (the global number, zero-padded to 5);
- the file holds the title (the first 12 words of the content when the title is empty), a blank
  line, then each non-blank content line as a paragraph, paragraphs separated by blank lines.

The ZIPs are read in place, nothing is extracted. ``articles()`` yields the same articles for
code that builds a corpus itself (the eval); the command line writes them:

    python -m tests.data.saudinewsnet OUT_DIR [--only IDS_FILE] [--archive DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ARCHIVE = PROJECT_ROOT.parent / "shared" / "corpora" / "saudinewsnet"
# An article without a headline is named by the start of its text, as a reader would.
TITLE_WORDS = 12
NUMBER_WIDTH = 5

EXIT_OK = 0
EXIT_USAGE = 2


class ArchiveError(Exception):
    """The archive cannot be read as SaudiNewsNet; carries the offending path."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{problem}: {path}")
        self.path = path
        self.problem = problem


class Article(NamedTuple):
    """One non-empty archive article as a corpus file; unpacks as (doc_id, title, text, record).

    ``text`` is the whole file content, title line first; ``record`` is the archive's JSON
    object, unchanged (source, url, date_extracted, title, author, content).
    """

    doc_id: str
    title: str
    text: str
    record: dict[str, str]


def doc_id(source: str, number: int) -> str:
    """The file stem of the article with this global number: ``alriyadh_01234``."""
    return f"{source}_{number:0{NUMBER_WIDTH}d}"


def paragraphs(content: str) -> list[str]:
    """The non-blank lines of an article's content, stripped, in order."""
    return [line.strip() for line in content.splitlines() if line.strip()]


def title_of(record: dict[str, str]) -> str:
    """The headline, or the first words of the content when the archive has none."""
    title = " ".join(record.get("title", "").split())
    if title:
        return title
    return " ".join(record.get("content", "").split()[:TITLE_WORDS])


def article_text(title: str, content: str) -> str:
    """The file content: the title, a blank line, then paragraphs separated by blank lines."""
    return "\n\n".join([title, *paragraphs(content)]) + "\n"


def zip_paths(archive: Path) -> list[Path]:
    """The archive's ZIPs in name order (which is date order); an error when there are none."""
    if not archive.is_dir():
        raise ArchiveError(archive, "no SaudiNewsNet archive folder (pass --archive DIR)")
    paths = sorted(archive.glob("*.zip"))
    if not paths:
        raise ArchiveError(archive, "no .zip files in the SaudiNewsNet archive folder")
    return paths


def records(archive: Path = DEFAULT_ARCHIVE) -> Iterator[tuple[int, dict[str, str]]]:
    """Every archive record with its global number, empty ones included."""
    number = 0
    for path in zip_paths(archive):
        try:
            with zipfile.ZipFile(path) as zipped:
                for name in sorted(zipped.namelist()):
                    if not name.endswith(".json"):
                        continue
                    array = json.loads(zipped.read(name).decode("utf-8"))
                    if not isinstance(array, list):
                        raise ArchiveError(path, f"{name} is not a JSON array of articles")
                    for record in array:
                        yield number, record
                        number += 1
        except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(path, f"unreadable archive file ({error})") from error


def articles(
    archive: Path = DEFAULT_ARCHIVE, *, only: frozenset[str] | None = None
) -> Iterator[Article]:
    """The non-empty articles of the archive, in order; with ``only``, just those ids."""
    for number, record in records(archive):
        content = record.get("content", "")
        if not content.strip():
            continue
        source = record.get("source")
        if not source:
            raise ArchiveError(archive, f"article {number} has no source")
        identifier = doc_id(source, number)
        if only is not None and identifier not in only:
            continue
        title = title_of(record)
        yield Article(identifier, title, article_text(title, content), record)


def read_ids(path: Path) -> frozenset[str]:
    """Article ids listed one a line; blank lines and ``#`` comments are ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()
    )


def write_corpus(
    out_dir: Path, archive: Path = DEFAULT_ARCHIVE, *, only: frozenset[str] | None = None
) -> list[str]:
    """Write the articles as ``OUT_DIR/<doc_id>.txt``; returns the ids written, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles(archive, only=only):
        (out_dir / f"{article.doc_id}.txt").write_text(article.text, encoding="utf-8")
        written.append(article.doc_id)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the archive (or the listed articles) into a folder of .txt files."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.data.saudinewsnet",
        description="Write SaudiNewsNet articles as a Sanad corpus (one .txt per article).",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write the .txt files into")
    parser.add_argument(
        "--only", type=Path, default=None, help="file of article ids, one a line: write just those"
    )
    parser.add_argument(
        "--archive",
        type=Path,
        default=DEFAULT_ARCHIVE,
        help="folder of the 18 SaudiNewsNet ZIPs (default: ../shared/corpora/saudinewsnet)",
    )
    args = parser.parse_args(argv)
    try:
        only = read_ids(args.only) if args.only is not None else None
        written = write_corpus(args.out_dir, args.archive, only=only)
    except (ArchiveError, OSError) as error:
        print(f"saudinewsnet: {error}", file=sys.stderr)
        return EXIT_USAGE
    if only is not None and len(written) < len(only):
        missing = sorted(only - set(written))
        print(f"saudinewsnet: not in the archive (or empty): {' '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(written)} articles to {args.out_dir}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
