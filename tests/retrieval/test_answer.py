import pytest

from retrieval.corpus import CorpusError, load_corpus
from retrieval.engine import Engine
from retrieval.question import MAX_QUESTION_WORDS
from tests.support.paths import MISSION_DOC, MISSION_QUESTION


def test_mission_question_cites_the_truce_sentence(engine):
    answer = engine.answer(MISSION_QUESTION)
    top = answer.hits[0]
    assert answer.found
    assert top.doc_id == MISSION_DOC
    assert "هدنة إنسانية 18 تشرين الأول/أكتوبر" in top.snippet
    assert top.title == "لافروف يبحث مع وزيري خارجية أرمينيا وأذربيجان الوضع في قره باغ"
    assert top.sentence == 11
    assert engine.corpus.document(MISSION_DOC).sentences[10].text == top.snippet


def test_hits_are_ranked_original_sentences_with_matched_words(engine):
    answer = engine.answer("كم يوما استمرت المعارك؟", top_k=3)
    assert [hit.rank for hit in answer.hits] == list(range(1, len(answer.hits) + 1))
    assert [hit.score for hit in answer.hits] == sorted(
        (h.score for h in answer.hits), reverse=True
    )
    top = answer.hits[0]
    assert "استمرت 44 يوما" in top.snippet
    assert set(top.matched_words) == {"يوما", "استمرت", "المعارك"}


@pytest.mark.parametrize(
    "question",
    [
        "ما هي عاصمة اليابان؟",
        "كم سعر الذهب اليوم؟",
        "When did the ceasefire start?",
        "؟؟؟",
        "متى",
        "",
        "   ",
        "😀😀",
    ],
)
def test_questions_the_sources_do_not_answer_are_declined(engine, question):
    answer = engine.answer(question)
    assert not answer.found
    assert answer.hits == ()


def test_repeated_lead_is_answered_once(engine):
    answer = engine.answer("دعا بوتين أذربيجان وأرمينيا إلى تهدئة التوتر", top_k=5)
    snippets = [hit.snippet for hit in answer.hits]
    assert len(snippets) == len(set(snippets))
    assert any("تهدئة التوتر" in snippet for snippet in snippets)


def test_spelling_variant_of_a_name_finds_the_sentence(engine):
    # «بايراموف» asked, «بيراموف» written: the variant still finds the sentence.
    hits = engine.answer("ماذا أكد لافروف ونظيره بايراموف؟", top_k=3).hits
    assert any("جيهون بيراموف أكدا" in hit.snippet for hit in hits)


@pytest.mark.parametrize("top_k", [0, -3])
def test_top_k_must_be_positive(engine, top_k):
    with pytest.raises(ValueError, match="top_k"):
        engine.answer(MISSION_QUESTION, top_k=top_k)


def test_top_k_larger_than_the_corpus_is_fine(engine):
    answer = engine.answer(MISSION_QUESTION, top_k=10_000)
    assert 1 <= len(answer.hits) <= engine.indexed_sentence_count


def test_small_corpus_answers_despite_bm25okapi_idf_pitfall(make_corpus):
    # Two sentences, each query word in exactly one of them: plain BM25Okapi gives idf 0.
    folder = make_corpus({"a.txt": "هدنة جديدة في قره باغ\nاستمرت المعارك الضارية أسابيع طويلة\n"})
    answer = Engine.from_folder(folder).answer("كم استمرت المعارك الضارية؟")
    assert answer.found
    assert answer.hits[0].sentence == 2


def test_corpus_of_only_short_lines_is_a_corpus_error(make_corpus):
    folder = make_corpus({"a.txt": "عنوان قصير\nسطر\n"})
    with pytest.raises(CorpusError, match="no sentence long enough"):
        Engine(load_corpus(folder))


def test_only_the_first_words_of_a_very_long_question_count(engine):
    long_question = " ".join(f"كلمة{n}" for n in range(MAX_QUESTION_WORDS))
    assert not engine.answer(long_question + " " + MISSION_QUESTION).found
    with_more = engine.answer(long_question + " لافروف بوتين الهدنة")
    assert with_more.hits == engine.answer(long_question).hits
