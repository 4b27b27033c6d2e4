"""The JSON shape of an answer, as ``sanad ask --json`` prints it: a contract other tools use.

    {"version": 2, "question": str, "found": bool,
     "answers": [{"rank": int, "snippet": str, "answer": str | null,
                  "answer_date": "YYYY-MM-DD" | null, "doc_id": str, "title": str,
                  "sentence": int, "score": float, "source": str | null,
                  "published": "YYYY-MM-DD" | null, "url": str | null, "author": str | null,
                  "also": [{"doc_id": str, "title": str, "sentence": int, "source": str | null,
                            "published": "YYYY-MM-DD" | null, "url": str | null}]}]}

``answers`` is empty when ``found`` is false. ``source``, ``published``, ``url`` and ``author``
describe the hit's article (null when unknown; ``source`` as the archive names it, e.g.
``alriyadh``); ``answer_date`` is the date a relative ``answer`` («أمس») means, when the article's
date is known; ``also`` lists the other articles that carry the same sentence, word for word or
nearly (the same wire story in other papers), each once. ``answer`` is the short answer only
where it is shown (the first hit's, judged likely right); ``score`` is the probability, 0 to 1,
that the sentence answers the question, and orders the answers.

Versions: 1 (no ``version`` key) had rank, snippet, answer, doc_id, title, sentence and score
(then BM25 times coverage, unbounded); 2 added ``version`` and the fields after ``score`` above,
and ``answer_date``, and ``score`` became a probability (issue 9: it still orders the answers).
Fields are only ever added; a tool that reads version 1 reads version 2. Change nothing here
without bumping ``CONTRACT_VERSION``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from retrieval.results import Answer, Reprint

CONTRACT_VERSION = 2
SCORE_DECIMALS = 4


def answer_record(answer: Answer) -> dict[str, Any]:
    """The contract's object for one answered question."""
    return {
        "version": CONTRACT_VERSION,
        "question": answer.question,
        "found": answer.found,
        "answers": [
            {
                "rank": hit.rank,
                "snippet": hit.snippet,
                "answer": hit.answer,
                "answer_date": _day(hit.answer_date),
                "doc_id": hit.doc_id,
                "title": hit.title,
                "sentence": hit.sentence,
                "score": round(hit.score, SCORE_DECIMALS),
                "source": hit.source,
                "published": _day(hit.published),
                "url": hit.url,
                "author": hit.author,
                "also": [_reprint_record(reprint) for reprint in hit.also],
            }
            for hit in (answer.hits if answer.found else ())
        ],
    }


def answer_json(answer: Answer) -> str:
    """One line of JSON for an answer, Arabic kept readable."""
    return json.dumps(answer_record(answer), ensure_ascii=False)


def _reprint_record(reprint: Reprint) -> dict[str, Any]:
    return {
        "doc_id": reprint.doc_id,
        "title": reprint.title,
        "sentence": reprint.sentence,
        "source": reprint.source,
        "published": _day(reprint.published),
        "url": reprint.url,
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
