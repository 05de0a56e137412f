"""`baoku trend` and the library's counts over time (the web timeline's ratio)."""
from __future__ import annotations

import json
from collections import Counter

from batch_helpers import baoku, search_total

from indexer.engine.backend import WhooshBackend
from indexer.engine.matching import matching_ids
from indexer.engine.search import iter_hits, match_query, search
from indexer.engine.trend import trend
from indexer.results import SearchRequest
from indexer.searching.trend import PeriodCount


def test_trend_prints_queries_side_by_side(batch_index):
    code, out, err = baoku("trend", "中国", "疫情", '"脱贫攻坚"', "--by", "year", "--index",
                           str(batch_index.path))
    assert (code, err) == (0, "")
    assert out == ('period   中国  疫情  "脱贫攻坚"\n'
                   "2012        0     0           0\n"
                   "2016        4     0           0\n"
                   "2019       41     0           0\n"
                   "2020       46    52           5\n"
                   "undated     0     0           0\n"
                   "total      91    52           5\n")
    assert [search_total(batch_index, q) for q in ("中国", "疫情", '"脱贫攻坚"')] == [91, 52, 5]


def test_trend_ratio_is_the_share_of_the_articles_of_each_month(batch_index):
    code, out, _ = baoku("trend", "疫情", "--ratio", "--from", "2020", "--index",
                         str(batch_index.path))
    assert code == 0
    assert out == ("period     疫情\n"
                   "2020-01   0.00%\n"
                   "2020-02  76.00%\n"
                   "2020-03  85.00%\n"
                   "2020-04  80.00%\n"
                   "total        52\n")


def test_trend_json_and_a_bad_query(batch_index):
    code, out, _ = baoku("trend", "武汉", "--by", "year", "--from", "2019", "--json",
                         "--filter", "source=人民日报", "--index", str(batch_index.path))
    assert code == 0
    assert json.loads(out) == [{
        "query": "武汉", "by": "year", "total": 15, "first_date": "2019-02-01",
        "last_date": "2020-02-01",
        "periods": [{"period": "2019", "count": 3, "articles": 50, "ratio": 0.06},
                    {"period": "2020", "count": 12, "articles": 50, "ratio": 0.24}]}]
    code, out, _ = baoku("search", "武汉", "--from", "2019", "--filter", "source=人民日报",
                         "--json", "--limit", "0", "--index", str(batch_index.path))
    assert json.loads(out)["total"] == 15
    code, _, err = baoku("trend", "武汉 OR", "--index", str(batch_index.path))
    assert (code, err) == (2, "Error: OR at position 4 needs something after it\n")


def test_timeline_by_month_agrees_with_the_month_facet_and_the_hits(batch_index):
    request = SearchRequest(query="春节")
    periods = WhooshBackend(batch_index.path).timeline(request)
    facet = search(batch_index, SearchRequest(query="春节", facet_limit=0)).facet("month")
    everything = search(batch_index, SearchRequest(facet_limit=0)).facet("month").counts()
    months = Counter(h.date[:7] for h in iter_hits(batch_index, request) if h.date)
    assert periods == tuple(PeriodCount(m, months.get(m, 0), n)
                            for m, n in sorted(everything.items()))
    assert {p.period: p.count for p in periods if p.count} == facet.counts()
    assert [round(p.ratio, 4) for p in periods] == [0.0, 0.05, 0.2, 0.0, 0.08, 0.24, 0.1, 0.0]


def test_day_periods_come_from_the_date_column(batch_index):
    result = trend(batch_index, SearchRequest(query='"脱贫攻坚"'), by="day")
    assert {p.period: p.count for p in result.periods if p.count} == Counter(
        h.date for h in iter_hits(batch_index, SearchRequest(query='"脱贫攻坚"')))
    assert sum(p.count for p in result.periods) == result.total == 5


def test_counting_finds_exactly_the_documents_whoosh_finds(batch_index):
    requests = [SearchRequest(query=q) for q in (
        "中国", "疫情", '"脱贫攻坚"', "肺炎 OR 疫情", "title:经济", "春节 -北京", "source:搜狐",
        "xyz无此词", "武汉 title:疫情", "的", "NOT 中国", "新冠肺炎 防控", "习近平 总书记")]
    requests.append(SearchRequest(query="中国", date_from="2020-01-01", date_to="2020-03-31",
                                  filters=(("source", ("人民日报", "中国新闻网")),)))
    sizes = []
    with batch_index.reading() as searcher:
        for request in requests:
            query = match_query(batch_index, request)
            found = [int(d) for d in matching_ids(searcher, query,
                                                  batch_index.facet_cache)]
            assert found == list(searcher.docs_for_query(query)), request.query
            assert found == sorted(set(found))
            sizes.append(len(found))
    assert sizes[:4] == [91, 52, 5, sizes[3]] and sizes[3] >= 52 and sizes[7] == 0
    assert sizes[10] == 180 - 91  # the index holds 180 articles
