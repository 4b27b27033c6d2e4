"""The formatter's output is valid Telegram HTML within the message limit, whatever it is given."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from bot import wording
from bot.format import (
    ELLIPSIS,
    MAX_LENGTH,
    escape,
    format_answer,
    format_help,
    format_not_found,
    format_sources,
    format_welcome,
    plain,
    shorten,
    telegram_length,
)
from retrieval.corpus import Document, Sentence
from retrieval.engine import Engine
from retrieval.results import Hit, Reprint
from retrieval.terms import analyze
from tests.support.telegram_html import html_problems, visible_text

OUR_TAGS = frozenset({"b", "i", "code", "blockquote", "a"})


def make_hit(
    snippet: str,
    *,
    rank: int = 1,
    title: str = "عنوان المقال",
    doc_id: str = "004_13ef93096cc37932",
    sentence: int = 11,
    answer: str | None = None,
    highlight: str = "",
) -> Hit:
    words = analyze(highlight)
    return Hit(
        rank=rank,
        snippet=snippet,
        doc_id=doc_id,
        title=title,
        sentence=sentence,
        score=1.0,
        bm25=1.0,
        coverage=1.0,
        matched_words=tuple(word.word for word in words),
        matched_terms=frozenset(term for word in words for term in word.terms),
        answer=answer,
    )


def assert_valid(text: str, limit: int = MAX_LENGTH) -> None:
    assert html_problems(text, tags=OUR_TAGS) == []
    assert telegram_length(text) <= limit


def test_limit_is_telegrams_message_limit() -> None:
    assert MAX_LENGTH == MessageLimit.MAX_TEXT_LENGTH == 4096


def test_mission_reply_quotes_highlights_and_cites(engine: Engine) -> None:
    answer = engine.answer("متى اتفقا على الهدنة الإنسانية؟")
    reply = format_answer(answer.hits)
    assert reply.shown == len(answer.hits)
    assert_valid(reply.text)
    first = answer.hits[0]
    # The short answer leads once the engine has one for this question.
    lead = f"<b>{wording.ANSWER_LABEL}: {escape(first.answer)}</b>\n\n" if first.answer else ""
    assert reply.text.startswith(
        f"{lead}<blockquote>وأعلنت أذربيجان وأرمينيا توصلهما إلى <b>اتفاق</b>"
    )
    first_quote = reply.text.partition("</blockquote>")[0]
    assert "18 تشرين الأول/أكتوبر" in first_quote
    assert reply.text.startswith(f"{first_quote}</blockquote>\n<i>{first.title}</i>")
    assert first.doc_id not in reply.text


def test_short_answer_comes_first_in_bold_and_escaped() -> None:
    reply = format_answer([make_hit("نص الجملة.", answer="<18> & «أكتوبر»")])
    first_line = reply.text.split("\n")[0]
    assert first_line == f"<b>{wording.ANSWER_LABEL}: &lt;18&gt; &amp; «أكتوبر»</b>"
    assert_valid(reply.text)


def test_continuation_starts_with_its_header_and_no_short_answer() -> None:
    reply = format_answer([make_hit("نص الجملة.", answer="١٨")], continuation=True)
    assert reply.text.startswith(wording.MORE_HEADER)
    assert wording.ANSWER_LABEL not in reply.text


def test_corpus_markup_is_escaped_and_matched_words_are_bold() -> None:
    hit = make_hit(
        '<a href="https://evil.example">هدنة</a> & <b>إنسانية</b> &amp;',
        title="<script>alert(1)</script>",
        doc_id="a&b",
        highlight="هدنة",
    )
    text = format_answer([hit]).text
    assert_valid(text)
    assert "<a " not in text
    assert "&lt;script&gt;" in text
    assert "a&amp;b" not in text  # internal ids stay out of messages
    assert "&amp;amp;" in text  # an entity in the corpus is shown as written, not decoded


@pytest.mark.parametrize(
    "snippet",
    [
        "كلمة " * 3000,
        "<&>" * 3000,
        "ب" * 10000,  # one word with no space to cut at
        "😀" * 4000,  # two UTF-16 code units each
        "هدنة " * 2000,  # every word highlighted
    ],
    ids=["long-words", "all-escapes", "one-long-word", "emoji", "all-highlighted"],
)
def test_long_snippet_is_shortened_with_an_ellipsis_outside_any_tag(snippet: str) -> None:
    reply = format_answer([make_hit(snippet, highlight="هدنة")])
    assert_valid(reply.text)
    assert reply.shown == 1
    quote = reply.text.partition("</blockquote>")[0]
    assert quote.endswith(ELLIPSIS)
    assert telegram_length(reply.text) > MAX_LENGTH - 200  # trimmed, not emptied


def test_too_many_hits_show_those_that_fit_and_report_how_many() -> None:
    hits = [make_hit("جملة طويلة " * 60, rank=rank) for rank in range(1, 41)]
    reply = format_answer(hits)
    assert_valid(reply.text)
    assert 1 <= reply.shown < len(hits)
    assert reply.text.count("<blockquote>") == reply.shown


def test_hostile_title_id_and_answer_cannot_crowd_out_the_snippet() -> None:
    hit = make_hit(
        "الجملة التي تجيب عن السؤال.",
        title="&" * 5000,
        doc_id="<" * 5000,
        answer=">" * 5000,
    )
    reply = format_answer([hit])
    assert_valid(reply.text)
    assert "الجملة التي تجيب عن السؤال." in reply.text


def test_no_hits_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="format_not_found"):
        format_answer([])


def test_not_found_has_the_hint_and_no_quote() -> None:
    text = format_not_found()
    assert_valid(text)
    assert wording.NOT_FOUND in text
    assert plain(wording.NOT_FOUND_HINT) in text


def documents(count: int, *, title: str = "مقال", source: str | None = None) -> list[Document]:
    return [
        Document(
            doc_id=f"{number:03d}_doc",
            title=f"{title} {number}",
            path=Path(f"{number:03d}_doc.txt"),
            sentences=(Sentence(f"{number:03d}_doc", 1, "جملة.", 1),),
            source=None if source is None else f"{source} {number}",
        )
        for number in range(count)
    ]


def test_welcome_help_and_sources_are_valid(engine: Engine) -> None:
    for text in (
        format_welcome(engine.corpus.documents),
        format_help(),
        format_sources(engine.corpus.documents),
    ):
        assert_valid(text, limit=MAX_LENGTH)


def test_huge_corpus_lists_what_fits_and_counts_the_rest() -> None:
    many = documents(1000, source="<صحيفة طويلة & خطيرة> " * 3)
    for text in (format_sources(many), format_welcome(many)):
        assert_valid(text)
        assert wording.MORE_SOURCES in text
    assert format_welcome(many).endswith(f"<code>{wording.EXAMPLE_QUESTION}</code>")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("قصير", 10, "قصير"), ("كلمة كلمة كلمة", 10, "كلمة كلمة…"), ("ببببببببببب", 5, "بببب…")],
)
def test_shorten_cuts_after_a_word_when_it_can(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


# Characters and fragments that break naive HTML: markup, entities, bidi marks, ligatures.
HOSTILE_PIECES = ["<", ">", "&", '"', " ", "\n", "&amp;", "<b>", "</b>", "هدنة", "ﻻ", "\u200f"]
hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES) | st.characters(), max_size=1500).map(
    "".join
)


@st.composite
def hits(draw: st.DrawFn) -> list[Hit]:
    count = draw(st.integers(min_value=1, max_value=8))
    result = []
    for rank in range(1, count + 1):
        snippet = draw(hostile_text.filter(bool))
        words = [word.word for word in analyze(snippet)]
        highlight = " ".join(draw(st.lists(st.sampled_from(words), max_size=5))) if words else ""
        result.append(
            make_hit(
                snippet,
                rank=rank,
                title=draw(hostile_text),
                doc_id=draw(hostile_text),
                sentence=draw(st.integers(min_value=1, max_value=10**6)),
                answer=draw(st.none() | hostile_text),
                highlight=highlight,
            )
        )
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hits=hits(), continuation=st.booleans())
def test_any_hits_give_valid_telegram_html_within_the_limit(
    hits: list[Hit], continuation: bool
) -> None:
    reply = format_answer(hits, continuation=continuation)
    assert_valid(reply.text)
    assert 1 <= reply.shown <= len(hits)
    assert reply.text.count("<blockquote>") == reply.shown


def test_lone_surrogate_is_replaced_so_the_reply_can_be_sent() -> None:
    text = format_answer([make_hit("نص \ud800 الجملة.", doc_id="\udfff")]).text
    assert_valid(text)
    assert "\ufffd" in text
    text.encode("utf-8")  # would raise on a lone surrogate


def archive_hit(**fields: object) -> Hit:
    hit = make_hit(
        "وصل خادم الحرمين الشريفين إلى مدينة طنجة أمس.", title="خادم الحرمين يصل إلى المغرب"
    )
    values: dict[str, object] = {
        "source": "alriyadh",
        "published": date(2015, 8, 3),
        "url": "http://www.alriyadh.com/1069903",
        **fields,
    }
    return replace(hit, **values)  # type: ignore[arg-type]


def test_citation_names_the_paper_and_date_and_links_the_title() -> None:
    text = format_answer([archive_hit()]).text
    assert_valid(text)
    assert text.endswith(
        '</blockquote>\n<i>الرياض، 3 أغسطس 2015 — <a href="http://www.alriyadh.com/1069903">'
        "خادم الحرمين يصل إلى المغرب</a></i>"
    )
    assert "004_13ef93096cc37932" not in text and "الجملة" not in text


@pytest.mark.parametrize(
    ("url", "href"),
    [
        (
            "https://example.com/a?x=1&y=\"2\"&z='3'",
            "https://example.com/a?x=1&amp;y=%222%22&amp;z=&#x27;3&#x27;",
        ),
        (
            "http://aawsat.com/home/article/426306/التكفير",
            "http://aawsat.com/home/article/426306/%D8%A7%D9%84%D8%AA%D9%83%D9%81%D9%8A%D8%B1",
        ),
        ("http://موقع.example/خبر?a=<b>", "http://xn--4gbrim.example/%D8%AE%D8%A8%D8%B1?a=%3Cb%3E"),
    ],
)
def test_a_link_with_quotes_ampersands_or_arabic_stays_valid_html(url: str, href: str) -> None:
    text = format_answer([archive_hit(url=url)]).text
    assert_valid(text)
    assert f'<a href="{href}">' in text
    [attribute] = re.findall(r'<a href="([^"]*)">', text)
    assert "<" not in attribute and ">" not in attribute and '"' not in attribute


def test_no_link_without_a_url_or_with_one_too_long_to_show() -> None:
    for url in (None, "http://example.com/" + "a" * 2000):
        text = format_answer([archive_hit(url=url)]).text
        assert_valid(text)
        assert "<a " not in text
        assert "<i>الرياض، 3 أغسطس 2015 — خادم الحرمين يصل إلى المغرب</i>" in text


def test_other_papers_are_named_once_under_the_hit() -> None:
    also = (
        Reprint("okaz_1", "عنوان", 2, "okaz"),
        Reprint("alriyadh_7", "عنوان", 2, "alriyadh"),  # the hit's own paper
        Reprint("okaz_9", "عنوان", 3, "okaz"),
        Reprint("x_1", "<مقال بلا مصدر>", 3, None),
        Reprint("y_1", "عنوان", 3, None, url="https://www.alwatan.com.sa/1"),
    )
    text = format_answer([archive_hit(also=also)]).text
    assert_valid(text)
    assert text.endswith("\n<i>ونشرته أيضًا: عكاظ، &lt;مقال بلا مصدر&gt;، الوطن</i>")


def test_a_relative_short_answer_is_shown_with_the_date_it_means() -> None:
    hit = archive_hit(answer="أمس", answer_date=date(2015, 8, 2))
    assert format_answer([hit]).text.startswith(
        f"<b>{wording.ANSWER_LABEL}: أمس (2 أغسطس 2015)</b>"
    )
    undated = archive_hit(answer="أمس")
    assert format_answer([undated]).text.startswith(f"<b>{wording.ANSWER_LABEL}: أمس</b>")


def test_sources_lists_each_paper_with_its_count_and_dates() -> None:
    def dated(source: str | None, day: int, number: int) -> Document:
        return Document(
            f"{source}_{number}", f"مقال {number}", Path("a.json"), (), source, date(2015, 7, day)
        )

    papers = [dated("alriyadh", day, day) for day in (21, 25, 30)] + [dated("okaz", 22, 40)]
    text = visible_text(format_sources([*papers, dated(None, 23, 50)]))
    assert text.splitlines() == [
        wording.SOURCES_HEADER,
        "• الرياض: 3 مقالات، من 21 يوليو 2015 إلى 30 يوليو 2015",
        "• عكاظ: مقال واحد، 22 يوليو 2015",
        "• 23 يوليو 2015 — مقال 50",
    ]
