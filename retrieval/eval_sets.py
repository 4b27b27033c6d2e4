"""Question sets for ``sanad eval``: the project's JSON Lines format and SQuAD-format files.

**JSON Lines** (one question per line), asked of a corpus folder:

    {"question": "…", "doc_id": "004_13ef93096cc37932", "contains": "a phrase of the sentence",
     "answer": "the short answer", "kind": "dialect"}

``doc_id`` is the article that answers, a list of articles (the same wire story printed by
several papers), or null when the corpus cannot answer; ``contains`` is a phrase of the supporting
sentence, or a list of phrases when other articles state the answer in other words (a hit counts
when its article is listed and its sentence holds any of them; ``tools/judgment_pool.py`` adds
them); ``answer`` (optional) is the gold short answer; ``kind`` (optional) says what the
question exercises. A row ``{"kind": "follow-up" | "topic-change", "turns": [ROW, ROW, …]}`` is
a conversation: questions asked one after the other in one chat (``retrieval.followup``).

**SQuAD v1.1** (``{"data": [{"title", "paragraphs": [{"context", "qas": [{"question",
"answers": [{"text"}]}]}]}]}``, as ARCD ships): each ``data[]`` entry becomes one article of the
set's own corpus (its title, then its paragraphs), and a question's supporting sentence is one
that holds any of its gold answer texts, which are also its gold short answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.corpus import Corpus, Document, parse_document

FOLLOW_UP = "follow-up"
TOPIC_CHANGE = "topic-change"


class QuestionSetError(ValueError):
    """A question set cannot be used; carries the file and the line (0 when not line-based)."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One question with its gold evidence; no ``doc_ids`` means the corpus cannot answer it.

    A hit is correct when it comes from one of ``doc_ids`` and its sentence holds one of the
    ``evidence`` phrases (compared in normalized form); ``answers`` are gold short answers.
    """

    question: str
    doc_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    kind: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.doc_ids)


@dataclass(frozen=True, slots=True)
class Conversation:
    """Questions asked one after the other in one chat. ``kind`` is "follow-up" when each turn
    leans on the one before, "topic-change" when a turn asks about something else."""

    turns: tuple[EvalQuestion, ...]
    kind: str

    @property
    def changes_topic(self) -> bool:
        return self.kind == TOPIC_CHANGE


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """The questions of one file; ``corpus`` is the set's own articles (SQuAD) or None when
    the questions are asked of a corpus folder given apart."""

    name: str
    questions: tuple[EvalQuestion, ...]
    corpus: Corpus | None = None
    conversations: tuple[Conversation, ...] = ()


def load_question_set(path: Path | str) -> QuestionSet:
    """Read a JSON Lines or SQuAD-format question set; a bad file raises QuestionSetError."""
    path = Path(path)
    text = _read_text(path)
    stripped = text.lstrip()
    if stripped.startswith("{") and _is_squad(stripped):
        return _squad_set(path, text)
    questions: list[EvalQuestion] = []
    conversations: list[Conversation] = []
    for item in _json_lines(path, text):
        if isinstance(item, Conversation):
            conversations.append(item)
        else:
            questions.append(item)
    return QuestionSet(path.stem, tuple(questions), conversations=tuple(conversations))


def load_questions(path: Path | str) -> list[EvalQuestion]:
    """The questions of a question set file (see ``load_question_set``)."""
    return list(load_question_set(path).questions)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise QuestionSetError(path, 1, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise QuestionSetError(path, 0, f"cannot read it ({error.strerror or error})") from None


# A JSON escape such as \ud800 decodes to half a surrogate pair, which no UTF-8 text can hold: a
# report or a --json line holding one could not be printed.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(value: Any) -> Any:
    """``value`` as JSON decoded it, with each lone surrogate in its strings made U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    return value


def _is_squad(text: str) -> bool:
    """Whether the whole file is one JSON object with a ``data`` list (SQuAD), not JSON Lines."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False  # several objects, one per line: JSON Lines (or broken, said line by line)
    return isinstance(document, dict) and isinstance(document.get("data"), list)


def _json_lines(path: Path, text: str) -> Iterator[EvalQuestion | Conversation]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = _printable(json.loads(line))
        except json.JSONDecodeError as error:
            raise QuestionSetError(path, number, f"not JSON ({error.msg})") from None
        except RecursionError:
            raise QuestionSetError(path, number, "JSON nested too deeply") from None
        if isinstance(record, dict) and "turns" in record:
            yield _conversation(path, number, record)
        else:
            yield _json_lines_question(path, number, record)


def _conversation(path: Path, number: int, record: dict[str, Any]) -> Conversation:
    turns = record["turns"]
    if not isinstance(turns, list) or len(turns) < 2:
        raise QuestionSetError(path, number, "'turns' must be a list of two questions or more")
    kind = record.get("kind", FOLLOW_UP)
    if kind not in (FOLLOW_UP, TOPIC_CHANGE):
        raise QuestionSetError(path, number, f"'kind' must be {FOLLOW_UP!r} or {TOPIC_CHANGE!r}")
    questions = tuple(_json_lines_question(path, number, turn) for turn in turns)
    return Conversation(questions, kind)


def _json_lines_question(path: Path, number: int, record: Any) -> EvalQuestion:
    if not isinstance(record, dict) or not isinstance(record.get("question"), str):
        raise QuestionSetError(path, number, "needs a string field 'question'")
    doc_ids = _strings(record.get("doc_id"))
    if doc_ids is None:
        raise QuestionSetError(path, number, "'doc_id' must be a string, a list of them or null")
    phrases = _strings(record.get("contains"))
    if doc_ids and not (phrases and all(phrase.strip() for phrase in phrases)):
        raise QuestionSetError(
            path, number, "an answerable question needs 'contains' (a phrase or a list of them)"
        )
    answer = record.get("answer")
    if answer is not None and not isinstance(answer, str):
        raise QuestionSetError(path, number, "'answer' must be a string")
    kind = record.get("kind", "")
    if not isinstance(kind, str):
        raise QuestionSetError(path, number, "'kind' must be a string")
    return EvalQuestion(
        question=record["question"],
        doc_ids=doc_ids,
        evidence=phrases if doc_ids and phrases else (),
        answers=(answer,) if answer and doc_ids else (),
        kind=kind,
    )


def _strings(value: Any) -> tuple[str, ...] | None:
    """``value`` as a tuple of strings (None for a value of another shape)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _squad_set(path: Path, text: str) -> QuestionSet:
    try:
        entries = _printable(json.loads(text))["data"]
        documents: list[Document] = []
        questions: list[EvalQuestion] = []
        for number, entry in enumerate(entries, start=1):
            doc_id = f"{path.stem}_{number:04d}"
            paragraphs = [p["context"] for p in entry["paragraphs"]]
            article = "\n\n".join([str(entry.get("title") or doc_id), *paragraphs])
            documents.append(parse_document(doc_id, article, path))
            for paragraph in entry["paragraphs"]:
                for qa in paragraph["qas"]:
                    answers = tuple(
                        dict.fromkeys(a["text"].strip() for a in qa["answers"] if a["text"].strip())
                    )
                    # A question without an answer text (SQuAD 2's impossible ones) has no gold
                    # sentence to find: it counts as one the corpus cannot answer.
                    gold = (doc_id,) if answers else ()
                    questions.append(EvalQuestion(qa["question"], gold, answers, answers, "squad"))
    except (KeyError, TypeError, AttributeError) as error:
        raise QuestionSetError(path, 0, f"not in SQuAD format (at {error!r})") from None
    except RecursionError:
        raise QuestionSetError(path, 0, "JSON nested too deeply") from None
    if not documents:
        raise QuestionSetError(path, 0, "SQuAD file with no articles")
    corpus = Corpus(root=path, documents=tuple(d for d in documents if d.sentences))
    return QuestionSet(name=path.stem, questions=tuple(questions), corpus=corpus)
