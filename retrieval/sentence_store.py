"""The sentences of a corpus as one UTF-8 buffer and a few arrays, each sentence made when read.

A corpus read back from the index cache holds about a million sentences, of which a question
cites a handful: making a ``Sentence`` object (and a Python string) for each of them took seconds
at every restart and hundreds of megabytes. ``SentenceStore`` keeps them as they are stored, the
text of every sentence back to back in reading order (the cache maps the file rather than copying
it), and ``StoredSentences`` is one article's slice of it, a ``Sequence[Sentence]`` that makes
the sentence asked for and equals the tuple of the same sentences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from retrieval.corpus import Sentence


@dataclass(frozen=True, slots=True, eq=False)
class SentenceStore:
    """Every sentence of a corpus in reading order: its UTF-8 text (``text[ends[i - 1]:ends[i]]``,
    from 0 for the first) and its line in its article. The arrays are checked by whoever makes
    the store (``retrieval.index_cache``): ``ends`` rise strictly, to ``text.size``."""

    text: np.ndarray  # uint8
    ends: np.ndarray  # int64, one per sentence
    lines: np.ndarray  # int32, one per sentence

    def __len__(self) -> int:
        return int(self.ends.size)

    def text_of(self, position: int) -> str:
        """The text of the sentence at ``position`` in reading order. A byte that is not UTF-8
        (a damaged cache file) reads as U+FFFD rather than failing a question."""
        start = int(self.ends[position - 1]) if position > 0 else 0
        data: bytes = self.text[start : int(self.ends[position])].tobytes()
        return data.decode("utf-8", "replace")

    def sentences(self, doc_id: str, first: int, count: int) -> StoredSentences:
        """The ``count`` sentences from ``first`` (in reading order) of article ``doc_id``."""
        if first < 0 or count < 0 or first + count > len(self):
            raise IndexError(f"sentences {first}..{first + count} of a store of {len(self)}")
        return StoredSentences(self, doc_id, first, count)


class StoredSentences(Sequence[Sentence]):
    """One article's sentences in a ``SentenceStore``, numbered from 1, made when read."""

    __slots__ = ("_count", "_doc_id", "_first", "_store")

    def __init__(self, store: SentenceStore, doc_id: str, first: int, count: int) -> None:
        self._store = store
        self._doc_id = doc_id
        self._first = first
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Sentence: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Sentence, ...]: ...

    def __getitem__(self, index: int | slice) -> Sentence | tuple[Sentence, ...]:
        if isinstance(index, slice):
            return tuple(self._sentence(i) for i in range(*index.indices(self._count)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(f"sentence index {index} out of range for {self._count} sentences")
        return self._sentence(index)

    def __iter__(self) -> Iterator[Sentence]:
        return (self._sentence(i) for i in range(self._count))

    def _sentence(self, index: int) -> Sentence:
        position = self._first + index
        store = self._store
        return Sentence(
            self._doc_id, index + 1, store.text_of(position), int(store.lines[position])
        )

    def __eq__(self, other: object) -> bool:
        # Equal to any sequence of the same sentences, the tuple a freshly read article holds
        # included, so that a corpus read from the cache equals the one read from the files.
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == self._count and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"StoredSentences({self._doc_id!r}, {self._count} sentences)"
