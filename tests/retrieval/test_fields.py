"""Which record field holds what: the default names, case, empty values and the override."""

from __future__ import annotations

import pytest

from retrieval.fields import FieldMap, FieldMapError


def test_the_default_map_reads_the_usual_names_in_order() -> None:
    record = {
        "headline": "عنوان",
        "body": "نص الخبر",
        "link": "http://example.com/1",
        "published": "2015-07-21",
        "date_extracted": "2015-08-01",
        "source": "okaz",
        "author": "كاتب",
        "doc_id": "a1",
    }
    assert FieldMap.DEFAULT.pick(record) == {
        "id": "a1",
        "title": "عنوان",
        "content": "نص الخبر",
        "url": "http://example.com/1",
        "date": "2015-07-21",  # «published» comes before «date_extracted»
        "source": "okaz",
        "author": "كاتب",
    }


def test_names_are_matched_without_regard_to_case_and_blank_values_fall_through() -> None:
    record = {"Title": "عنوان", "Content": "  ", "TEXT": "النص", "Date": None}
    assert FieldMap.DEFAULT.pick(record) == {"title": "عنوان", "content": "النص"}


def test_an_override_replaces_the_names_of_the_fields_it_names_only() -> None:
    fields = FieldMap.parse("content:article_body, date:pubDate,date:updated")
    assert fields.names_of("content") == ("article_body",)
    assert fields.names_of("date") == ("pubDate", "updated")
    assert fields.names_of("title") == FieldMap.DEFAULT.names_of("title")
    record = {"content": "ليس هذا", "article_body": "بل هذا", "updated": "2015-07-21"}
    assert fields.pick(record) == {"content": "بل هذا", "date": "2015-07-21"}


def test_an_empty_override_is_the_default_map() -> None:
    assert FieldMap.parse("") == FieldMap.DEFAULT
    assert FieldMap.parse(" , ") == FieldMap.DEFAULT


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("content", "expected field:name"),
        ("content:", "expected field:name"),
        ("body:content", "unknown field"),
    ],
)
def test_an_unreadable_override_names_the_offending_part(setting: str, problem: str) -> None:
    with pytest.raises(FieldMapError, match=problem) as error:
        FieldMap.parse(setting)
    assert error.value.part == setting


def test_the_description_changes_with_the_map() -> None:
    assert FieldMap.parse("content:x").describe() != FieldMap.DEFAULT.describe()
