from retrieval.highlight import highlight_spans
from retrieval.terms import terms


def marked(snippet: str, question: str) -> list[str]:
    return [snippet[s.start : s.end] for s in highlight_spans(snippet, terms(question))]


def test_highlights_matched_words_without_their_punctuation():
    snippet = "وأعلنت أذربيجان وأرمينيا توصلهما إلى اتفاق حول «هدنة» إنسانية."
    assert marked(snippet, "متى اتفقا على الهدنة الإنسانية؟") == ["اتفاق", "هدنة", "إنسانية"]


def test_highlights_vowelled_and_stretched_words():
    assert marked("أعلنت الهُدْنَـــة", "الهدنة") == ["الهُدْنَـــة"]


def test_no_terms_no_spans():
    assert highlight_spans("نص ما", []) == ()
