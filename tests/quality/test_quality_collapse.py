"""A text printed several times is one hit, "also on page N", and never fills a page."""
from __future__ import annotations

from quality_helpers import ids, run

from indexer.engine.search import count, iter_hits
from indexer.results import Printing, SearchRequest


def test_identical_printings_are_one_hit_with_the_others_listed(tiny_index) -> None:
    results = run(tiny_index, "政府工作报告")
    assert ids(results) == ["report-1", "comment"]
    assert results.hits[0].also_on == ("report-3",)
    assert results.hits[0].printings == (
        Printing(id="report-3", source="人民日报", date="2020-03-06", page="3"),)
    assert results.hits[1].printings == ()
    # total counts articles, as count() and the facets do; collapsed says how many of them
    # are folded into another hit.
    assert (results.total, results.collapsed) == (3, 1)
    assert count(tiny_index, SearchRequest(query="政府工作报告")) == 3


def test_pages_are_cut_from_the_collapsed_ranking(tiny_index) -> None:
    pages = [ids(run(tiny_index, "政府工作报告", limit=1, offset=n)) for n in range(3)]
    assert pages == [["report-1"], ["comment"], []]


def test_collapsing_can_be_turned_off(tiny_index) -> None:
    results = run(tiny_index, "政府工作报告", collapse=False)
    assert ids(results) == ["report-1", "report-3", "comment"]
    assert [h.also_on for h in results.hits] == [(), (), ()]
    assert results.collapsed == 0


def test_exports_list_every_printing(tiny_index) -> None:
    exported = [h.id for h in iter_hits(tiny_index, SearchRequest(query="政府工作报告"))]
    assert exported == ["report-1", "report-3", "comment"]


def test_sorted_by_date_the_text_shows_once_too(tiny_index) -> None:
    results = run(tiny_index, "政府工作报告", sort="newest")
    assert ids(results) == ["comment", "report-1"]
    assert [h.score for h in results.hits] == [0.0, 0.0]


def test_the_same_document_on_two_pages_of_the_sample(sample_index) -> None:
    results = run(sample_index, "中国女排代表")
    assert ids(results) == ["rmrb-20191003-04-01", "rmrb-20191001-01-01",
                            "rmrb-20191003-04-02"]
    assert [h.also_on for h in results.hits] == [(), ("rmrb-20191001-02-01",), ()]
    assert results.hits[1].printings[0].page == "2"
    assert (results.total, results.collapsed) == (4, 1)


def test_only_the_shown_hits_are_read_from_the_stored_documents(sample_index, monkeypatch
                                                                ) -> None:
    read: list[int] = []
    with sample_index.reading() as searcher:  # the searcher the next search reuses
        original = searcher.stored_fields

        def recording(docnum):
            read.append(docnum)
            return original(docnum)

        monkeypatch.setattr(searcher, "stored_fields", recording)
    results = run(sample_index, "阅兵", limit=3)
    assert (results.total, results.collapsed, len(results.hits)) == (23, 3, 3)
    assert len(read) == 3  # 23 matches collapsed and ranked from columns and postings
