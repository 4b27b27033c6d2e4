"""Which messages lean on the previous question, and how they are asked."""

from __future__ import annotations

import pytest

from retrieval.followup import combined, leans_on_previous
from retrieval.question import analyze_question


@pytest.mark.parametrize(
    ("message", "leans"),
    [
        ("وأين؟", True),
        ("ومتى كان ذلك؟", True),
        ("ومن رعاه؟", True),
        ("وماذا قال عنها؟", True),
        ("وكم عددهم؟", True),
        ("فكم استمرت؟", True),
        ("طيب ومتى؟", True),
        ("متى بدأت الانتخابات البلدية في المملكة؟", False),
        ("ومتى بدأت الانتخابات البلدية في المملكة؟", False),
        ("من رعى اجتماع باشينيان وعلييف في بروكسل؟", False),
        ("كم عدد سكان المدينة؟", False),
        ("", False),
        ("😀", False),
    ],
)
def test_reads_a_follow_up_from_its_shape(message: str, leans: bool) -> None:
    assert leans_on_previous(analyze_question(message)) is leans


def test_a_follow_up_carries_the_previous_subject_and_keeps_its_own_question_word() -> None:
    asked = combined(analyze_question("وأين؟"), "من رعى اجتماع باشينيان وعلييف؟")
    assert [word.word for word in asked.words] == ["رعي", "اجتماع", "باشينيان", "وعلييف"]
    assert asked.qtype.value == "place"


def test_words_the_follow_up_shares_with_the_previous_question_are_not_doubled() -> None:
    asked = combined(analyze_question("وكم عدد القتلى؟"), "متى انتهت المعارك بين القتلى؟")
    words = [word.word for word in asked.words]
    assert len(words) == len(set(words))
