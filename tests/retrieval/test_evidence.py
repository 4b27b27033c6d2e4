"""The evidence features of candidate sentences, on a corpus small enough to reason about."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.engine import Engine
from retrieval.evidence import with_reading
from retrieval.extract import Extraction
from retrieval.judge import Judge
from retrieval.question import analyze_question

ARTICLES = {
    "iraq.txt": "العراق\n\nبغداد هي عاصمة العراق وأكبر مدنه.\n\n"
    "ويبلغ عدد سكانه أربعين مليونا.\n\nويحد العراق من الجنوب الكويت والسعودية.",
    "syria.txt": "سوريا\n\nدمشق هي عاصمة سوريا منذ قرون.\n\n"
    "ويحدها العراق من الشرق والأردن من الجنوب.",
    "market.txt": "الأسواق\n\nارتفعت أسعار النفط في الأسواق العالمية اليوم.\n\n"
    "وتراجعت البورصات الأوروبية.",
}


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Judge:
    folder: Path = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Engine.from_folder(folder, cache_dir=None).judge


def features(judge: Judge, question: str, containing: str) -> dict[str, float]:
    """The features of the candidate sentence that contains ``containing``."""
    asked = judge.spelled(analyze_question(question))
    evidence = judge.evidence(asked)
    assert evidence is not None
    rows = [
        i
        for i, sentence_id in enumerate(evidence.sentence_ids)
        if containing in judge.sentence(int(sentence_id)).text
    ]
    assert rows, containing
    columns = with_reading(evidence, asked, np.array(rows[:1]), [None])
    return {name: float(values[0]) for name, values in columns.items()}


def test_coverage_in_the_sentence_its_window_and_its_article(judge: Judge) -> None:
    found = features(judge, "كم عدد سكان العراق؟", "أربعين مليونا")
    assert found["cov_sent"] < found["cov_window"] == 1.0
    assert found["cov_article"] == 1.0
    assert found["cov_title"] > 0.0  # «العراق» is the article's title


def test_a_word_missing_from_the_sentence_but_in_the_title_is_explained(judge: Judge) -> None:
    own_article = features(judge, "كم عدد سكان العراق؟", "أربعين مليونا")
    assert own_article["missing_sentence_max"] > 0.0
    assert own_article["unexplained_sentence_max"] < own_article["missing_sentence_max"]


def test_the_article_about_the_subject_names_it_more_often(judge: Judge) -> None:
    about = features(judge, "العراق؟", "الكويت")
    aside = features(judge, "العراق؟", "ويحدها العراق")
    assert about["subject_focus"] > aside["subject_focus"]
    assert about["subject_in_title"] == 1.0
    assert aside["subject_in_title"] == 0.0


def test_unseen_words_and_missing_numbers_are_measured(judge: Judge) -> None:
    unseen = features(judge, "ما هي عاصمة اليابان؟", "عاصمة")
    assert 0.0 < unseen["unseen_share"] < 1.0
    year = features(judge, "كم عدد سكان العراق في 2020؟", "أربعين مليونا")
    assert year["numbers_missing"] == 1.0


def test_a_subject_only_a_short_title_names_is_unseen_by_the_index_but_known(
    tmp_path: Path,
) -> None:
    # A title of two content words is not indexed, so «المغرب» is unknown to the index; the
    # question is about the article it titles all the same, and is answered from it.
    (tmp_path / "morocco.txt").write_text(
        "المغرب في سطور\n\nتقع المملكة في أقصى شمال غرب القارة الأفريقية، وعاصمتها الرباط.",
        encoding="utf-8",
    )
    engine = Engine.from_folder(tmp_path, cache_dir=None)
    known = features(engine.judge, "ما عاصمة المغرب؟", "وعاصمتها")
    assert known["unseen_share"] > 0.5 and known["unseen_untitled_share"] == 0.0
    answer = engine.answer("ما عاصمة المغرب؟", top_k=1)
    assert answer.found and "الرباط" in answer.hits[0].snippet
    # A subject neither the index nor the title names stays unknown, and is declined.
    assert not engine.answer("ما عاصمة اليابان؟", top_k=1).found


def test_answer_type_features_tell_measures_from_names(judge: Judge) -> None:
    asked = analyze_question("كم عدد سكان العراق؟")
    evidence = judge.evidence(asked)
    assert evidence is not None
    rows = np.arange(2)
    measured = with_reading(evidence, asked, rows, [Extraction("40", 1, 0), None])
    assert measured["typed_found"].tolist() == [1.0, 0.0]
    assert measured["measure_missing"].tolist() == [0.0, 1.0]
    assert measured["name_missing"].tolist() == [0.0, 0.0]
    place = analyze_question("أين تقع بغداد؟")
    place_evidence = judge.evidence(place)
    assert place_evidence is not None
    named = with_reading(place_evidence, place, np.arange(1), [None])
    assert named["name_missing"].tolist() == [1.0]
    assert named["measure_missing"].tolist() == [0.0]


def test_a_sentence_without_what_is_asked_about_misses_the_focus(judge: Judge) -> None:
    # «سكان» is what «كم عدد سكان العراق؟» asks about: Syria's sentence on Iraq shares the
    # subject but not the focus, nor do its neighbours; the population sentence has it.
    borders = features(judge, "كم عدد سكان العراق؟", "ويحدها العراق")
    population = features(judge, "كم عدد سكان العراق؟", "أربعين مليونا")
    assert borders["focus_missing"] == borders["focus_missing_window"] == 1.0
    assert population["focus_missing"] == population["focus_missing_window"] == 0.0
