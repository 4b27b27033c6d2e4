"""Small talk is told from questions: greetings, thanks, «من أنت؟» and other languages."""

from __future__ import annotations

import time

import pytest

from retrieval.small_talk import Move, read_small_talk

M = Move

SMALL_TALK = [
    ("السلام عليكم", (M.SALAM,)),
    ("السَّلامُ عَلَيْكُمْ وَرَحْمَةُ اللهِ وَبَرَكَاتُهُ", (M.SALAM,)),
    ("وعليكم السلام", (M.SALAM,)),
    ("مرحبا", (M.HELLO,)),
    ("مرحبااااا!!", (M.HELLO,)),
    ("هلا", (M.HELLO,)),
    ("هلا والله", (M.HELLO,)),
    ("أهلاً وسهلاً", (M.HELLO,)),
    ("صباح الخير", (M.MORNING,)),
    ("صباح الخير يا سند ☀️", (M.MORNING,)),
    ("مساء النور", (M.EVENING,)),
    ("كيف حالك؟", (M.HOW_ARE_YOU,)),
    ("شلونك", (M.HOW_ARE_YOU,)),
    ("ازيك", (M.HOW_ARE_YOU,)),
    ("مرحبا، كيف حالك؟", (M.HELLO, M.HOW_ARE_YOU)),
    ("شكرا", (M.THANKS,)),
    ("شكراً جزيلاً لك", (M.THANKS,)),
    ("شكرااا", (M.THANKS,)),
    ("وشكرا", (M.THANKS,)),
    ("يعطيك العافية", (M.THANKS,)),
    ("الله يعطيك العافيه", (M.THANKS,)),
    ("مشكور", (M.THANKS,)),
    ("تسلم ايدك", (M.THANKS,)),
    ("جزاك الله خيرا", (M.THANKS,)),
    ("تمام", (M.OKAY,)),
    ("مع السلامة", (M.GOODBYE,)),
    ("مع السلامه", (M.GOODBYE,)),
    ("إلى اللقاء", (M.GOODBYE,)),
    ("تصبح على خير", (M.GOODBYE,)),
    ("شكرا، مع السلامة", (M.THANKS, M.GOODBYE)),
    ("من أنت؟", (M.WHO_ARE_YOU,)),
    ("مين انت؟", (M.WHO_ARE_YOU,)),
    ("مين إنت", (M.WHO_ARE_YOU,)),
    ("شو اسمك", (M.WHO_ARE_YOU,)),
    ("ماذا تستطيع؟", (M.WHAT_CAN_YOU_DO,)),
    ("ماذا تستطيع أن تفعل؟", (M.WHAT_CAN_YOU_DO,)),
    ("شو بتعمل؟", (M.WHAT_CAN_YOU_DO,)),
    ("وش تسوي", (M.WHAT_CAN_YOU_DO,)),
    ("كيف أستخدمك؟", (M.WHAT_CAN_YOU_DO,)),
    ("عندي سؤال", (M.WANTS_TO_ASK,)),
    ("السلام عليكم، من أنت وماذا تستطيع؟", (M.SALAM, M.WHO_ARE_YOU, M.WHAT_CAN_YOU_DO)),
    ("مرحبا مرحبا", (M.HELLO,)),
    ("hello", (M.OTHER_LANGUAGE,)),
    ("Thanks!", (M.OTHER_LANGUAGE,)),
    ("Who signed the truce?", (M.OTHER_LANGUAGE,)),
    ("Quand a été signée la trêve ?", (M.OTHER_LANGUAGE,)),
    ("Привет", (M.OTHER_LANGUAGE,)),
    ("Sanad is a bot. " * 100, (M.OTHER_LANGUAGE,)),
]

QUESTIONS = [
    "مرحبا، متى افتتح المعرض؟",
    "السلام عليكم، متى اتفقا على الهدنة الإنسانية؟",
    "شكرا، وأين التقيا؟",
    "ومتى؟",
    "متى اتفقا على الهدنة الإنسانية؟",
    "من أنت يا وزير الخارجية؟",
    "ماذا تعرف عن قره باغ؟",
    "صباح الخير، من رعى الاجتماع؟",
    "ما هي عاصمة اليابان؟",
    "سلام في قره باغ",
    "متى وقع Putin الاتفاق؟",
    "",
    "   ",
    "😀",
    "2020",
    "؟؟؟",
    "مرحبا " * 40,
]


@pytest.mark.parametrize(("text", "moves"), SMALL_TALK)
def test_small_talk_is_recognized_with_its_moves_in_order(
    text: str, moves: tuple[Move, ...]
) -> None:
    talk = read_small_talk(text)
    assert talk is not None
    assert talk.moves == moves


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_message_with_words_of_its_own_is_not_small_talk(text: str) -> None:
    assert read_small_talk(text) is None


@pytest.mark.parametrize("unit", ["شكرا ", "a ", "ها", "و", "!"])
def test_long_hostile_messages_are_read_at_once(unit: str) -> None:
    text = unit * 50_000
    started = time.perf_counter()
    read_small_talk(text)
    assert time.perf_counter() - started < 0.5
