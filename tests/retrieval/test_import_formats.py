"""Archive exports read in place: JSON arrays, JSON Lines, CSV and ZIPs of them, with their fields.

Every test writes real files into a temporary folder; broken records, wrong encodings, missing
fields and an override of the field names included.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from retrieval.corpus import Corpus, CorpusError, load_corpus
from retrieval.fields import FieldMap
from tests.data import saudinewsnet

MakeCorpus = Callable[[dict[str, str | bytes]], Path]

CONTENT = "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة.\nوقال الوزير إن المستشفى يضم 300 سرير."


def article(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "source": "okaz",
        "url": "http://www.okaz.com.sa/new/1.htm",
        "date_extracted": "2015-07-21 02:51:32",
        "title": "افتتاح مستشفى جديد",
        "author": "محمد",
        "content": CONTENT,
    }
    record.update(fields)
    return record


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def ids(corpus: Corpus) -> list[str]:
    return [document.doc_id for document in corpus.documents]


def test_a_json_array_becomes_articles_with_their_metadata(make_corpus: MakeCorpus) -> None:
    folder = make_corpus({"news.json": json.dumps([article()], ensure_ascii=False)})
    [document] = load_corpus(folder).documents
    assert document.doc_id == "okaz_00000"
    assert document.title == "افتتاح مستشفى جديد"
    assert [s.text for s in document.sentences] == [
        "افتتاح مستشفى جديد",
        "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة.",
        "وقال الوزير إن المستشفى يضم 300 سرير.",
    ]
    assert (document.source, document.published, document.url, document.author) == (
        "okaz",
        date(2015, 7, 21),
        "http://www.okaz.com.sa/new/1.htm",
        "محمد",
    )
    assert document.path == folder / "news.json"


def test_a_single_json_object_is_one_article(make_corpus: MakeCorpus) -> None:
    folder = make_corpus({"one.json": json.dumps(article(id="a-1"), ensure_ascii=False)})
    assert ids(load_corpus(folder)) == ["a-1"]


def test_json_lines_skip_and_count_broken_lines_and_keep_numbering(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    lines = [
        json.dumps(article(), ensure_ascii=False),
        "",  # blank lines are not records
        "{not json",
        "[1, 2]",
        json.dumps(article(source="sabq"), ensure_ascii=False),
    ]
    folder = make_corpus({"news.jsonl": "\n".join(lines) + "\n"})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    # The broken lines are records 1 and 2: the last one is record 3.
    assert ids(corpus) == ["okaz_00000", "sabq_00003"]
    [warning] = [r.getMessage() for r in caplog.records if "unreadable" in r.getMessage()]
    assert warning.startswith("skipped 2 records unreadable")
    assert "news.jsonl line 3: not JSON" in warning
    assert "news.jsonl line 4: not an object" in warning


def test_csv_with_a_header_quoted_paragraphs_and_semicolons(make_corpus: MakeCorpus) -> None:
    text = CONTENT.replace("\n", "\n\n")
    rows = [
        "title;content;link;date;source",
        f'"افتتاح مستشفى; جديد";"{text}";http://example.com/a?x=1&y=2;21/07/2015;الرياض',
    ]
    folder = make_corpus({"export.csv": "\r\n".join(rows) + "\r\n"})
    [document] = load_corpus(folder).documents
    assert document.title == "افتتاح مستشفى; جديد"
    assert len(document.sentences) == 3
    assert document.url == "http://example.com/a?x=1&y=2"
    assert document.published == date(2015, 7, 21)
    assert document.doc_id == "الرياض_00000"


def test_a_csv_field_longer_than_the_csv_modules_default_cap_is_read(
    make_corpus: MakeCorpus,
) -> None:
    long_text = "وقال الوزير إن المستشفى يضم 300 سرير. " * 4000  # ~150 KB
    folder = make_corpus({"big.csv": f'title,content\nعنوان,"{long_text}"\n'})
    [document] = load_corpus(folder).documents
    assert document.sentences[-1].text == "وقال الوزير إن المستشفى يضم 300 سرير."
    assert sum(len(s.text.split()) for s in document.sentences[1:]) == 7 * 4000


def test_records_without_text_are_skipped_and_counted_in_one_warning(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    records = [
        article(),
        article(content=""),
        article(content=None),
        article(content=42),
        {"title": "بلا نص"},  # the field is missing altogether
        article(content=" \n "),
    ]
    rows = "title,content\nعنوان,\n"  # a CSV row with the field empty
    folder = make_corpus(
        {"a.json": json.dumps(records, ensure_ascii=False), "b.csv": rows, "b.jsonl": "{}\n"}
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert ids(corpus) == ["okaz_00000"]
    [warning] = [r.getMessage() for r in caplog.records if "without text" in r.getMessage()]
    assert warning.startswith("skipped 7 records without text (")
    assert "and 2 more" in warning


def test_a_file_in_another_encoding_is_skipped_with_a_warning_naming_it(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    line = json.dumps(article(), ensure_ascii=False) + "\n"
    folder = make_corpus(
        {
            "good.jsonl": line,
            "windows.jsonl": line.replace("okaz", "sabq").encode("cp1256"),
            "utf16.csv": "title,content\nعنوان,نص\n".encode("utf-16-le"),
        }
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert ids(corpus) == ["okaz_00000"]
    assert "windows.jsonl: not UTF-8 text" in caplog.text
    assert "utf16.csv: not UTF-8 text" in caplog.text


def test_a_broken_json_file_is_skipped_and_the_others_are_read(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    folder = make_corpus(
        {
            "a.json": "[{" + "[" * 100_000,  # nested too deeply for the parser
            "b.json": '[{"content": "نص"',
            "c.json": '"just a string"',
            "d.json": json.dumps([article()], ensure_ascii=False),
        }
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert ids(corpus) == ["okaz_00000"]
    for name in ("a.json", "b.json"):
        assert f"{name}: not JSON" in caplog.text
    assert "c.json: not a JSON array of articles" in caplog.text


def test_a_field_map_override_reads_other_names(make_corpus: MakeCorpus) -> None:
    record = {
        "headline_ar": "افتتاح مستشفى جديد",
        "body_text": CONTENT,
        "content": "ليس هذا النص",
        "pubDate": "2015-07-21",
        "outlet": "okaz",
        "ref": "h-77",
    }
    folder = make_corpus({"feed.jsonl": json.dumps(record, ensure_ascii=False) + "\n"})
    fields = FieldMap.parse("title:headline_ar,content:body_text,date:pubDate,source:outlet,id:ref")
    [document] = load_corpus(folder, fields=fields).documents
    assert (document.doc_id, document.source) == ("h-77", "okaz")
    assert document.title == record["headline_ar"]
    assert document.published == date(2015, 7, 21)
    assert "ليس" not in " ".join(s.text for s in document.sentences)
    # With the default map the same record reads its «content» field.
    [default] = load_corpus(folder).documents
    assert default.sentences[-1].text == "ليس هذا النص"


def test_an_untitled_record_is_titled_by_its_first_twelve_words(make_corpus: MakeCorpus) -> None:
    folder = make_corpus({"a.json": json.dumps([article(title=" ")], ensure_ascii=False)})
    [document] = load_corpus(folder).documents
    assert document.title == " ".join(CONTENT.split()[:12])


def test_metadata_is_cleaned(make_corpus: MakeCorpus) -> None:
    records = [
        article(url="javascript:alert(1)", author="\u00a0 محمد&nbsp;الساعد (تبوك)", source=" "),
        article(url='http://example.com/a b"c', date_extracted="أمس", title="&#8220;عنوان&#8221;"),
        article(title="\u202bخادم الحرمين يصل\u202c " + "طويل " * 100),
    ]
    folder = make_corpus({"a.json": json.dumps(records, ensure_ascii=False)})
    first, second, third = load_corpus(folder).documents
    assert (first.url, first.author, first.source) == (None, "محمد الساعد (تبوك)", None)
    assert first.doc_id == "a_00000"  # no source: the file's name
    assert (second.url, second.published) == ("http://example.com/a%20b%22c", None)
    assert second.title == "“عنوان”"
    assert third.title.startswith("خادم الحرمين يصل طويل") and len(third.title) > 400  # not cut


def test_a_record_over_the_size_limit_is_skipped_and_counted(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    records = [article(), article(source="sabq", content="كلمة طويلة. " * 20_000)]
    folder = make_corpus({"a.json": json.dumps(records, ensure_ascii=False)})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder, max_file_bytes=100_000)
    assert ids(corpus) == ["okaz_00000"]
    assert "skipped 1 record over 0.1 MB (SANAD_MAX_FILE_MB)" in caplog.text


def test_a_taken_id_is_skipped_and_counted(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    records = [article(id="x"), article(id="x", source="sabq")]
    folder = make_corpus(
        {"a.json": json.dumps(records, ensure_ascii=False), "b/x.txt": "عنوان\n\nنص الخبر هنا.\n"}
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [(d.doc_id, d.source) for d in corpus.documents] == [("x", "okaz")]
    assert "skipped 1 record whose id is already taken (" in caplog.text
    assert "doc_id 'x' is already taken" in caplog.text


def test_zip_files_are_read_in_place_with_the_converters_ids(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    day_one = [article(), article(source="sabq", content="")]
    day_two = [article(source="alriyadh", title=""), article(source="was")]
    folder = make_corpus(
        {
            # Written out of name order: numbering follows ZIP names.
            "2015-07-22.zip": zip_bytes({"2015-07-22.json": json.dumps(day_two)}),
            "2015-07-21.zip": zip_bytes({"2015-07-21.json": json.dumps(day_one)}),
            "README.md": "# archive",
        }
    )
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    expected = [a.doc_id for a in saudinewsnet.articles(folder)]
    assert ids(corpus) == expected == ["okaz_00000", "alriyadh_00002", "was_00003"]
    converted = {a.doc_id: a.text for a in saudinewsnet.articles(folder)}
    for document in corpus.documents:
        assert document.title == converted[document.doc_id].split("\n", 1)[0]
    assert "not reading 1 file of other types" in caplog.text
    assert "(README.md)" in caplog.text


def test_zip_members_of_every_format_are_read_and_others_reported_once(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    members: dict[str, str | bytes] = {
        "b/two.jsonl": json.dumps(article(source="sabq")) + "\n",
        "a/one.csv": f'source,title,content\nalyaum,عنوان,"{CONTENT}"\n',
        "c/photo.jpg": b"\xff\xd8\xff",
        "c/notes.txt": "ملاحظات",
        "d/broken.json": "[{",
    }
    folder = make_corpus({"export.zip": zip_bytes(members)})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert ids(corpus) == ["alyaum_00000", "sabq_00001"]
    other = [r.getMessage() for r in caplog.records if "other types in ZIP" in r.getMessage()]
    assert len(other) == 1 and "2 members" in other[0]
    assert "export.zip:d/broken.json: not JSON" in caplog.text


def test_a_broken_zip_is_skipped_with_a_warning(
    make_corpus: MakeCorpus, caplog: pytest.LogCaptureFixture
) -> None:
    folder = make_corpus(
        {"bad.zip": b"PK\x03\x04 not really", "good.jsonl": json.dumps(article()) + "\n"}
    )
    with caplog.at_level(logging.WARNING):
        assert ids(load_corpus(folder)) == ["okaz_00000"]
    assert "bad.zip: not a readable ZIP file" in caplog.text


def test_a_folder_whose_collections_hold_no_article_is_a_corpus_error(
    make_corpus: MakeCorpus,
) -> None:
    folder = make_corpus({"a.json": "[]", "b.jsonl": "\n", "c.csv": "title,content\n"})
    with pytest.raises(CorpusError, match="no readable articles"):
        load_corpus(folder)
