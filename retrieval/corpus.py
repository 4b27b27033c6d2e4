"""Reading a folder of articles into documents of numbered sentences.

A document is one UTF-8 ``.txt`` file (searched recursively, in name order). Its ``doc_id`` is the
file stem and its ``title`` the first non-empty line. Its sentences are numbered 1..n in reading
order, counting every sentence of the article's own text, so that (doc_id, n) can be found by
reading the article; page furniture (see ``retrieval.boilerplate``) is not counted, and a
«إقرأ أيضاً» block that carries another article is left out entirely.

Empty files and files that are not UTF-8 are skipped with a warning that names them; a missing or
empty folder raises ``CorpusError``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from retrieval.boilerplate import LineKind, classify_line
from retrieval.progress import Progress
from retrieval.sentences import split_paragraph

logger = logging.getLogger(__name__)

# A short line with no sentence punctuation at the end of an article is a credit such as
# «الأوبزرفر العربي», not content.
_MAX_TRAILER_WORDS = 3
_SENTENCE_END = ".!?\u061f\u06d4\"'\u201d\u00bb)"


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
    if not any(path.is_file() for path in root.rglob("*.txt")):
        raise CorpusError(root, "no readable .txt articles in corpus folder")


def load_corpus(root: Path | str, *, progress: Progress | None = None) -> Corpus:
    """Read every ``*.txt`` article under ``root``; raise CorpusError if there are none."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder not found")
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    paths = sorted(root.rglob("*.txt"))
    for count, path in enumerate(paths):
        if progress is not None and count % 500 == 0:
            progress.update(count)
        if not path.is_file():
            continue
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
        progress.update(len(paths))
        progress.close()
    if not documents:
        raise CorpusError(root, "no readable .txt articles in corpus folder")
    return Corpus(root=root, documents=tuple(documents))
