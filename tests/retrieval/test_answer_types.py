"""The engine and answer types: short answers on hits, ranking by answer type, and saying no to
time and quantity questions that no sentence answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.engine import ANSWER_TYPE_MARGIN, Engine
from retrieval.results import Hit
from tests.support.paths import MISSION_QUESTION

# Off-topic articles, so that the words of the test sentences have realistic idf.
FILLER = {
    "weather.txt": "أخبار الطقس\n\nتشهد المنطقة أمطارا غزيرة خلال الأيام المقبلة حسب الأرصاد."
    "\n\nوتنخفض درجات الحرارة بشكل ملحوظ في المناطق الجبلية.",
    "economy.txt": "أخبار الاقتصاد\n\nارتفعت أسعار النفط في الأسواق العالمية بعد خفض الإنتاج."
    "\n\nوتراجعت البورصات الأوروبية في ختام تعاملات الأسبوع.",
    "sport.txt": "أخبار الرياضة\n\nفاز المنتخب الوطني على منافسه في المباراة النهائية للبطولة."
    "\n\nواحتفل المشجعون بالفوز في شوارع المدن الكبرى.",
}
MEETING_QUESTION = "أين اجتمع وزيرا الخارجية لبحث ملف الحدود؟"
NO_PLACE = "اجتمع وزيرا الخارجية لبحث ملف الحدود بين البلدين."


def engine_over(tmp_path: Path, sentences: dict[str, str]) -> Engine:
    """An engine over the filler articles plus one article per sentence."""
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    articles = {**FILLER, **{name: f"خبر\n\n{text}" for name, text in sentences.items()}}
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Engine.from_folder(folder)


def base_score(hit: Hit) -> float:
    """BM25 times coverage, before the answer type counts."""
    return hit.bm25 * hit.coverage


def test_a_close_sentence_with_a_place_outranks_one_without(tmp_path: Path) -> None:
    with_place = "اجتمع وزيرا الخارجية لبحث ملف الحدود في جنيف وسط إجراءات أمنية مشددة."
    engine = engine_over(tmp_path, {"a.txt": NO_PLACE, "b.txt": with_place})
    hits = engine.answer(MEETING_QUESTION).hits
    by_snippet = {hit.snippet: hit for hit in hits}
    typed, untyped = by_snippet[with_place], by_snippet[NO_PLACE]
    # Close: lower on BM25 and coverage alone, but within the margin.
    assert ANSWER_TYPE_MARGIN * base_score(untyped) <= base_score(typed) < base_score(untyped)
    assert hits[0] is typed
    assert typed.answer == "جنيف"
    assert untyped.answer is None


def test_a_sentence_with_a_place_far_below_does_not_outrank(tmp_path: Path) -> None:
    with_place = (
        "اجتمع وزيرا الخارجية لبحث ملف الحدود في جنيف وسط إجراءات أمنية مشددة وحضور إعلامي "
        "واسع من الصحفيين."
    )
    engine = engine_over(tmp_path, {"a.txt": NO_PLACE, "b.txt": with_place})
    hits = engine.answer(MEETING_QUESTION).hits
    by_snippet = {hit.snippet: hit for hit in hits}
    typed, untyped = by_snippet[with_place], by_snippet[NO_PLACE]
    # Not close: below the margin, so the better match stays first.
    assert base_score(typed) < ANSWER_TYPE_MARGIN * base_score(untyped)
    assert hits[0] is untyped
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


@pytest.mark.parametrize(
    ("question", "without", "with_answer", "expected"),
    [
        (
            "متى وقع الطرفان اتفاق الهدنة الإنسانية؟",
            "وقع الطرفان اتفاق الهدنة الإنسانية بعد مفاوضات طويلة.",
            "وقع الطرفان اتفاق الهدنة الإنسانية في 18 تشرين الأول بعد مفاوضات طويلة.",
            "18 تشرين الأول",
        ),
        (
            "كم عدد جنود حفظ السلام الروس في الإقليم؟",
            "انتشرت قوات حفظ السلام الروسية في الإقليم بعد يوم واحد من الاتفاق.",
            "انتشر 2000 جندي من قوات حفظ السلام الروسية في الإقليم.",
            "2000 جندي",
        ),
        (
            "كم يوما استمرت المعارك في الإقليم؟",
            "استمرت المعارك في الإقليم رغم مقتل 30 شخصا.",
            "استمرت المعارك في الإقليم 44 يوما.",
            "44 يوما",
        ),
    ],
    ids=["time", "count-of-the-named-noun", "count-of-days"],
)
def test_time_and_quantity_questions_need_an_answer_of_their_type(
    tmp_path: Path, question: str, without: str, with_answer: str, expected: str
) -> None:
    declined = engine_over(tmp_path / "without", {"a.txt": without}).answer(question)
    answered = engine_over(tmp_path / "with", {"a.txt": with_answer}).answer(question)
    assert not declined.found
    assert answered.found
    assert answered.hits[0].answer == expected


def test_other_question_types_are_answered_without_a_short_answer(tmp_path: Path) -> None:
    engine = engine_over(tmp_path, {"a.txt": NO_PLACE})
    answer = engine.answer("لماذا اجتمع وزيرا الخارجية؟")
    assert answer.found
    assert answer.hits[0].answer is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("متى اتفقا على الهدنة الإنسانية؟", {"18 تشرين الأول/أكتوبر"}),
        ("كم يوما استمرت المعارك؟", {"44 يوما"}),
        ("أين التقى بوتين علييف وباشينيان؟", {"سوتشي", "مدينة سوتشي"}),
    ],
    ids=["mission-time", "days", "place"],
)
def test_done_when_questions_get_their_short_answers(
    engine: Engine, question: str, expected: set[str]
) -> None:
    answer = engine.answer(question)
    assert answer.found
    assert answer.hits[0].answer in expected


def test_mission_question_keeps_its_sentence_first(engine: Engine) -> None:
    top = engine.answer(MISSION_QUESTION).hits[0]
    assert top.doc_id == "004_13ef93096cc37932"
    assert "هدنة إنسانية 18 تشرين الأول/أكتوبر" in top.snippet


@pytest.mark.parametrize(
    "question",
    [
        "كم عدد جنود حفظ السلام الروس المنتشرين في قره باغ؟",
        "كم عدد اللاجئين الأرمن الذين غادروا قره باغ في 2023؟",
    ],
    ids=["peacekeepers", "refugees"],
)
def test_on_topic_quantity_questions_without_a_count_are_declined(
    engine: Engine, question: str
) -> None:
    assert not engine.answer(question).found
