"""The answer-quality floors on the sets over the sample articles: the product's promises, in
one place.

The README's "Answer quality" section quotes these; the tests in tests/retrieval hold them.
"""

from __future__ import annotations

TOP1_FLOOR = 0.90
TOP3_FLOOR = 0.97
# Every unanswerable question is declined.
NO_ANSWER_FLOOR = 1.0
# Share of the questions with a gold short answer whose top hit gives it.
ANSWER_ACCURACY_FLOOR = 0.85
# The eval set keeps at least this many questions with a gold short answer.
MIN_GOLD_ANSWERS = 20
# tests/data/conversations.jsonl: the issue asks for 10 of 12 follow-ups answered from their gold
# sentence at top-1, and every change of topic read as a new question.
FOLLOW_UP_TOP1_FLOOR = 10 / 12
TOPIC_CHANGE_FLOOR = 1.0
# tests/data/seeds_hard.jsonl (paraphrase, dialect, fillers, context over the sample articles,
# written by another engineer): measured 0.80 top-1 and 0.93 top-3.
HARD_TOP1_FLOOR = 0.70
HARD_TOP3_FLOOR = 0.90
