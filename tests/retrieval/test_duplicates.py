"""The same wire story from several papers: answered once, the other papers named."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from retrieval.duplicates import RepeatLog, fold, lengths_close, near_identical, word_count
from retrieval.engine import Engine
from retrieval.results import Hit, Reprint

MakeCorpus = Callable[[dict[str, str | bytes]], Path]

WIRE = "وصل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز إلى مدينة طنجة في المملكة المغربية أمس."
# The same sentence as a paper printed it: «أمس» moved, «في المملكة» written «بالمملكة».
EDITED = "أمس وصل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز إلى مدينة طنجة بالمملكة المغربية."
OTHER = (
    "وأقيمت للملك سلمان بن عبدالعزيز مراسم استقبال رسمية في مطار طنجة الدولي بحضور كبار المسؤولين."
)
QUESTION = "متى وصل الملك سلمان إلى طنجة؟"


def hit(
    doc_id: str, snippet: str, *, rank: int = 1, source: str | None = None, bm25: float = 1.0
) -> Hit:
    return Hit(
        rank=rank,
        snippet=snippet,
        doc_id=doc_id,
        title=f"عنوان {doc_id}",
        sentence=2,
        score=1.0,
        bm25=bm25,
        coverage=1.0,
        matched_words=(),
        matched_terms=frozenset(),
        source=source,
    )


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (WIRE, WIRE, True),
        (WIRE, "«" + WIRE.replace("أمس", "أمسِ") + "»", True),  # punctuation and vowels aside
        (WIRE, EDITED, True),  # a word moved, a preposition glued on
        (WIRE, WIRE.replace("أمس", "مساء أمس"), False),  # adds a word a question may ask about
        (WIRE, WIRE.replace("وصل", "غادر").replace("إلى", "من"), False),  # another verb
        (WIRE + " بنسبة 56%", WIRE + " بنسبة 84.5%", False),  # another figure
        (WIRE, OTHER, False),
        ("وأضاف أن الاجتماع كان مثمرا", "وأضاف أن اللقاء كان مثمرا", False),  # short: equal only
        ("وأضاف أن الاجتماع كان مثمرا", "وأضاف أنّ الاجتماع كان مثمراً", True),
    ],
)
def test_near_identical_sentences(first: str, second: str, same: bool) -> None:
    assert near_identical(first, second) is same


def test_fold_merges_later_copies_into_the_first_and_ranks_again() -> None:
    hits = [
        hit("alriyadh_1", WIRE, rank=1, source="alriyadh"),
        hit("okaz_2", OTHER, rank=2, source="okaz"),
        hit("okaz_3", EDITED, rank=3, source="okaz"),
        hit("alriyadh_1", EDITED, rank=4, source="alriyadh"),  # the same article again
    ]
    reprints = {"alriyadh_1": [Reprint("was_9", "عنوان", 3, "was")]}
    folded = fold(hits, lambda h: reprints.get(h.doc_id, []))
    assert [(h.rank, h.doc_id) for h in folded] == [(1, "alriyadh_1"), (2, "okaz_2")]
    assert [r.doc_id for r in folded[0].also] == ["was_9", "okaz_3"]
    assert folded[0].also[1] == Reprint("okaz_3", "عنوان okaz_3", 2, "okaz")
    assert folded[1].also == ()


def test_fold_keeps_at_most_limit_hits_but_still_merges_the_rest() -> None:
    hits = [hit("a", WIRE), hit("b", OTHER), hit("c", EDITED), hit("d", "جملة أخرى مختلفة تماما.")]
    folded = fold(hits, lambda h: [], limit=1)
    assert [(h.doc_id, [r.doc_id for r in h.also]) for h in folded] == [("a", ["c"])]


def test_fold_names_unshown_copies_but_never_shows_them() -> None:
    shown = [hit("a", WIRE, source="alriyadh"), hit("b", OTHER, rank=2)]
    copies = [
        hit("c", EDITED, source="okaz", bm25=0.8),
        hit("d", "جملة أخرى مختلفة تماما."),
        # A copy without the dateline's rare word scores far lower, and is still a copy.
        hit("f", WIRE.replace(" طنجة", ""), bm25=0.3),
    ]
    reprints = {"c": [Reprint("e", "عنوان", 4, "was")]}
    folded = fold(shown, lambda h: reprints.get(h.doc_id, []), copies=copies)
    assert [h.doc_id for h in folded] == ["a", "b"]
    assert [r.doc_id for r in folded[0].also] == ["c", "e", "f"]
    assert folded[1].also == ()


@pytest.mark.parametrize(
    ("first", "second", "close"),
    [(WIRE, EDITED, True), (WIRE, WIRE + " " + OTHER, False), ("كلمة", "كلمة أخرى", False)],
)
def test_only_sentences_of_about_the_same_length_may_be_copies(first, second, close) -> None:
    lengths = word_count(first), word_count(second)
    assert lengths_close(*lengths) is close
    assert lengths_close(*reversed(lengths)) is close


def test_repeat_log_sorts_pairs_by_original() -> None:
    log = RepeatLog()
    for original, copy in [(7, 30), (2, 9), (7, 12)]:
        log.add(original, copy)
    repeats = log.freeze()
    assert repeats.copies_of(7) == [12, 30]
    assert repeats.copies_of(2) == [9]
    assert repeats.copies_of(3) == []
    assert len(repeats) == 3


def record(source: str, day: str, text: str) -> dict[str, str]:
    return {
        "source": source,
        "date": day,
        "url": f"https://{source}.example/{day}",
        "title": f"خبر {source}",
        "content": text,
    }


def test_a_sentence_printed_by_several_papers_is_one_hit_naming_the_others(
    make_corpus: MakeCorpus,
) -> None:
    records = [
        record("alriyadh", "2015-08-03", f"{WIRE}\n{OTHER}"),
        record("okaz", "2015-08-03", f"{WIRE}\nوتستمر الزيارة عدة أيام."),
        record("alyaum", "2015-08-04", f"{EDITED}\nوتستمر الزيارة عدة أيام."),
        record("alriyadh", "2015-08-04", "خبر آخر لا علاقة له بالزيارة الملكية على الإطلاق."),
    ]
    folder = make_corpus({"news.json": json.dumps(records, ensure_ascii=False)})
    answer = Engine.from_folder(folder, cache_dir=None).answer(QUESTION, top_k=3)
    first = answer.hits[0]
    assert (first.doc_id, first.source, first.published) == (
        "alriyadh_00000",
        "alriyadh",
        date(2015, 8, 3),
    )
    assert [(r.doc_id, r.source, r.sentence) for r in first.also] == [
        ("okaz_00001", "okaz", 2),  # word for word: never indexed
        ("alyaum_00002", "alyaum", 2),  # lightly edited: folded at answer time
    ]
    assert all(WIRE not in h.snippet and EDITED not in h.snippet for h in answer.hits[1:])
    assert [h.rank for h in answer.hits] == list(range(1, len(answer.hits) + 1))


def test_a_sentence_repeated_inside_one_article_names_no_other(make_corpus: MakeCorpus) -> None:
    records = [record("alriyadh", "2015-08-03", f"{WIRE}\n{OTHER}\n{WIRE}")]
    folder = make_corpus({"news.json": json.dumps(records, ensure_ascii=False)})
    engine = Engine.from_folder(folder, cache_dir=None)
    assert engine.answer(QUESTION).hits[0].also == ()
