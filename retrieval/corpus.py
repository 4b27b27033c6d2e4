"""Reading a folder of articles into documents of numbered sentences.

A document is one UTF-8 ``.txt`` file (searched recursively, in name order). Its ``doc_id`` is the
file stem and its ``title`` the first non-empty line. Its sentences are numbered 1..n in reading
order, counting every sentence of the article's own text, so that (doc_id, n) can be found by
reading the article; page furniture (see ``retrieval.boilerplate``) is not counted, and a
«إقرأ أيضاً» block that carries another article is left out entirely.

Empty files and files that are not UTF-8 are skipped with a warning that names them; a missing or
empty folder raises ``CorpusError``.

Which files are read is decided by ``article_files``, for the index cache's fingerprint too: only
files inside the corpus folder (a link that leads out of it, say to ``.env``, is skipped), no larger
than ``max_file_bytes`` (SANAD_MAX_FILE_MB); folders that cannot be read, or that vanish while the
folder is walked, are skipped with a warning rather than failing the whole load.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.boilerplate import LineKind, classify_line
from retrieval.letters import SENTENCE_TERMINATORS
from retrieval.progress import Progress
from retrieval.sentences import split_paragraph

logger = logging.getLogger(__name__)

# A short line with no sentence punctuation at the end of an article is a credit such as
# «الأوبزرفر العربي», not content.
_MAX_TRAILER_WORDS = 3
# A line that ends a sentence ends with a terminator or a closing quote or bracket after one.
_SENTENCE_END = SENTENCE_TERMINATORS + "\"'\u201d\u00bb)"
ARTICLE_SUFFIX = ".txt"
# Files larger than this are skipped: a 500 MB file took 5 minutes and 5.5 GB to index, while the
# largest article of the 31,000-article archive is 60 KB.
DEFAULT_MAX_FILE_BYTES = 10 * 2**20


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
    """One article: its id (file stem), title (first non-empty line) and sentences."""

    doc_id: str
    title: str
    path: Path
    sentences: tuple[Sentence, ...]


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


def parse_document(doc_id: str, text: str, path: Path) -> Document:
    """Split an article's text into its title and numbered content sentences."""
    lines = text.splitlines()
    title = next((line.strip() for line in lines if line.strip()), "")
    content_lines = _content_lines(lines)
    sentences: list[Sentence] = []
    for line_number, line in content_lines:
        for piece in split_paragraph(line):
            sentences.append(Sentence(doc_id, len(sentences) + 1, piece, line_number))
    return Document(doc_id=doc_id, title=title, path=path, sentences=tuple(sentences))


def _content_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, line) of the article's own text, without furniture or pasted blocks."""
    kept: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
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
    while kept and _is_trailer(kept[-1][1]) and len(kept) > 1:
        kept.pop()
    return kept


def _is_trailer(line: str) -> bool:
    stripped = line.strip()
    return len(stripped.split()) <= _MAX_TRAILER_WORDS and stripped[-1] not in _SENTENCE_END


def read_document(path: Path) -> Document | None:
    """Read one article file; None, with a warning naming it, when it is empty or not UTF-8."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        logger.warning("skipping %s: not UTF-8 text (%s)", path, error.reason)
        return None
    except OSError as error:
        logger.warning("skipping %s: cannot read it (%s)", path, error.strerror or error)
        return None
    if not text.strip():
        logger.warning("skipping %s: the file is empty", path)
        return None
    if "\x00" in text:
        # UTF-16 without a byte order mark decodes "successfully" as UTF-8 full of NULs.
        logger.warning("skipping %s: not UTF-8 text (NUL bytes; UTF-16?)", path)
        return None
    document = parse_document(path.stem, text, path)
    if not document.sentences:
        logger.warning("skipping %s: no article text left after removing page furniture", path)
        return None
    return document


def check_corpus_folder(root: Path | str) -> None:
    """Raise CorpusError, as ``load_corpus`` would, when ``root`` is missing or has no ``.txt``.

    Cheap: it stops at the first article file and reads none, so a caller can reject an unusable
    setting at once and leave the reading itself for later.
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder not found")
    if not any(path.is_file() for path in root.rglob(f"*{ARTICLE_SUFFIX}")):
        raise CorpusError(root, "no readable .txt articles in corpus folder")


def article_files(
    root: Path | str, *, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES
) -> list[ArticleFile]:
    """The ``.txt`` files under ``root`` to read as articles, in path order.

    Each file skipped gets a warning naming it and why: a link whose target lies outside ``root``,
    a file larger than ``max_file_bytes`` (None: no limit), a folder that cannot be read or that
    vanished while being walked. Links to folders are not followed.
    """
    root = Path(root)
    inside = root.resolve()
    found: list[ArticleFile] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
                    elif entry.name.endswith(ARTICLE_SUFFIX):
                        article = _article_file(entry, inside, max_file_bytes)
                        if article is not None:
                            found.append(article)
        except FileNotFoundError:
            logger.warning("skipping folder %s: it vanished while the corpus was read", folder)
        except OSError as error:
            logger.warning("skipping folder %s: cannot read it (%s)", folder, _reason(error))
    found.sort(key=lambda article: article.path)
    return found


def _article_file(
    entry: os.DirEntry[str], inside: Path, max_file_bytes: int | None
) -> ArticleFile | None:
    """The file behind ``entry`` if it is to be read; None, with a warning, if not."""
    path = Path(entry.path)
    try:
        if entry.is_symlink() and not path.resolve().is_relative_to(inside):
            logger.warning("skipping %s: it links to a file outside the corpus folder", path)
            return None
        status = os.stat(path)
    except OSError as error:
        logger.warning("skipping %s: cannot read it (%s)", path, _reason(error))
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    if max_file_bytes is not None and status.st_size > max_file_bytes:
        logger.warning(
            "skipping %s: %s is over the limit of %s per file (SANAD_MAX_FILE_MB)",
            path,
            _megabytes(status.st_size),
            _megabytes(max_file_bytes),
        )
        return None
    return ArticleFile(path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def load_corpus(
    root: Path | str,
    *,
    progress: Progress | None = None,
    files: Sequence[ArticleFile] | None = None,
    max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
) -> Corpus:
    """Read the articles under ``root``; raise CorpusError if there are none.

    ``files`` is ``article_files(root, max_file_bytes=max_file_bytes)`` when the caller has
    already listed them (the index cache does).
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder not found")
    if files is None:
        files = article_files(root, max_file_bytes=max_file_bytes)
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for count, article in enumerate(files):
        if progress is not None and count % 500 == 0:
            progress.update(count)
        path = article.path
        if path.stem in seen:
            logger.warning(
                "skipping %s: doc_id %r is already taken by %s", path, path.stem, seen[path.stem]
            )
            continue
        document = read_document(path)
        if document is not None:
            seen[path.stem] = path
            documents.append(document)
    if progress is not None:
        progress.update(len(files))
        progress.close()
    if not documents:
        raise CorpusError(root, "no readable .txt articles in corpus folder")
    return Corpus(root=root, documents=tuple(documents))


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
