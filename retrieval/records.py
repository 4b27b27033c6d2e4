"""Reading archive exports into records: JSON arrays, JSON Lines, CSV, and ZIP files of them.

A record is one article as the file holds it, a mapping of field names to values; which field is
the title or the text is ``retrieval.fields``' business, what becomes of a record
``retrieval.corpus``'. Formats:

- ``.json``: an array of objects, one per article (a single object is one article);
- ``.jsonl``: one object per line; blank lines are ignored;
- ``.csv``: a header row naming the fields, then one row per article; fields separated by ``,``,
  ``;`` or a tab (whichever the header row uses most), quoted fields may span lines;
- ``.zip``: files of the three formats above, read in place in member-name order (nothing is
  extracted); members of other types are reported as such.

Files are UTF-8 (a byte order mark is allowed). Nothing here raises for bad input: each item
yielded says what was found, a record, a broken record (counted: it has a number like any other)
or a part that cannot be read at all, with a location for messages.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

JSON_SUFFIX = ".json"
JSONL_SUFFIX = ".jsonl"
CSV_SUFFIX = ".csv"
ZIP_SUFFIX = ".zip"
RECORD_SUFFIXES = (JSON_SUFFIX, JSONL_SUFFIX, CSV_SUFFIX)
# A collection file, or a ZIP member, is read whole: larger ones are skipped. 256 MB holds over
# two SaudiNewsNet archives (108 MB of JSON for 31,000 articles); split a larger export in parts.
MAX_COLLECTION_BYTES = 256 * 2**20
_CSV_DELIMITERS = (",", ";", "\t")
# Bit 0 of a ZIP member's flags: the member is encrypted.
_ENCRYPTED = 0x1


@dataclass(frozen=True, slots=True)
class Record:
    """One article of a collection file: its fields as the file has them, the name of the file
    or ZIP member that holds it, and where it is in there (for messages)."""

    fields: Mapping[str, object]
    part: str
    location: str


@dataclass(frozen=True, slots=True)
class BrokenRecord:
    """An entry in the place of a record that is not one (a line that is not JSON, a number in an
    array of articles, a CSV row the parser rejects)."""

    location: str
    problem: str


@dataclass(frozen=True, slots=True)
class UnreadablePart:
    """A file, or a ZIP member, that cannot be read at all."""

    location: str
    problem: str


@dataclass(frozen=True, slots=True)
class OtherMember:
    """A ZIP member of a type that holds no records."""

    location: str


Item = Record | BrokenRecord | UnreadablePart | OtherMember


def read_records(path: Path) -> Iterator[Item]:
    """Every record of the collection or ZIP file at ``path``, in file order."""
    if path.suffix.lower() == ZIP_SUFFIX:
        yield from _zip_items(path)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield UnreadablePart(str(path), f"cannot read it ({error.strerror or error})")
        return
    yield from _items(data, path.suffix.lower(), path.name, str(path))


def _zip_items(path: Path) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        yield UnreadablePart(str(path), f"not a readable ZIP file ({error})")
        return
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir()),
            key=lambda info: info.filename,
        )
        for info in members:
            location = f"{path}:{info.filename}"
            suffix = PurePosixPath(info.filename).suffix.lower()
            if suffix not in RECORD_SUFFIXES:
                yield OtherMember(location)
                continue
            if info.flag_bits & _ENCRYPTED:
                yield UnreadablePart(location, "encrypted")
                continue
            if info.file_size > MAX_COLLECTION_BYTES:
                yield UnreadablePart(location, f"over {_megabytes(MAX_COLLECTION_BYTES)}")
                continue
            try:
                # ZipExtFile stops at the declared size, so a member cannot inflate past it.
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                yield UnreadablePart(location, f"cannot unpack it ({error})")
                continue
            yield from _items(data, suffix, info.filename, location)


def _items(data: bytes, suffix: str, part: str, location: str) -> Iterator[Item]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield UnreadablePart(location, f"not UTF-8 text ({error.reason})")
        return
    if "\x00" in text:
        # UTF-16 without a byte order mark decodes "successfully" as UTF-8 full of NULs.
        yield UnreadablePart(location, "not UTF-8 text (NUL bytes; UTF-16?)")
        return
    if suffix == JSON_SUFFIX:
        yield from _json_items(text, part, location)
    elif suffix == JSONL_SUFFIX:
        yield from _jsonl_items(text, part, location)
    else:
        yield from _csv_items(text, part, location)


def _json_items(text: str, part: str, location: str) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        yield UnreadablePart(location, f"not JSON ({_json_problem(error)})")
        return
    if isinstance(value, dict):
        yield Record(value, part, location)
        return
    if not isinstance(value, list):
        yield UnreadablePart(location, "not a JSON array of articles")
        return
    for number, element in enumerate(value):
        where = f"{location} [{number}]"
        if isinstance(element, dict):
            yield Record(element, part, where)
        else:
            yield BrokenRecord(where, "not an object")


def _jsonl_items(text: str, part: str, location: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{location} line {number}"
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            yield BrokenRecord(where, f"not JSON ({_json_problem(error)})")
            continue
        if isinstance(value, dict):
            yield Record(value, part, where)
        else:
            yield BrokenRecord(where, "not an object")


def _csv_items(text: str, part: str, location: str) -> Iterator[Item]:
    header = text.split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=header.count)
    with _csv_field_size(len(text) + 1):
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            fields = reader.fieldnames
        except csv.Error as error:
            yield UnreadablePart(location, f"unreadable CSV header ({error})")
            return
        if not fields:
            yield UnreadablePart(location, "no CSV header row")
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield BrokenRecord(f"{location} line {reader.line_num}", f"bad CSV row ({error})")
                continue
            yield Record(row, part, f"{location} line {reader.line_num}")


@contextlib.contextmanager
def _csv_field_size(limit: int) -> Iterator[None]:
    """Let a CSV field be as long as the file (the csv module's default cap is 128 KB, which a
    long article can pass); the per-article limit is applied to the text afterwards."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _json_problem(error: json.JSONDecodeError | RecursionError) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return f"{error.msg} at line {error.lineno} column {error.colno}"


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"
