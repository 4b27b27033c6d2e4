"""Which field of an archive record holds an article's id, title, text, link, date, source, author.

Archives name their fields differently (``content``, ``body``, ``text``; ``date``,
``published``…). ``FieldMap.DEFAULT`` lists the usual names, tried in order, compared without
regard to case; the first present with a non-empty value wins:

| field | names tried |
|---|---|
| ``id`` | id, doc_id |
| ``title`` | title, headline |
| ``content`` | content, text, body |
| ``url`` | url, link |
| ``date`` | date, published, date_extracted |
| ``source`` | source |
| ``author`` | author |

``SANAD_FIELDS`` overrides names, e.g. ``content:article_body,date:pubDate,date:updated``: each
``field:name`` pair adds a name for that field, in order, and the names given for a field replace
its default names; fields not mentioned keep theirs. The same names are read from the header
block of a ``.txt`` article (``retrieval.corpus``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

FIELDS = ("id", "title", "content", "url", "date", "source", "author")
_DEFAULT_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("id", "doc_id")),
    ("title", ("title", "headline")),
    ("content", ("content", "text", "body")),
    ("url", ("url", "link")),
    ("date", ("date", "published", "date_extracted")),
    ("source", ("source",)),
    ("author", ("author",)),
)
_PAIR_SEPARATOR = ","
_NAME_SEPARATOR = ":"


class FieldMapError(ValueError):
    """A field map setting that cannot be read; carries the offending part."""

    def __init__(self, part: str, problem: str) -> None:
        super().__init__(f"{problem}: {part!r}")
        self.part = part
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FieldMap:
    """For each field of ``FIELDS``, the record names that may hold it, in order of preference."""

    names: tuple[tuple[str, tuple[str, ...]], ...]

    DEFAULT: ClassVar[FieldMap]

    @classmethod
    def parse(cls, setting: str) -> FieldMap:
        """The default map with the ``field:name`` pairs of ``setting`` in place of its names."""
        given: dict[str, list[str]] = {}
        for part in setting.split(_PAIR_SEPARATOR):
            if not part.strip():
                continue
            field, separator, name = part.partition(_NAME_SEPARATOR)
            field, name = field.strip().lower(), name.strip()
            if not separator or not name:
                raise FieldMapError(part, "expected field:name")
            if field not in FIELDS:
                raise FieldMapError(part, "unknown field")
            given.setdefault(field, []).append(name)
        return cls(
            tuple(
                (field, tuple(given[field]) if field in given else names)
                for field, names in _DEFAULT_NAMES
            )
        )

    def names_of(self, field: str) -> tuple[str, ...]:
        """The record names tried for ``field``, in order."""
        for known, names in self.names:
            if known == field:
                return names
        raise KeyError(field)

    def pick(self, record: Mapping[str, object]) -> dict[str, object]:
        """Each field's value in ``record``: the first of its names present with a value that is
        not empty or blank (names compared without regard to case); fields absent are left out."""
        lowered = {key.strip().lower(): key for key in record if isinstance(key, str)}
        picked: dict[str, object] = {}
        for field, names in self.names:
            for name in names:
                key = name if name in record else lowered.get(name.lower())
                if key is None:
                    continue
                value = record[key]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                picked[field] = value
                break
        return picked

    def describe(self) -> str:
        """The map as one line (for the index cache key)."""
        return ";".join(f"{field}={'|'.join(names)}" for field, names in self.names)


FieldMap.DEFAULT = FieldMap(_DEFAULT_NAMES)
