"""The saved searches' database: names unique per owner, a match recorded once, each
consumer's own last look, removal with the record of matches."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import InvalidRequest, QuerySyntaxError, QueryTooLarge
from indexer.saved import ALERTS, WEB, SavedStore, new_saved_search


@pytest.fixture()
def store(tmp_path: Path) -> SavedStore:
    return SavedStore(tmp_path / "index.saved-searches.sqlite3")


def test_a_saved_search_keeps_its_query_filters_and_dates(store: SavedStore):
    made = store.add(new_saved_search(" 嘉兴法院 ", "嘉兴 法院", (("source", ("浙江日报",)),),
                                      "2020-01-01", "2020-12-31", owner="abc"))
    assert store.searches() == [made] == store.searches(owner="abc")
    assert store.searches(owner="other") == []
    assert (made.name, made.query, made.filters, made.date_from, made.date_to) == (
        "嘉兴法院", "嘉兴 法院", (("source", ("浙江日报",)),), "2020-01-01", "2020-12-31")
    assert store.by_feed_token(made.feed_token) == made
    assert len(made.feed_token) >= 32 and store.by_feed_token("guess") is None
    request = made.request(limit=5)
    assert (request.query, request.filters, request.sort) == (
        "嘉兴 法院", (("source", ("浙江日报",)),), "newest")


def test_names_are_unique_per_owner(store: SavedStore):
    store.add(new_saved_search("阅兵", "阅兵", owner="a"))
    with pytest.raises(InvalidRequest, match="^a saved search named '阅兵' already exists$"):
        store.add(new_saved_search("阅兵", "国庆 阅兵", owner="a"))
    store.add(new_saved_search("阅兵", "阅兵", owner="b"))
    assert [s.owner for s in store.named("阅兵")] == ["a", "b"]


def test_bad_searches_are_refused_before_they_are_stored(store: SavedStore):
    with pytest.raises(InvalidRequest, match="^a saved search needs a name$"):
        new_saved_search("  ", "阅兵")
    with pytest.raises(InvalidRequest, match="^a saved search needs a query"):
        new_saved_search("空", "  ")
    with pytest.raises(QuerySyntaxError, match="^the quote opened at position 1 is never "
                                               "closed$"):
        new_saved_search("引号", '"阅兵')
    with pytest.raises(QueryTooLarge):
        new_saved_search("太长", "阅兵" * 501)
    with pytest.raises(InvalidRequest, match="cannot filter on 'colour'"):
        new_saved_search("颜色", "阅兵", (("colour", ("红",)),))
    assert not store.exists()


def test_a_match_is_recorded_once_and_each_consumer_looks_on_its_own(store: SavedStore):
    made = store.add(new_saved_search("阅兵", "阅兵"))
    assert store.record({made.id: ["a", "b"]}) == 2
    assert store.record({made.id: ["b", "c"]}) == 1  # b is not new again
    assert [m.article_id for m in store.unseen(made.id, WEB)] == ["c", "b", "a"]
    store.mark_seen(made.id, WEB, store.unseen(made.id, WEB)[0].seq)
    assert store.unseen_counts(WEB) == {}
    assert store.unseen_counts(ALERTS) == {made.id: 3}
    store.record({made.id: ["d"]})
    assert [m.article_id for m in store.unseen(made.id, WEB)] == ["d"]
    assert [m.article_id for m in store.latest(made.id, 2)] == ["d", "c"]


def test_removing_a_search_removes_its_matches(store: SavedStore):
    made = store.add(new_saved_search("阅兵", "阅兵"))
    store.record({made.id: ["a"]})
    store.remove(made.id)
    assert store.searches() == [] and store.unseen_counts(ALERTS) == {}
    assert store.record({made.id: ["b"]}) == 0  # a check racing the removal records nothing


def test_reading_a_missing_database_finds_nothing_and_creates_nothing(store: SavedStore):
    assert (store.searches(), store.unseen_counts(WEB), store.get(1)) == ([], {}, None)
    assert not store.exists()
