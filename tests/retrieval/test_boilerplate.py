import pytest

from retrieval.boilerplate import LineKind, classify_line


@pytest.mark.parametrize(
    "line",
    [
        "شارك",
        "اترك ردّاً",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "Stay informed and not overwhelmed, subscribe now!",
        "متابعة أخبار سانا على تلغرام https://t.me/SyrianArabNewsAgency",
        "كلمات دلالية: أنقرة إلهام علييف الجيش الروسي",
        "مقالات ذات صلة",
        "زر الذهاب إلى الأعلى",
        "المصدر: سبوتنيك",
        "المصدر: RT Arabic",
        "تاريخ النشر: 1st, March 2024 GMT",
        "بروكسل-سانا",
        "موسكو - سبوتنيك",
        "https://example.com/article",
        "اقرأ أيضا: عنوان خبر آخر لا علاقة له",
        "اقرأ المزيد",
        "اشترك في النشرة البريدية",
        "سمات البرازيل ريفالدو",  # a tag line without a colon
    ],
)
def test_page_furniture_is_boilerplate(line):
    assert classify_line(line) is LineKind.BOILERPLATE


@pytest.mark.parametrize("line", ["إقرأ أيضاً:", "اقرأ أيضا", "شاهد أيضاً:"])
def test_a_lone_read_also_marker_starts_a_pasted_block(line):
    assert classify_line(line) is LineKind.READ_ALSO_BLOCK


@pytest.mark.parametrize(
    "line",
    [
        "اتفق رئيس الوزراء الأرمني نيكول باشينيان والرئيس الأذربيجاني إلهام علييف.",
        "خطوط النقل",
        "وقال مصدر في قصر الإليزيه: إن الهدنة هشة.",
        "المصدر الدبلوماسي قال إن المحادثات ستستمر أسابيع طويلة قبل التوقيع على أي اتفاق نهائي.",
        "اشترك في المؤتمر أكثر من مئتي خبير من عشرين دولة.",
        "سمات المرحلة المقبلة واضحة، كما قال الوزير.",  # a sentence that starts with the word
    ],
)
def test_article_text_is_content(line):
    assert classify_line(line) is LineKind.CONTENT


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # Long lines are read by their start: a furniture phrase there still counts...
        ("تابعونا على تويتر " + "وفيسبوك وإنستغرام " * 40, LineKind.BOILERPLATE),
        # ... a start that normalizes to nothing falls back to the whole line...
        ("ـ" * 150 + " شارك", LineKind.BOILERPLATE),
        ("-" * 300, LineKind.BOILERPLATE),
        # ... and a long labelled line is a credit only when it is short as a whole.
        ("المصدر: " + "وكالة الأنباء " * 30, LineKind.CONTENT),
        ("وقال الوزير إن المشروع " * 20 + "شارك", LineKind.CONTENT),
    ],
)
def test_long_lines_are_classified_as_the_whole_line_would_be(line, kind):
    assert classify_line(line) is kind
