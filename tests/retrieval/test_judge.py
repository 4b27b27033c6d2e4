"""How the judge turns the models' scores into an answer: declining, the hits shown, the short
answer, follow-ups. Hand-set models make each decision visible; the fitted ones are held to the
quality floors elsewhere."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.engine import Engine
from retrieval.eval_sets import load_question_set
from retrieval.evaluation import evaluate_conversations
from retrieval.followup import FollowUpContext, combined
from retrieval.judge import Models
from retrieval.question import analyze_question
from retrieval.ranker import LinearModel
from tests.support.paths import CONVERSATIONS, MISSION_DOC, MISSION_QUESTION
from tests.support.quality import FOLLOW_UP_TOP1_FLOOR, TOPIC_CHANGE_FLOOR


def constant(value: float) -> LinearModel:
    """A model whose log-odds are ``value`` whatever the features."""
    return LinearModel(features=(), mean=(), scale=(), weights=(), bias=value)


def models(**changes: object) -> Models:
    return replace(Models.fitted(), **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def corpus(engine: Engine):
    return engine.corpus


def test_a_question_is_declined_below_the_answer_threshold(corpus) -> None:
    sure = Engine(corpus, models=models(answerable=constant(5.0), answer_threshold=0.0))
    unsure = Engine(corpus, models=models(answerable=constant(-5.0), answer_threshold=0.0))
    assert sure.answer(MISSION_QUESTION).found
    declined = unsure.answer(MISSION_QUESTION)
    assert not declined.found
    assert declined.hits == ()


def test_hits_after_the_first_are_shown_only_above_the_hit_threshold(corpus) -> None:
    only_first = Engine(corpus, models=models(hit_threshold=float("inf")))
    every = Engine(corpus, models=models(hit_threshold=float("-inf")))
    assert len(only_first.answer(MISSION_QUESTION, top_k=5).hits) == 1
    assert len(every.answer(MISSION_QUESTION, top_k=5).hits) == 5


def test_the_short_answer_is_shown_only_when_the_short_answer_model_is_sure(corpus) -> None:
    sure = Engine(corpus, models=models(short_answer=constant(5.0), short_answer_threshold=0.0))
    unsure = Engine(corpus, models=models(short_answer=constant(-5.0), short_answer_threshold=0.0))
    shown = sure.answer(MISSION_QUESTION, top_k=3)
    assert shown.hits[0].answer == "18 تشرين الأول/أكتوبر"
    assert all(hit.answer is None for hit in shown.hits[1:])
    assert unsure.answer(MISSION_QUESTION).hits[0].answer is None


def test_a_short_answer_of_another_kind_than_asked_is_never_shown(make_corpus) -> None:
    # The only time in the article is a weekday; the question asks for a year.
    folder = make_corpus(
        {"visit.txt": "زيارة الرئيس\n\nوصل الرئيس الأذربيجاني إلهام علييف إلى موسكو يوم الجمعة."}
    )
    sure = models(
        answerable=constant(5.0),
        answer_threshold=0.0,
        short_answer=constant(5.0),
        short_answer_threshold=0.0,
    )
    engine = Engine(Engine.from_folder(folder, cache_dir=None).corpus, models=sure)
    assert engine.answer("متى وصل علييف إلى موسكو؟").hits[0].answer == "يوم الجمعة"
    year = engine.answer("في أي سنة وصل علييف إلى موسكو؟")
    assert year.found and year.hits[0].answer is None


def test_hits_are_ordered_by_their_probability(engine: Engine) -> None:
    hits = engine.answer(MISSION_QUESTION, top_k=5).hits
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(0.0 < hit.score < 1.0 for hit in hits)


def test_a_follow_up_is_asked_with_the_previous_subject(engine: Engine) -> None:
    first = engine.answer("من رعى اجتماع باشينيان وعلييف في بروكسل؟")
    context = FollowUpContext("من رعى اجتماع باشينيان وعلييف في بروكسل؟", first.hits[0].doc_id)
    alone = engine.answer("ومتى كان ذلك؟")
    follow_up = engine.answer("ومتى كان ذلك؟", context=context)
    assert not alone.found
    assert follow_up.found
    assert follow_up.hits[0].doc_id == first.hits[0].doc_id


def test_a_message_with_its_own_subject_ignores_the_context(engine: Engine) -> None:
    context = FollowUpContext("من رعى اجتماع باشينيان وعلييف في بروكسل؟", "elsewhere")
    assert engine.answer(MISSION_QUESTION, context=context) == engine.answer(MISSION_QUESTION)
    assert engine.answer(MISSION_QUESTION).hits[0].doc_id == MISSION_DOC


def test_the_conversation_set_meets_its_floors(engine: Engine) -> None:
    conversations = load_question_set(CONVERSATIONS).conversations
    report = evaluate_conversations(engine, conversations)
    assert report.follow_ups >= 12
    assert report.topic_changes >= 4
    assert report.follow_ups_top1 >= FOLLOW_UP_TOP1_FLOOR, report.misses
    assert report.topic_changes_handled >= TOPIC_CHANGE_FLOOR, report.misses


def test_a_bare_follow_up_does_not_quote_again_a_sentence_without_the_asked_kind(
    engine: Engine,
) -> None:
    # The sponsor's sentence names no time; the article's lead says when the talks were held.
    question = "من رعى اجتماع باشينيان وعلييف في بروكسل؟"
    first = engine.answer(question)
    context = FollowUpContext(question, first.hits[0].doc_id)
    when = engine.answer("ومتى؟", context=context)
    assert when.found
    assert when.hits[0].doc_id == first.hits[0].doc_id
    assert when.hits[0].sentence != first.hits[0].sentence
    assert "اليوم" in when.hits[0].snippet


def test_a_bare_follow_up_quotes_the_same_sentence_when_it_holds_the_asked_kind(
    engine: Engine,
) -> None:
    question = "أين انطلقت المفاوضات بين أرمينيا وأذربيجان حول ناغورنو كاراباخ؟"
    first = engine.answer(question)
    when = engine.answer("ومتى؟", context=FollowUpContext(question, first.hits[0].doc_id))
    assert when.hits[0].sentence == first.hits[0].sentence
    assert "مساء الجمعة" in when.hits[0].snippet


def test_a_carried_over_word_read_as_a_typo_is_still_carried_over(engine: Engine) -> None:
    # «رعى» is not in the corpus and is read as another word: that word came from the previous
    # question, not from the message, so the message has no word of its own to look for.
    question = "من رعى اجتماع باشينيان وعلييف في بروكسل؟"
    first = engine.answer(question)
    asked = engine.judge.spelled(
        combined(analyze_question("ومتى؟"), question, first.hits[0].answer)
    )
    assert asked.corrected
    assert asked.corrected <= asked.carried
    assert all(word.word in asked.carried for word in asked.words)
