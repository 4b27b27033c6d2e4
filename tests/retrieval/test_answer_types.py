"""The answer's type is evidence, not a gate: a sentence that holds an answer of the kind asked
for outranks one that does not, and the short answer comes with the first hit only."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.engine import Engine
from tests.support.paths import MISSION_DOC, MISSION_QUESTION

# Off-topic articles, so that the words of the test sentences have realistic idf.
FILLER = {
    "weather.txt": "أخبار الطقس\n\nتشهد المنطقة أمطارا غزيرة خلال الأيام المقبلة حسب الأرصاد."
    "\n\nوتنخفض درجات الحرارة بشكل ملحوظ في المناطق الجبلية.",
    "economy.txt": "أخبار الاقتصاد\n\nارتفعت أسعار النفط في الأسواق العالمية بعد خفض الإنتاج."
    "\n\nوتراجعت البورصات الأوروبية في ختام تعاملات الأسبوع.",
    "sport.txt": "أخبار الرياضة\n\nفاز المنتخب الوطني على منافسه في المباراة النهائية للبطولة."
    "\n\nواحتفل المشجعون بالفوز في شوارع المدن الكبرى.",
}


def engine_over(tmp_path: Path, sentences: dict[str, str]) -> Engine:
    """An engine over the filler articles plus one article per sentence."""
    folder = tmp_path / "corpus"
    folder.mkdir(parents=True)
    articles = {**FILLER, **{name: f"خبر\n\n{text}" for name, text in sentences.items()}}
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Engine.from_folder(folder, cache_dir=None)


@pytest.mark.parametrize(
    ("question", "without", "with_answer"),
    [
        (
            "أين اجتمع وزيرا الخارجية لبحث ملف الحدود؟",
            "اجتمع وزيرا الخارجية لبحث ملف الحدود بين البلدين وسط إجراءات أمنية.",
            "اجتمع وزيرا الخارجية لبحث ملف الحدود في جنيف وسط إجراءات أمنية.",
        ),
        (
            "متى وقع الطرفان اتفاق الهدنة الإنسانية؟",
            "وقع الطرفان اتفاق الهدنة الإنسانية بعد مفاوضات طويلة وشاقة.",
            "وقع الطرفان اتفاق الهدنة الإنسانية في 18 تشرين الأول بعد مفاوضات طويلة.",
        ),
        (
            "كم يوما استمرت المعارك في الإقليم؟",
            "استمرت المعارك في الإقليم رغم الدعوات المتكررة إلى التهدئة.",
            "استمرت المعارك في الإقليم 44 يوما رغم الدعوات المتكررة.",
        ),
    ],
    ids=["place", "time", "quantity"],
)
def test_a_sentence_with_an_answer_of_the_asked_kind_comes_first(
    tmp_path: Path, question: str, without: str, with_answer: str
) -> None:
    engine = engine_over(tmp_path, {"a.txt": without, "b.txt": with_answer})
    answer = engine.answer(question, top_k=5)
    assert answer.found
    assert answer.hits[0].snippet == with_answer


def test_the_short_answer_comes_with_the_first_hit_only(engine: Engine) -> None:
    answer = engine.answer(MISSION_QUESTION, top_k=5)
    assert answer.hits[0].doc_id == MISSION_DOC
    assert answer.hits[0].answer == "18 تشرين الأول/أكتوبر"
    assert all(hit.answer is None for hit in answer.hits[1:])


def test_other_question_types_are_answered_without_a_short_answer(engine: Engine) -> None:
    answer = engine.answer("لماذا توجه بيراموف إلى موسكو؟")
    assert answer.found
    assert answer.hits[0].answer is None
