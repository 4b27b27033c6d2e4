import pytest

from retrieval.sentences import MAX_SENTENCE_CHARS, split_paragraph


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


def test_an_email_address_does_not_end_a_sentence():
    assert split_paragraph("راسلوا news.desk@example.org للتصحيح. شكرا") == [
        "راسلوا news.desk@example.org للتصحيح.",
        "شكرا",
    ]


def test_a_sentence_longer_than_the_cap_is_split_after_a_comma_or_at_a_space():
    clause = "وقال الوزير إن الاتفاق صامد، "
    paragraph = clause * 200  # about 6,000 characters and not one full stop
    pieces = split_paragraph(paragraph)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_SENTENCE_CHARS for piece in pieces)
    assert all(piece.endswith("،") for piece in pieces[:-1])
    assert " ".join(pieces) == paragraph.strip()


def test_a_capped_sentence_without_commas_is_cut_at_spaces():
    paragraph = " ".join(["كلمة"] * 2_000)
    pieces = split_paragraph(paragraph, max_sentence_chars=100)
    assert all(len(piece) <= 100 for piece in pieces)
    assert " ".join(pieces) == paragraph


def test_a_run_without_spaces_is_cut_at_the_cap():
    pieces = split_paragraph("ب" * 50_000)
    assert "".join(pieces) == "ب" * 50_000
    assert max(map(len, pieces)) == MAX_SENTENCE_CHARS


def test_a_line_longer_than_the_line_cap_is_read_as_several_paragraphs():
    sentence = "انتهى الاجتماع «بعد ساعات طويلة. ثم"  # the quotation never closes within the cap
    line = " ".join([sentence] * 100)
    pieces = split_paragraph(line, max_line_chars=200, max_sentence_chars=1_000)
    assert all(len(piece) <= 200 for piece in pieces)
    assert " ".join(pieces) == line


def test_ordinary_sentences_are_not_capped():
    sentence = "وأعلنت أذربيجان وأرمينيا توصلهما إلى اتفاق حول هدنة إنسانية."
    assert split_paragraph(sentence) == [sentence]
