import pytest

from retrieval.sentences import split_paragraph


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("قال الوزير. وأضاف المتحدث!", ["قال الوزير.", "وأضاف المتحدث!"]),
        ("هل انتهت الحرب؟ نعم", ["هل انتهت الحرب؟", "نعم"]),
        ("ماذا حدث?! لا أحد يعرف", ["ماذا حدث?!", "لا أحد يعرف"]),
        ("نما بنسبة 3.5 في المئة. ثم تراجع", ["نما بنسبة 3.5 في المئة.", "ثم تراجع"]),
        ('المنصة "3+3" في موسكو.', ['المنصة "3+3" في موسكو.']),
        ("التقيا في حضور بوتين.. زعيما البلدين", ["التقيا في حضور بوتين.. زعيما البلدين"]),
        ("وانتظر... ثم غادر", ["وانتظر... ثم غادر"]),
        (
            "تابعونا على https://t.me/SyrianArabNewsAgency ومن ثم",
            ["تابعونا على https://t.me/SyrianArabNewsAgency ومن ثم"],
        ),
        ("زوروا www.example.com لمزيد", ["زوروا www.example.com لمزيد"]),
        ("التقى د. أحمد بالوزير.", ["التقى د. أحمد بالوزير."]),
        ("قالت الـ U.S. ذلك. وانتهى", ["قالت الـ U.S. ذلك.", "وانتهى"]),
        (
            "وقال “نمنح فرصة. إنها فرصتها الأخيرة”، مضيفاً “سنعود. إنها فرصة”. ثم صمت",
            ["وقال “نمنح فرصة. إنها فرصتها الأخيرة”، مضيفاً “سنعود. إنها فرصة”.", "ثم صمت"],
        ),
        ("قال: «انتهى الأمر.» ثم غادر", ["قال: «انتهى الأمر.»", "ثم غادر"]),
        (
            'وجاء في بيان أنه "تم التأكيد على الاتفاق. وأشارت الوزارة إلى ذلك.',
            ['وجاء في بيان أنه "تم التأكيد على الاتفاق.', "وأشارت الوزارة إلى ذلك."],
        ),
        ("   ", []),
        ("بلا نقطة في آخرها", ["بلا نقطة في آخرها"]),
    ],
)
def test_split_paragraph(paragraph, expected):
    assert split_paragraph(paragraph) == expected


def test_pieces_are_verbatim_slices_of_the_paragraph():
    paragraph = "قال: “نحن مستعدون. نعم”. وأضاف أن 2.5 مليون شخص نزحوا!  وانتهى"
    for piece in split_paragraph(paragraph):
        assert piece in paragraph


def test_a_long_run_without_spaces_is_one_sentence():
    assert split_paragraph("ب" * 50_000) == ["ب" * 50_000]


def test_an_email_address_does_not_end_a_sentence():
    assert split_paragraph("راسلوا news.desk@example.org للتصحيح. شكرا") == [
        "راسلوا news.desk@example.org للتصحيح.",
        "شكرا",
    ]
