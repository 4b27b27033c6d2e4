import logging
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from retrieval.corpus import (
    DEFAULT_MAX_FILE_BYTES,
    NO_ARTICLE_FILES,
    CorpusError,
    check_corpus_folder,
    load_corpus,
    parse_document,
)
from retrieval.fields import FieldMap

ARTICLE = """عنوان الخبر: اتفاق على هدنة جديدة

موسكو-سانا

أعلن الطرفان اليوم التوصل إلى هدنة جديدة. وقال الوزير إن الهدنة تبدأ غدا.

شارك
كلمات دلالية: هدنة موسكو
"""


def test_title_is_the_first_non_empty_line_and_sentence_one():
    document = parse_document("a", "\n\n" + ARTICLE, Path("a.txt"))
    assert document.title == "عنوان الخبر: اتفاق على هدنة جديدة"
    assert document.sentences[0].text == document.title
    assert document.sentences[0].number == 1


def test_sentences_are_numbered_in_reading_order_without_furniture():
    document = parse_document("a", ARTICLE, Path("a.txt"))
    assert [s.text for s in document.sentences] == [
        "عنوان الخبر: اتفاق على هدنة جديدة",
        "أعلن الطرفان اليوم التوصل إلى هدنة جديدة.",
        "وقال الوزير إن الهدنة تبدأ غدا.",
    ]
    assert [s.number for s in document.sentences] == [1, 2, 3]
    assert [s.line for s in document.sentences] == [1, 5, 5]


def test_a_read_also_block_is_left_out():
    text = ARTICLE + "إقرأ أيضاً:\nالرئيس يستقبل ضيفه\nتلقى الرئيس اتصالا هاتفيا من نظيره.\n"
    document = parse_document("a", text, Path("a.txt"))
    assert not any("الرئيس" in s.text for s in document.sentences)


def test_a_short_credit_line_at_the_end_is_left_out():
    text = "العنوان هنا\nقال الوزير إن الهدنة صامدة.\nالأوبزرفر العربي\n"
    document = parse_document("a", text, Path("a.txt"))
    assert [s.text for s in document.sentences] == ["العنوان هنا", "قال الوزير إن الهدنة صامدة."]


def test_seed_corpus_loads_five_documents_named_after_their_files(seeds_dir):
    corpus = load_corpus(seeds_dir)
    assert [d.doc_id for d in corpus.documents] == sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_seed_boilerplate_and_pasted_article_never_become_sentences(seeds_dir):
    corpus = load_corpus(seeds_dir)
    texts = [s.text for d in corpus.documents for s in d.sentences]
    assert "شارك" not in texts
    for furniture in ("اترك ردّاً", "تلغرام", "كلمات دلالية", "زر الذهاب", "subscribe", "السيسي"):
        assert not any(furniture in text for text in texts), furniture


def test_missing_folder_is_a_corpus_error_naming_the_path(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError) as error:
        load_corpus(missing)
    assert error.value.path == missing
    assert str(missing) in str(error.value)


def test_folder_without_articles_is_a_corpus_error(make_corpus):
    folder = make_corpus({"notes.md": "لا شيء"})
    with pytest.raises(CorpusError, match="no article files"):
        load_corpus(folder)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (None, "corpus folder not found"),
        ({"notes.md": "لا شيء"}, NO_ARTICLE_FILES),
    ],
)
def test_the_quick_check_rejects_what_load_corpus_would_with_the_same_message(
    make_corpus, tmp_path, files, problem
):
    folder = tmp_path / "nowhere" if files is None else make_corpus(files)
    with pytest.raises(CorpusError) as checked:
        check_corpus_folder(folder)
    with pytest.raises(CorpusError) as loaded:
        load_corpus(folder)
    assert str(checked.value) == str(loaded.value) == f"{problem}: {folder}"


def test_the_quick_check_reads_no_article(make_corpus, seeds_dir):
    # Unreadable articles are found only by reading them, which the quick check leaves for later.
    folder = make_corpus({"sub/latin1.txt": "caf\xe9 ".encode("latin-1") * 10})
    check_corpus_folder(folder)
    check_corpus_folder(seeds_dir)


def test_empty_and_non_utf8_files_are_skipped_with_a_warning(make_corpus, caplog):
    folder = make_corpus(
        {
            "good.txt": ARTICLE,
            "empty.txt": "   \n",
            "latin1.txt": "caf\xe9 ".encode("latin-1") * 10,
        }
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    assert "empty.txt" in caplog.text
    assert "latin1.txt" in caplog.text


def test_byte_order_mark_and_windows_line_ends_are_read(make_corpus):
    folder = make_corpus({"bom.txt": ("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-8")})
    document = load_corpus(folder).documents[0]
    assert document.title == "عنوان الخبر: اتفاق على هدنة جديدة"


def test_articles_in_subfolders_are_read_and_duplicate_ids_skipped(make_corpus, caplog):
    folder = make_corpus({"2020/a.txt": ARTICLE, "2021/a.txt": ARTICLE, "b.txt": ARTICLE})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert sorted(d.doc_id for d in corpus.documents) == ["a", "b"]
    assert "already taken" in caplog.text


def test_a_title_shaped_like_a_dateline_is_still_sentence_one():
    document = parse_document(
        "a", "قره باغ - تصعيد جديد\nاندلعت اشتباكات على خط التماس.\n", Path("a")
    )
    assert [s.text for s in document.sentences][:1] == ["قره باغ - تصعيد جديد"]


def test_a_read_more_link_does_not_cut_the_article():
    text = "العنوان هنا\nقال الوزير إن الهدنة صامدة.\nاقرأ المزيد\nوأضاف أن المحادثات مستمرة.\n"
    document = parse_document("a", text, Path("a.txt"))
    assert document.sentences[-1].text == "وأضاف أن المحادثات مستمرة."


def test_utf16_without_a_byte_order_mark_is_skipped_with_a_warning(make_corpus, caplog):
    folder = make_corpus({"good.txt": ARTICLE, "utf16.txt": ARTICLE.encode("utf-16-le")})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    assert "utf16.txt" in caplog.text


SHORT_ARTICLE = "عنوان المقال\nوقال الوزير إن الاتفاق صامد منذ أسابيع.\n"


def test_a_link_leading_out_of_the_corpus_is_skipped_with_a_warning(make_corpus, tmp_path, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("TELEGRAM_BOT_TOKEN=123:abc\nسر لا يقرأ.\n", encoding="utf-8")
    folder = make_corpus({"a.txt": SHORT_ARTICLE})
    (folder / "env.txt").symlink_to(secret)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [document.doc_id for document in corpus.documents] == ["a"]
    assert "env.txt" in caplog.text
    assert "outside the corpus folder" in caplog.text
    assert "123:abc" not in caplog.text


def test_a_link_to_an_article_inside_the_corpus_is_read(make_corpus):
    folder = make_corpus({"sub/a.txt": SHORT_ARTICLE})
    (folder / "b.txt").symlink_to(folder / "sub" / "a.txt")
    # Path order: b.txt comes before sub/a.txt
    assert [document.doc_id for document in load_corpus(folder).documents] == ["b", "a"]


def test_an_unreadable_subfolder_is_named_in_a_warning(make_corpus, caplog, monkeypatch):
    # As root (CI) a folder's mode does not stop reading it, so the refusal is made by hand.
    folder = make_corpus({"a.txt": SHORT_ARTICLE, "locked/b.txt": SHORT_ARTICLE})
    real_scandir = os.scandir

    def scandir(path):
        if isinstance(path, str | os.PathLike) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("retrieval.corpus.os.scandir", scandir)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [document.doc_id for document in corpus.documents] == ["a"]
    assert "skipping folder" in caplog.text
    assert "locked" in caplog.text
    assert "Permission denied" in caplog.text


def test_a_subfolder_vanishing_mid_walk_skips_only_that_folder(make_corpus, caplog, monkeypatch):
    folder = make_corpus(
        {"a.txt": SHORT_ARTICLE, "gone/b.txt": SHORT_ARTICLE, "kept/c.txt": SHORT_ARTICLE}
    )
    real_scandir = os.scandir

    def scandir(path):
        # "gone" is deleted after its parent was listed, as another process might
        if isinstance(path, str | os.PathLike) and Path(path).name == "gone":
            shutil.rmtree(path)
        return real_scandir(path)

    monkeypatch.setattr("retrieval.corpus.os.scandir", scandir)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [document.doc_id for document in corpus.documents] == ["a", "c"]
    assert "vanished" in caplog.text


def test_a_file_over_the_size_limit_is_skipped_with_a_warning(make_corpus, caplog):
    big = "عنوان\n" + "وقال الوزير إن الاتفاق صامد. " * 2_000
    folder = make_corpus({"a.txt": SHORT_ARTICLE, "big.txt": big})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder, max_file_bytes=10_000)
    assert [document.doc_id for document in corpus.documents] == ["a"]
    assert "big.txt" in caplog.text
    assert "SANAD_MAX_FILE_MB" in caplog.text
    assert [d.doc_id for d in load_corpus(folder, max_file_bytes=None).documents] == ["a", "big"]


def test_the_default_size_limit_keeps_every_article_of_ordinary_size(seeds_dir):
    assert DEFAULT_MAX_FILE_BYTES >= 1_000_000
    assert len(load_corpus(seeds_dir).documents) == 5


HEADER_ARTICLE = """url: https://www.alriyadh.com/1069903?a=1&b="2"
Date: 2015-08-02
source: alriyadh
author: واس

خادم الحرمين الشريفين يصل إلى المغرب

وصل خادم الحرمين الشريفين إلى مدينة طنجة أمس.
"""


def test_a_header_block_gives_the_articles_metadata_and_is_not_text():
    document = parse_document("a", HEADER_ARTICLE, Path("a.txt"))
    assert document.title == "خادم الحرمين الشريفين يصل إلى المغرب"
    assert [s.text for s in document.sentences][1:] == [
        "وصل خادم الحرمين الشريفين إلى مدينة طنجة أمس."
    ]
    assert document.source == "alriyadh"
    assert document.published == date(2015, 8, 2)
    assert document.url == "https://www.alriyadh.com/1069903?a=1&b=%222%22"
    assert document.author == "واس"
    assert [s.line for s in document.sentences] == [6, 8]


def test_a_header_block_uses_the_field_maps_names():
    text = "pubDate: 2015-08-02\n\nالعنوان\n\nنص الخبر هنا.\n"
    assert parse_document("a", text, Path("a.txt")).title == "pubDate: 2015-08-02"
    fields = FieldMap.parse("date:pubDate")
    document = parse_document("a", text, Path("a.txt"), fields=fields)
    assert (document.title, document.published) == ("العنوان", date(2015, 8, 2))


def test_a_first_line_that_only_looks_like_a_header_is_the_title():
    text = "ملاحظة: عنوان بنقطتين\n\nنص الخبر هنا.\n"
    document = parse_document("a", text, Path("a.txt"))
    assert document.title == "ملاحظة: عنوان بنقطتين"
    assert document.source is None


def test_a_publication_line_gives_the_date_and_stays_out_of_the_sentences():
    text = "العنوان\nتاريخ النشر: 1st, March 2024 GMT\nأعلنت الوزارة اليوم الجمعة أن الوزير سافر.\n"
    document = parse_document("a", text, Path("a.txt"))
    assert document.published == date(2024, 3, 1)
    assert [s.text for s in document.sentences] == [
        "العنوان",
        "أعلنت الوزارة اليوم الجمعة أن الوزير سافر.",
    ]


def test_the_header_date_wins_over_the_publication_line():
    text = "date: 2015-08-02\n\nالعنوان\nتاريخ النشر: 1 مارس 2024\nنص الخبر هنا.\n"
    assert parse_document("a", text, Path("a.txt")).published == date(2015, 8, 2)


def test_seed_002s_publication_line_is_read(seeds_dir):
    corpus = load_corpus(seeds_dir)
    dated = {d.doc_id: d.published for d in corpus.documents if d.published is not None}
    assert dated == {"002_85166882b8e78257": date(2024, 3, 1)}
