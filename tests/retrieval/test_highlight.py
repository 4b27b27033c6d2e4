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


def test_segments_cover_the_text_and_mark_the_spans():
    from retrieval.highlight import Span, segments

    assert segments("abcdef", (Span(1, 3),)) == [("a", False), ("bc", True), ("def", False)]
    assert segments("abc", (Span(1, 5), Span(7, 9))) == [("a", False), ("bc", True)]
    assert segments("abc", ()) == [("abc", False)]
    assert segments("", (Span(0, 2),)) == []
