"""A query that finds nothing by AND retries with a looser match, and says so."""
from __future__ import annotations

from quality_helpers import ids, run

from indexer.engine.search import count, iter_hits
from indexer.results import SearchRequest

WOMEN_VOLLEYBALL = ["rmrb-20191001-01-01", "rmrb-20191003-04-01", "rmrb-20191003-04-02",
                    "rmrb-20191003-04-05", "rmrb-20191002-05-01", "rmrb-20191002-20-01"]


def test_a_word_no_article_has_is_named_and_the_others_are_searched(sample_index) -> None:
    results = run(sample_index, "女排 足球")
    assert results.notice == ("no article has all of 女排 足球; showing articles with most of "
                              "them (none has 足球)")
    assert results.loose is True
    assert ids(results) == WOMEN_VOLLEYBALL
    assert [h.missing for h in results.hits] == [("足球",)] * 6
    assert results.hits[0].snippet.marked()[:1] == ["女排"]
    assert (results.total, results.collapsed) == (7, 1)


def test_words_that_never_meet_show_articles_with_either(sample_index) -> None:
    results = run(sample_index, "女排 花海")
    assert results.notice == ("no article has all of 女排 花海; showing articles with most of "
                              "them")
    assert ids(results) == WOMEN_VOLLEYBALL[:2] + ["h-f2d43f8cbc0f79dc"] + WOMEN_VOLLEYBALL[2:]
    assert [h.missing for h in results.hits][:3] == [("花海",), ("花海",), ("女排",)]


def test_a_pasted_headline_with_a_wrong_character_finds_the_article(sample_index) -> None:
    # The headline is 习近平会见中国女排代表: 队员 instead of 代表 matches nowhere as typed, so
    # the run is searched as its words, ranked by how many of them an article has.
    results = run(sample_index, "习近平会见中国女排队员")
    assert results.notice == ("no article has 习近平会见中国女排队员; showing articles with "
                              "most of its words")
    assert ids(results) == ["rmrb-20191001-01-01", "rmrb-20191003-04-01",
                            "rmrb-20191003-04-02", "rmrb-20191002-05-01"]
    assert [h.missing for h in results.hits] == [(), (), (), ("会见",)]


def test_filters_and_exclusions_stay_required_in_the_retry(sample_index) -> None:
    results = run(sample_index, "女排 足球 -习近平")
    assert ids(results) == ["rmrb-20191003-04-05", "rmrb-20191002-20-01"]
    filtered = run(sample_index, "女排 足球", filters=(("page", ("5",)),))
    assert ids(filtered) == ["rmrb-20191002-05-01"]


def test_no_retry_for_one_word_a_quoted_phrase_or_an_or(sample_index) -> None:
    for query in ("足球", '"女排足球"', "足球 OR 篮球"):
        results = run(sample_index, query)
        assert (results.total, ids(results), results.notice, results.loose) == \
            (0, [], None, False), query


def test_count_and_exports_stay_exact(sample_index) -> None:
    request = SearchRequest(query="女排 足球")
    assert count(sample_index, request) == 0
    assert list(iter_hits(sample_index, request)) == []
