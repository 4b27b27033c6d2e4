"""Question types from Arabic question words, including vowelled and misspelled forms."""

from __future__ import annotations

import pytest

from retrieval.question import analyze_question
from retrieval.question_type import QuestionType

T = QuestionType


def question_type(question: str) -> QuestionType:
    return analyze_question(question).qtype


def counted_noun(question: str) -> str | None:
    return analyze_question(question).counted


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("متى اتفقا على الهدنة الإنسانية؟", T.TIME),
        ("متي اعترفت ارمينيا بان قره باغ جزء من اذربيجان؟", T.TIME),
        ("مَتَى أَطْلَقَ الجَيْشُ عَمَلِيَّتَهُ؟", T.TIME),
        ("ومتى بدأت المفاوضات؟", T.TIME),
        ("منذ متى تحاول مجموعة مينسك حل النزاع؟", T.TIME),
        ("في أي يوم من أيلول شنت أذربيجان عملية؟", T.TIME),
        ("في أي شهر عقدت القمة؟", T.TIME),
        ("في أي عام اندلعت الحرب؟", T.TIME),
        ("ما موعد القمة المقبلة؟", T.TIME),
        ("كم يوما استمرت المعارك؟", T.QUANTITY),
        ("كم عدد جنود حفظ السلام الروس؟", T.QUANTITY),
        ("ما عدد القتلى؟", T.QUANTITY),
        ("ما هو عدد اللاجئين؟", T.QUANTITY),
        ("ما نسبة المشاركة في الانتخابات؟", T.QUANTITY),
        ("أين التقى بوتين علييف وباشينيان؟", T.PLACE),
        ("الى اين وصل وزير الخارجيه الاذربيجاني؟", T.PLACE),
        ("إلى أين توجه الوزير؟", T.PLACE),
        ("من أين جاء الوفد؟", T.PLACE),
        ("وين صار الاجتماع؟", T.PLACE),
        ("في أي مدينة التقى الزعيمان؟", T.PLACE),
        ("أي دولة قاطعت الاجتماع الأول؟", T.PLACE),
        ("في أي بلد ستعقد المحادثات؟", T.PLACE),
        ("ما هي عاصمة اليابان؟", T.PLACE),
        ("من رعى اجتماع باشينيان وعلييف في بروكسل؟", T.PERSON),
        ("من هو المستشار الألماني؟", T.PERSON),
        ("من هي رئيسة المفوضية الأوروبية؟", T.PERSON),
        ("مَنْ دَعَا إِلَى إِنْشَاءِ مِنَصَّةٍ سُدَاسِيَّةٍ؟", T.PERSON),
        ("مين رئيس روسيا؟", T.PERSON),
        ("ماذا طلبت الخارجيـــة الروسية؟", T.THING),
        ("ما الذي حصل بين القوات؟", T.THING),
        ("على ماذا اتفق ميرزويان وبايراموف؟", T.THING),
        ("ما هي شروط الهدنة؟", T.THING),
        ("شو صار بالمفاوضات؟", T.THING),
        ("كيف قيّم ميشال أجواء اللقاء؟", T.MANNER),
        ("بأي طريقة سيتم ترسيم الحدود؟", T.MANNER),
        ("لماذا توجه بيراموف إلى موسكو؟", T.REASON),
        ("ليش انسحب الوفد؟", T.REASON),
        ("ما سبب التصعيد؟", T.REASON),
        ("هل باشنيان مستعد لترسيم الحدود؟", T.YES_NO),
        ("امتى اتعقد الاجتماع؟", T.TIME),
        ("فوقاش وصل الوفد؟", T.TIME),
        ("قديش عدد اللاجئين؟", T.QUANTITY),
        ("شحال كلف المشروع؟", T.QUANTITY),
        ("فين اتعقدت القمة؟", T.PLACE),
        ("شكون ربح المباراة؟", T.PERSON),
        ("منو فاز بالجائزة؟", T.PERSON),
        ("ازاي وصلوا للاتفاق؟", T.MANNER),
        ("كيفاش تم الاتفاق؟", T.MANNER),
        ("علاش تأجلت المباراة؟", T.REASON),
        ("لو سمحت متى افتتح المعرض؟", T.TIME),
        ("طيب كم عدد الضحايا؟", T.QUANTITY),
        ("When did the ceasefire start?", T.UNKNOWN),
        ("؟؟؟", T.UNKNOWN),
        ("", T.UNKNOWN),
        ("الهدنة الإنسانية", T.UNKNOWN),
    ],
)
def test_reads_the_type_from_question_words(question: str, expected: QuestionType) -> None:
    assert question_type(question) is expected


@pytest.mark.parametrize(
    "question",
    [
        "منذ متى لم يشهد الطرفان تصعيدا بهذه الخطورة؟",  # «لم» here is a negation, not «why»
        "متى قال ما قاله؟",  # «ما» after the question word is not the question word
    ],
)
def test_negations_and_relatives_do_not_change_the_type(question: str) -> None:
    assert question_type(question) is T.TIME


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("كم يوما استمرت المعارك؟", "يوما"),
        ("كم قتيلا خلفت الحرب؟", "قتيلا"),
        ("كم جندي ارميني اطلقت اذربيجان سراحهم؟", "جندي"),
        ("كم عدد جنود حفظ السلام الروس؟", "جنود"),
        ("ما عدد القتلى؟", "القتلي"),
        ("كم مرة اجتمع الزعيمان؟", "مره"),
        # A verb or a bare measure after «كم» names nothing to count.
        ("كم استمرت المعارك؟", None),
        ("كم تبلغ حصيلة القصف؟", None),
        ("كم بلغ حجم التبادل التجاري؟", None),
        ("كم من الوقت استغرقت المفاوضات؟", None),
        # «كم X الـY» asks for an amount of X, not for a count of X.
        ("كم سعر الذهب اليوم؟", None),
        ("كم بلغ الإنفاق العسكري؟", None),
        ("كم دولة شاركت في القمة؟", "دوله"),
        # A verb that starts like a definite word («التقى») reads as «كم X الـY»: the gate gets
        # looser (any count answers), never wrongly strict.
        ("كم مرة التقى الزعيمان؟", None),
        ("متى اتفقا على الهدنة؟", None),
    ],
)
def test_reads_the_counted_noun(question: str, expected: str | None) -> None:
    assert counted_noun(question) == expected
