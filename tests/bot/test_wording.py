"""What Sanad says: counts agree with their numbers, small talk is answered in kind, and Latin
runs inside Arabic lines are isolated so they show in order."""

from __future__ import annotations

import time

import pytest

from bot import wording
from bot.bidi import FSI, PDI, isolate_latin
from bot.wording import ARTICLE, DAY, QUESTION, SECOND, SENTENCE, TIME, Noun, count
from retrieval.small_talk import Move


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [
        (1, SENTENCE, "جملة واحدة"),
        (2, SENTENCE, "جملتان"),
        (3, SENTENCE, "3 جمل"),
        (10, SENTENCE, "10 جمل"),
        (11, SENTENCE, "11 جملة"),
        (65, SENTENCE, "65 جملة"),
        (99, SENTENCE, "99 جملة"),
        (100, SENTENCE, "100 جملة"),
        (102, SENTENCE, "102 جملة"),
        (103, SENTENCE, "103 جمل"),
        (111, SENTENCE, "111 جملة"),
        (1000, SENTENCE, "1000 جملة"),
        (0, SENTENCE, "0 جملة"),
        (1, QUESTION, "سؤال واحد"),
        (2, QUESTION, "سؤالان"),
        (7, QUESTION, "7 أسئلة"),
        (12, QUESTION, "12 سؤالًا"),
        (200, QUESTION, "200 سؤال"),
        (1, ARTICLE, "مقال واحد"),
        (5, ARTICLE, "5 مقالات"),
        (20, ARTICLE, "20 مقالًا"),
        (2, TIME, "مرتان"),
        (3, TIME, "3 مرات"),
        (15, TIME, "15 مرة"),
        (30, DAY, "30 يومًا"),
        (7, DAY, "7 أيام"),
    ],
)
def test_a_count_gives_the_noun_the_form_its_number_asks_for(
    number: int, noun: Noun, expected: str
) -> None:
    assert count(number, noun) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "ثانية واحدة"), (1, "ثانية واحدة"), (2, "ثانيتين"), (3, "3 ثوانٍ"), (37, "37 ثانية")],
)
def test_seconds_after_a_preposition_take_the_genitive_dual(seconds: int, expected: str) -> None:
    assert wording.seconds_phrase(seconds) == expected
    assert count(2, SECOND) == "ثانيتان"


@pytest.mark.parametrize(
    ("articles", "expected"),
    [(1, "مقال واحد"), (2, "مقالان"), (4, "4 مقالات"), (4852, "4852 مقالًا"), (100, "100 مقال")],
)
def test_source_summaries_count_articles_in_agreement(articles: int, expected: str) -> None:
    assert wording.source_summary("الرياض", articles, None) == f"الرياض: {expected}"


@pytest.mark.parametrize(
    ("moves", "starts", "contains"),
    [
        ((Move.SALAM,), "وعليكم السلام", wording.SMALL_TALK_EXAMPLE),
        ((Move.MORNING,), "صباح النور", wording.SMALL_TALK_EXAMPLE),
        ((Move.HELLO, Move.WHO_ARE_YOU), "أهلًا بك! أنا «سند»", wording.SMALL_TALK_EXAMPLE),
        ((Move.WHAT_CAN_YOU_DO,), "أجيب عن الأسئلة", "/sources"),
        ((Move.THANKS,), "العفو", wording.SMALL_TALK_ANOTHER),
        ((Move.THANKS, Move.GOODBYE), "العفو", "في أمان الله"),
        ((Move.WANTS_TO_ASK,), "تفضّل، اكتب سؤالك.", "تفضّل"),
        ((Move.OTHER_LANGUAGE,), "أجيب عن الأسئلة المكتوبة بالعربية", "Sanad answers"),
    ],
)
def test_small_talk_is_answered_in_kind_then_with_what_to_ask(
    moves: tuple[Move, ...], starts: str, contains: str
) -> None:
    reply = wording.small_talk_reply(moves)
    assert reply.startswith(starts)
    assert contains in reply
    assert wording.NOT_FOUND not in reply
    assert "\n" not in reply


def test_a_goodbye_gets_no_example_question() -> None:
    assert wording.EXAMPLE_QUESTION not in wording.small_talk_reply((Move.GOODBYE,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اطّلع على المصادر بالأمر /sources.", f"اطّلع على المصادر بالأمر {FSI}/sources{PDI}."),
        (
            "(يعرضها الأمر /sources)، وأقتبس",
            f"(يعرضها الأمر {FSI}/sources{PDI})، وأقتبس",
        ),
        (
            "عنوان — 004_13ef93096cc37932، الجملة 11",
            f"عنوان — {FSI}004_13ef93096cc37932{PDI}، الجملة 11",
        ),
        ("معرّف هذه المحادثة: -1001234567890", f"معرّف هذه المحادثة: {FSI}-1001234567890{PDI}"),
        ("معرّفك: 5550001", "معرّفك: 5550001"),
        ("3 جمل و18 تشرين الأول 2020", "3 جمل و18 تشرين الأول 2020"),
        (
            "أجيب بالعربية. Sanad answers in Arabic, from news.",
            f"أجيب بالعربية. {FSI}Sanad answers in Arabic, from news.{PDI}",
        ),
        ("الوسيط 85 ms، و95٪", f"الوسيط {FSI}85 ms{PDI}، و95٪"),
        ("متوقف (SANAD_LOG_DAYS=0)، فلا", f"متوقف {FSI}(SANAD_LOG_DAYS=0){PDI}، فلا"),
        ("@sanad_news_bot متى", f"{FSI}@sanad_news_bot{PDI} متى"),
        ("بلا لاتينية", "بلا لاتينية"),
        ("", ""),
    ],
)
def test_latin_runs_in_arabic_lines_are_isolated(text: str, expected: str) -> None:
    assert isolate_latin(text) == expected


@pytest.mark.parametrize("unit", ["(", "a.", "a-", "a ", "-1", "(a)", "a)"])
def test_isolating_stays_linear_on_hostile_input(unit: str) -> None:
    text = unit * 50_000 + "ب"
    started = time.perf_counter()
    isolate_latin(text)
    assert time.perf_counter() - started < 0.5
