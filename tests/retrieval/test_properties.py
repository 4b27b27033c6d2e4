"""Property tests: whatever text arrives, the pipeline neither raises nor breaks its promises."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.highlight import highlight_spans
from retrieval.normalize import normalize
from retrieval.sentences import split_paragraph
from retrieval.terms import terms

# Arabic letters and marks, digits of three systems, punctuation, controls, bidi, ligatures.
ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC),
        st.sampled_from(list(" .!?؟،«»“”\"'\n\t\x00\u200b\u200f\u202e\ufeff<>&/:-+0123456789")),
        st.characters(),
    ),
    max_size=300,
)


@given(ARABIC_HEAVY)
def test_normalize_is_idempotent_and_clean(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    for char in once:
        assert unicodedata.category(char) not in ("Cc", "Cf", "Mn"), hex(ord(char))


@given(ARABIC_HEAVY)
def test_terms_never_raise_and_are_non_empty_strings(text):
    for term in terms(text):
        assert term
        assert " " not in term


@given(ARABIC_HEAVY)
def test_sentences_are_verbatim_pieces_in_order(text):
    paragraph = text.replace("\n", " ")
    position = 0
    for piece in split_paragraph(paragraph):
        assert piece == piece.strip() and piece
        found = paragraph.find(piece, position)
        assert found >= position
        position = found + len(piece)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ARABIC_HEAVY, st.integers(min_value=1, max_value=12))
def test_answering_never_raises_and_keeps_its_shape(engine, question, top_k):
    answer = engine.answer(question, top_k=top_k)
    assert answer.found == bool(answer.hits)
    assert len(answer.hits) <= top_k
    for rank, hit in enumerate(answer.hits, start=1):
        assert hit.rank == rank
        assert hit.score > 0
        for span in highlight_spans(hit.snippet, hit.matched_terms):
            assert 0 <= span.start < span.end <= len(hit.snippet)
