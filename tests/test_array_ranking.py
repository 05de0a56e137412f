"""Ranking over posting arrays (indexer.engine.array_ranking) gives what Whoosh's collector
gave: the same hits in the same order with the same scores, totals, collapsed printings and
facets."""
from __future__ import annotations

import random
from typing import NamedTuple

import numpy as np
import pytest

import indexer.engine.array_ranking
import indexer.engine.search
from indexer.article import Article
from indexer.engine.array_scores import together_counts
from indexer.engine.collector_ranking import _together
from indexer.engine.search import count, search
from indexer.engine.writing import index_articles
from indexer.results import SearchRequest

QUERIES = [
    "浙江", "杭州 创新", "疫情 防控", '"乡村振兴"', "经济 发展 改革", "乡村振兴",
    "洪", "title:花海", "浙江 -杭州", "杭州 OR 宁波", "安吉 date:2020", "author:李小文",
    '"全国 人民代表大会"', "微嘉園", "学生 教育 学校", "中国", "-杭州", "",
    "source:浙江日报", "(浙江 OR 杭州) 发展", "author:李小文 OR 浙江",
]


def _whoosh_collector(monkeypatch) -> None:
    """Make ``search`` rank with Whoosh's collector, as before the array ranking."""
    monkeypatch.setattr(indexer.engine.search, "_found", lambda *args: None)


def _seen(results) -> dict:
    shown = results.to_json()
    shown.pop("took_ms")
    for hit in shown["hits"]:
        hit["score"] = round(hit["score"], 6)
    return shown


@pytest.mark.parametrize("request_kwargs", [
    *({"query": q} for q in QUERIES),
    {"query": "浙江", "filters": (("year", ("2020",)),)},
    {"query": "发展", "filters": (("source", ("浙江日报",)), ("page", ("1", "2")))},
    {"query": "发展", "offset": 10, "limit": 5},
    {"query": "发展", "collapse": False, "limit": 30},
])
def test_array_ranking_shows_what_whoosh_ranked(sample_index, monkeypatch,
                                                request_kwargs) -> None:
    request = SearchRequest(**request_kwargs)
    arrays = _seen(search(sample_index, request))
    _whoosh_collector(monkeypatch)
    assert arrays == _seen(search(sample_index, request))


def test_replaced_article_is_found_by_its_new_text_only(empty_index) -> None:
    """A replaced article leaves a deleted document in an older segment: its postings must
    not come back."""
    index_articles(empty_index, [
        Article(id="a", title="水稻丰收", body="今年早稻亩产再创新高，农民喜获丰收。"),
        Article(id="b", title="小麦播种", body="秋播小麦进入关键期，农技人员下田指导。"),
    ])
    index_articles(empty_index, [
        Article(id="a", title="水稻丰收（更正）", body="今年晚稻亩产再创新高，农民喜获丰收。"),
    ])
    assert [h.id for h in search(empty_index, SearchRequest(query="早稻")).hits] == []
    assert [h.id for h in search(empty_index, SearchRequest(query="晚稻")).hits] == ["a"]
    results = search(empty_index, SearchRequest(query="亩产 丰收"))
    assert (results.total, [h.title for h in results.hits]) == (1, ["水稻丰收（更正）"])
    assert count(empty_index, SearchRequest(query="丰收")) == 1


class _Span(NamedTuple):
    start: int
    end: int


def test_runs_standing_together_are_counted_as_the_collector_counts_them() -> None:
    """``together_counts`` (every article of a batch at once, over arrays) gives what
    ``collector_ranking._together`` gives article by article: runs of 1 to 4 bigrams, spans
    next to each other, a few positions apart and overlapping."""
    rng = random.Random(7)
    for _ in range(500):
        runs, articles = rng.randint(2, 4), rng.randint(1, 6)
        widths = [rng.randint(0, 3) for _ in range(runs)]
        starts = [[sorted(rng.sample(range(40), rng.randint(1, 8))) for _ in range(articles)]
                  for _ in range(runs)]
        expected = [_together([[_Span(s, s + widths[r]) for s in starts[r][a]]
                               for r in range(runs)]) for a in range(articles)]
        arrays = []
        for r in range(runs):
            keys = np.array([(a << 32) + s for a in range(articles) for s in starts[r][a]],
                            dtype=np.int64)
            arrays.append((keys, keys + widths[r]))
        assert together_counts(arrays, articles).tolist() == expected


@pytest.mark.parametrize("query", ["中华 民族", "中华人民共和国 成立", "伟大 复兴", "中国 共产党",
                                   "习近平 总书记"])
def test_bonuses_computed_in_the_smallest_batches_rank_as_whoosh_does(
        sample_index, monkeypatch, query) -> None:
    """The "together as typed" bonuses computed in the smallest batches (one article, then
    as many as computed so far) rank as Whoosh's collector does."""
    monkeypatch.setattr(indexer.engine.array_ranking, "FIRST_BONUSES", 1)
    request = SearchRequest(query=query, limit=30, collapse=False)
    arrays = _seen(search(sample_index, request))
    _whoosh_collector(monkeypatch)
    assert arrays == _seen(search(sample_index, request))
