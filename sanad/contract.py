"""The JSON shape of an answer, as ``sanad ask --json`` prints it: a contract other tools use.

    {"question": str, "found": bool,
     "answers": [{"rank": int, "snippet": str, "answer": str | null, "doc_id": str,
                  "title": str, "sentence": int, "score": float}]}

``answers`` is empty when ``found`` is false. Change nothing here without versioning the contract.
"""

from __future__ import annotations

import json
from typing import Any

from retrieval.results import Answer

SCORE_DECIMALS = 4


def answer_record(answer: Answer) -> dict[str, Any]:
    """The contract's object for one answered question."""
    return {
        "question": answer.question,
        "found": answer.found,
        "answers": [
            {
                "rank": hit.rank,
                "snippet": hit.snippet,
                "answer": hit.answer,
                "doc_id": hit.doc_id,
                "title": hit.title,
                "sentence": hit.sentence,
                "score": round(hit.score, SCORE_DECIMALS),
            }
            for hit in (answer.hits if answer.found else ())
        ],
    }


def answer_json(answer: Answer) -> str:
    """One line of JSON for an answer, Arabic kept readable."""
    return json.dumps(answer_record(answer), ensure_ascii=False)
