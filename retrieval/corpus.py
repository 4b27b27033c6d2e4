"""Reading a folder of articles into documents of numbered sentences.

The folder (searched recursively, in path order) may hold:
- ``.txt`` files, one article each: its ``doc_id`` is the file stem and its ``title`` the first
  non-empty line, after an optional header block of ``url:``/``date:``/``source:``/``author:``
  lines (see ``retrieval.metadata``);
- collection files of many articles, ``.json``, ``.jsonl`` and ``.csv``, and ``.zip`` files of
  them, read in place (``retrieval.records``); fields are found by ``retrieval.fields``.
A document's sentences are numbered 1..n in reading order, counting every sentence of the
article's own text, so that (doc_id, n) can be found by reading the article; page furniture (see
``retrieval.boilerplate``) is not counted, and a «إقرأ أيضاً» block that carries another article
is left out entirely.

A record of a collection becomes the article its title, a blank line, then each non-blank line
of its text would make as a ``.txt`` file (a record without a title is titled by the first
``UNTITLED_WORDS`` words of its text). Its ``doc_id`` is its ``id`` field when it has one;
otherwise ``<source>_<NNNNN>`` (the file or member name when it has no source), where NNNNN is
its number among all the records of the folder's collection files, counted from 0 in path order,
then file order (ZIP members in name order), broken and empty records included, zero-padded to
5 digits. For the SaudiNewsNet ZIPs these are the ids of ``tests/data/saudinewsnet.py``.
Adding a collection file that sorts before others renumbers theirs: give records an ``id`` field
for ids that never move.

Empty files and files that are not UTF-8 are skipped with a warning that names them; records
without text, broken records, records over the size limit and records whose id is taken are
skipped and counted, one warning for each reason; files of other types are listed in one warning.
A missing folder, or one without articles, raises ``CorpusError``.

Which files are read is decided by ``article_files``, for the index cache's fingerprint too: only
files inside the corpus folder (a link that leads out of it, say to ``.env``, is skipped), no larger
than ``max_file_bytes`` (SANAD_MAX_FILE_MB); folders that cannot be read, or that vanish while the
folder is walked, are skipped with a warning rather than failing the whole load.
"""

from __future__ import annotations

import logging
import os
import stat
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import count, repeat
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from retrieval.boilerplate import LineKind, classify_line
from retrieval.fields import FieldMap
from retrieval.letters import SENTENCE_TERMINATORS
from retrieval.metadata import Metadata, clean_text, metadata, publication_date, split_header
from retrieval.progress import Progress
from retrieval.records import (
    MAX_COLLECTION_BYTES,
    RECORD_SUFFIXES,
    ZIP_SUFFIX,
    BrokenRecord,
    OtherMember,
    Record,
    UnreadablePart,
    read_records,
)
from retrieval.sentences import split_paragraph
from retrieval.workers import Workers

logger = logging.getLogger(__name__)

# A short line with no sentence punctuation at the end of an article is a credit such as
# «الأوبزرفر العربي», not content.
_MAX_TRAILER_WORDS = 3
# A line that ends a sentence ends with a terminator or a closing quote or bracket after one.
_SENTENCE_END = SENTENCE_TERMINATORS + "\"'\u201d\u00bb)"
ARTICLE_SUFFIX = ".txt"
# Every kind of file the folder is read for: single articles, then collections of articles.
CORPUS_SUFFIXES = (ARTICLE_SUFFIX, *RECORD_SUFFIXES, ZIP_SUFFIX)
# An article without a headline is titled by the start of its text, as a reader would name it.
UNTITLED_WORDS = 12
# Record numbers in generated ids are zero-padded to this many digits.
RECORD_NUMBER_WIDTH = 5
_SUFFIX_LIST = ", ".join(CORPUS_SUFFIXES)
NO_ARTICLE_FILES = f"no article files ({_SUFFIX_LIST}) in corpus folder"
# How many files a warning names before it only counts.
_NAMED_IN_WARNING = 5
# Files larger than this are skipped: a 500 MB file took 5 minutes and 5.5 GB to index, while the
# largest article of the 31,000-article archive is 60 KB.
DEFAULT_MAX_FILE_BYTES = 10 * 2**20
# Files a worker reads at a time (50,000 files: 100 chunks).
_FILES_PER_CHUNK = 500


class CorpusError(Exception):
    """The corpus folder cannot be used; carries the offending path."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{problem}: {path}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, as written, with where to find it."""

    doc_id: str
    number: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its id, title (first non-empty line), sentences, the file it was read from,
    and where it comes from (None when unknown): its newspaper or agency, publication date, web
    address and author. An article read from its file holds a tuple of sentences; one read back
    from the index cache, a ``retrieval.sentence_store.StoredSentences`` equal to it."""

    doc_id: str
    title: str
    path: Path
    sentences: Sequence[Sentence]
    source: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Corpus:
    """The readable articles of a folder, in file-name order."""

    root: Path
    documents: tuple[Document, ...]

    def document(self, doc_id: str) -> Document:
        """The document with this id; KeyError names the id when there is none."""
        for document in self.documents:
            if document.doc_id == doc_id:
                return document
        raise KeyError(doc_id)

    @property
    def sentence_count(self) -> int:
        return sum(len(document.sentences) for document in self.documents)


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """A file to read as an article, with what its stat said when the folder was walked."""

    path: Path
    size: int
    mtime_ns: int
    # The inode's change time and number: an edit that keeps size and mtime (``touch -r``)
    # still changes them, so the index cache key notices it without reading the file.
    ctime_ns: int
    inode: int


def parse_document(
    doc_id: str,
    text: str,
    path: Path,
    *,
    fields: FieldMap = FieldMap.DEFAULT,
    header: bool = True,
) -> Document:
    """Split an article's text into its title and numbered content sentences, and read its
    header block (when ``header``; names from ``fields``) and publication line."""
    return _parse_article(doc_id, text, fields=fields, header=header).document(path)


class _ParsedArticle(NamedTuple):
    """An article's parts as plain values: what a worker process sends back for a file (a
    tuple pickles several times faster than documents of sentence objects)."""

    doc_id: str
    title: str
    texts: list[str]
    lines: list[int]
    source: str | None
    published: date | None
    url: str | None
    author: str | None

    def document(self, path: Path) -> Document:
        doc_id = self.doc_id
        sentences = tuple(map(Sentence, repeat(doc_id), count(1), self.texts, self.lines))
        return Document(
            doc_id=doc_id,
            title=self.title,
            path=path,
            sentences=sentences,
            source=self.source,
            published=self.published,
            url=self.url,
            author=self.author,
        )


def _parse_article(
    doc_id: str, text: str, *, fields: FieldMap = FieldMap.DEFAULT, header: bool = True
) -> _ParsedArticle:
    lines = text.splitlines()
    values, header_lines = split_header(lines, fields) if header else ({}, 0)
    title = next((line.strip() for line in lines[header_lines:] if line.strip()), "")
    content_lines, dated = _content_lines(lines, header_lines)
    texts: list[str] = []
    numbers: list[int] = []
    for line_number, line in content_lines:
        pieces = split_paragraph(line)
        texts.extend(pieces)
        numbers.extend(repeat(line_number, len(pieces)))
    about = metadata(values)
    return _ParsedArticle(
        doc_id,
        title,
        texts,
        numbers,
        about.source,
        about.published or dated,
        about.url,
        about.author,
    )


def _content_lines(lines: list[str], start: int = 0) -> tuple[list[tuple[int, str]], date | None]:
    """(line number, line) of the article's own text, without furniture or pasted blocks, from
    line ``start`` (0-based) on; and the date of the first publication line among the furniture."""
    kept: list[tuple[int, str]] = []
    dated: date | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            continue
        if not kept:
            # The title is sentence 1 whatever it looks like («قره باغ - تصعيد جديد» has a
            # dateline's shape), so citations count the same way in every article.
            kept.append((number, line))
            continue
        kind = classify_line(line)
        if kind is LineKind.READ_ALSO_BLOCK:
            break
        if kind is LineKind.CONTENT:
            kept.append((number, line))
        elif dated is None:
            # Furniture is not an answer, but «تاريخ النشر: …» says when the article appeared.
            dated = publication_date(line)
    while kept and _is_trailer(kept[-1][1]) and len(kept) > 1:
        kept.pop()
    return kept, dated


def _is_trailer(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= _MAX_TRAILER_WORDS and stripped[-1] not in _SENTENCE_END


def read_document(path: Path, *, fields: FieldMap = FieldMap.DEFAULT) -> Document | None:
    """Read one article file; None, with a warning naming it, when it is empty or not UTF-8."""
    article = _read_article(path, fields)
    if isinstance(article, str):
        logger.warning("skipping %s: %s", path, article)
        return None
    return article.document(path)


def _read_article(path: Path, fields: FieldMap) -> _ParsedArticle | str:
    """The article in the file, or why it is skipped. Pure apart from reading the file, and
    logs nothing, so that a worker process can run it and the reader log what it says."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text ({error.reason})"
    except OSError as error:
        return f"cannot read it ({error.strerror or error})"
    if not text.strip():
        return "the file is empty"
    if "\x00" in text:
        # UTF-16 without a byte order mark decodes "successfully" as UTF-8 full of NULs.
        return "not UTF-8 text (NUL bytes; UTF-16?)"
    article = _parse_article(path.stem, text, fields=fields)
    if not article.texts:
        return "no article text left after removing page furniture"
    return article


def read_article_files(paths: Sequence[str], fields: FieldMap) -> list[_ParsedArticle | str | None]:
    """``_read_article`` for each ``.txt`` path, None for a collection file (the reader reads
    those itself, in order, since their records are numbered across files). What
    ``load_corpus`` hands to worker processes, a chunk of files at a time."""
    return [_read_file(path, fields) for path in paths]


def _read_file(path: str, fields: FieldMap) -> _ParsedArticle | str | None:
    return _read_article(Path(path), fields) if path.lower().endswith(ARTICLE_SUFFIX) else None


def check_corpus_folder(root: Path | str) -> None:
    """Raise CorpusError, as ``load_corpus`` would, when ``root`` is missing or has no article file.

    Cheap: it stops at the first article file and reads none, so a caller can reject an unusable
    setting at once and leave the reading itself for later.
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder not found")
    if not any(path.is_file() and _is_corpus_file(path.name) for path in root.rglob("*")):
        raise CorpusError(root, NO_ARTICLE_FILES)


def article_files(
    root: Path | str, *, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES
) -> list[ArticleFile]:
    """The files under ``root`` to read articles from (``CORPUS_SUFFIXES``), in path order.

    Each file skipped gets a warning naming it and why: a link whose target lies outside ``root``,
    a ``.txt`` file larger than ``max_file_bytes`` (None: no limit) or a collection file larger
    than ``retrieval.records.MAX_COLLECTION_BYTES``, a folder that cannot be read or that vanished
    while being walked. Links to folders are not followed. Files of other types are named in one
    warning (hidden files, such as ``.DS_Store``, are not).
    """
    root = Path(root)
    inside = root.resolve()
    found: list[ArticleFile] = []
    others: list[Path] = []
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif _is_corpus_file(entry.name):
                        article = _article_file(entry, inside, max_file_bytes)
                        if article is not None:
                            found.append(article)
                    elif not entry.name.startswith("."):
                        others.append(Path(entry.path))
        except FileNotFoundError:
            logger.warning("skipping folder %s: it vanished while the corpus was read", folder)
        except OSError as error:
            logger.warning("skipping folder %s: cannot read it (%s)", folder, _reason(error))
    # Path order is the order of the paths' parts: the strings with NUL (which no name holds)
    # for separators sort the same, several times faster than comparing Path objects.
    found.sort(key=lambda article: str(article.path).replace(os.sep, "\x00"))
    if others:
        logger.warning(
            "not reading %s of other types in %s (%s); articles are read from %s files",
            _count(len(others), "file"),
            root,
            _some(sorted(path.relative_to(root).as_posix() for path in others)),
            _SUFFIX_LIST,
        )
    return found


def _is_corpus_file(name: str) -> bool:
    return name.lower().endswith(CORPUS_SUFFIXES)


def _article_file(
    entry: os.DirEntry[str], inside: Path, max_file_bytes: int | None
) -> ArticleFile | None:
    """The file behind ``entry`` if it is to be read; None, with a warning, if not."""
    path = Path(entry.path)
    try:
        if entry.is_symlink() and not path.resolve().is_relative_to(inside):
            logger.warning("skipping %s: it links to a file outside the corpus folder", path)
            return None
        status = os.stat(entry.path)
    except OSError as error:
        logger.warning("skipping %s: cannot read it (%s)", path, _reason(error))
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    single = path.name.lower().endswith(ARTICLE_SUFFIX)
    limit = max_file_bytes if single else MAX_COLLECTION_BYTES
    if limit is not None and status.st_size > limit:
        logger.warning(
            "skipping %s: %s is over the limit of %s per %s",
            path,
            _megabytes(status.st_size),
            _megabytes(limit),
            "file (SANAD_MAX_FILE_MB)" if single else "collection file",
        )
        return None
    return ArticleFile(path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def load_corpus(
    root: Path | str,
    *,
    progress: Progress | None = None,
    files: Sequence[ArticleFile] | None = None,
    max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
    fields: FieldMap = FieldMap.DEFAULT,
    workers: Workers | None = None,
) -> Corpus:
    """Read the articles under ``root``; raise CorpusError if there are none.

    ``files`` is ``article_files(root, max_file_bytes=max_file_bytes)`` when the caller has
    already listed them (the index cache does). ``max_file_bytes`` also limits the text of each
    record of a collection; ``fields`` says which record fields hold what. ``workers`` read and
    split the ``.txt`` files (the same documents, warnings and order as reading them here).
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder not found")
    if files is None:
        files = article_files(root, max_file_bytes=max_file_bytes)
    reader = _Reader(root, fields, max_file_bytes)
    if workers is None:
        articles: Iterator[_ParsedArticle | str | None] = (
            _read_file(str(article.path), fields) for article in files
        )
    else:
        articles = workers.map(
            partial(read_article_files, fields=fields),
            [str(article.path) for article in files],
            chunk_size=_FILES_PER_CHUNK,
        )
    for number, (article, parsed) in enumerate(zip(files, articles, strict=True)):
        if progress is not None:
            progress.update(number)
        if parsed is None:
            reader.read_collection(article.path)
        else:
            reader.add_article_file(article.path, parsed)
    if progress is not None:
        progress.update(len(files))
        progress.close()
    reader.report()
    if not files:
        raise CorpusError(root, NO_ARTICLE_FILES)
    if not reader.documents:
        raise CorpusError(root, "no readable articles in corpus folder")
    return Corpus(root=root, documents=tuple(reader.documents))


@dataclass
class _Skipped:
    """Records skipped for one reason: how many, and where the first few were."""

    count: int = 0
    where: Counter[str] = field(default_factory=Counter)


class _Reader:
    """The documents read so far, the ids they took, the record count and what was skipped."""

    def __init__(self, root: Path, fields: FieldMap, max_record_bytes: int | None) -> None:
        self.documents: list[Document] = []
        self._root = root
        self._fields = fields
        self._max_record_bytes = max_record_bytes
        self._taken: dict[str, str] = {}
        self._record_number = 0
        self._skipped: dict[str, _Skipped] = {}
        self._other_members: list[str] = []

    def add_article_file(self, path: Path, article: _ParsedArticle | str) -> None:
        """Add the article read from ``path`` (or say why it is skipped), unless its id is
        taken."""
        if path.stem in self._taken:
            logger.warning(
                "skipping %s: doc_id %r is already taken by %s",
                path,
                path.stem,
                self._taken[path.stem],
            )
            return
        if isinstance(article, str):
            logger.warning("skipping %s: %s", path, article)
            return
        self._add(article.document(path), str(path))

    def read_collection(self, path: Path) -> None:
        for item in read_records(path):
            if isinstance(item, Record):
                self._read_record(item, path)
                self._record_number += 1
            elif isinstance(item, BrokenRecord):
                self._skip("unreadable", path, f"{item.location}: {item.problem}")
                self._record_number += 1
            elif isinstance(item, UnreadablePart):
                logger.warning("skipping %s: %s", item.location, item.problem)
            elif isinstance(item, OtherMember):
                self._other_members.append(item.location)

    def _read_record(self, record: Record, path: Path) -> None:
        picked = self._fields.pick(record.fields)
        content = picked.get("content")
        if not isinstance(content, str) or not content.strip():
            self._skip("without text", path, record.location)
            return
        limit = self._max_record_bytes
        if limit is not None and len(content) > limit // 4 and len(content.encode()) > limit:
            self._skip(f"over {_megabytes(limit)} (SANAD_MAX_FILE_MB)", path, record.location)
            return
        about = metadata(picked)
        doc_id = _record_id(picked.get("id"), about.source, record.part, self._record_number)
        if doc_id in self._taken:
            self._skip("whose id is already taken", path, f"{record.location}: {doc_id}")
            return
        document = _record_document(doc_id, picked.get("title"), content, path, about)
        if not document.sentences:
            self._skip("with no text left after page furniture", path, record.location)
            return
        self._add(document, record.location)

    def _add(self, document: Document, location: str) -> None:
        self._taken[document.doc_id] = location
        self.documents.append(document)

    def _skip(self, reason: str, path: Path, location: str) -> None:
        skipped = self._skipped.setdefault(reason, _Skipped())
        skipped.count += 1
        if skipped.count <= _NAMED_IN_WARNING:
            skipped.where[location] += 1

    def report(self) -> None:
        """One warning for each reason records were skipped, and one for other ZIP members."""
        for reason, skipped in self._skipped.items():
            logger.warning(
                "skipped %s %s (%s)",
                _count(skipped.count, "record"),
                reason,
                _some(list(skipped.where), total=skipped.count),
            )
        if self._other_members:
            logger.warning(
                "not reading %s of other types in ZIP files (%s); records are read from %s",
                _count(len(self._other_members), "member"),
                _some(self._other_members),
                ", ".join(RECORD_SUFFIXES),
            )


def _record_document(
    doc_id: str, title: object, content: str, path: Path, about: Metadata
) -> Document:
    """A record as the article a ``.txt`` file with its title and text would be."""
    headline = clean_text(title, max_chars=None) if isinstance(title, str) else None
    if headline is None:
        headline = " ".join(content.split()[:UNTITLED_WORDS])
    paragraphs = [line.strip() for line in content.splitlines() if line.strip()]
    text = "\n\n".join([headline, *paragraphs])
    document = parse_document(doc_id, text, path, header=False)
    return replace(
        document,
        source=about.source,
        published=about.published or document.published,
        url=about.url,
        author=about.author,
    )


def _record_id(given: object, source: str | None, part: str, number: int) -> str:
    """The record's ``id`` field, else ``<source>_<NNNNN>`` (see the module docstring)."""
    explicit = clean_text(given)
    if explicit is not None:
        return explicit
    prefix = "-".join((source or PurePosixPath(part).stem).replace("/", " ").split())
    return f"{prefix}_{number:0{RECORD_NUMBER_WIDTH}d}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _some(names: Sequence[str] | Mapping[str, int], *, total: int | None = None) -> str:
    """The first few of ``names``, and how many more there are."""
    listed = list(names)
    total = len(listed) if total is None else total
    shown = ", ".join(listed[:_NAMED_IN_WARNING])
    more = total - min(len(listed), _NAMED_IN_WARNING)
    return f"{shown} and {more:,} more" if more > 0 else shown


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
