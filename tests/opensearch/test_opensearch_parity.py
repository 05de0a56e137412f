"""The sample archive on the cluster answers as the same archive in a Whoosh folder: the
same articles match every kind of query (totals, facet counts, exports, counts, collapsed
printings, trends), a headline typed as the query finds its article first, snippets and
headline marks are identical, the looser retry keeps the same articles, and browsing by
issue lists the same pages."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from indexer.article import Article
from indexer.results import SearchRequest

# Queries of every kind the language has, each with something to find in the sample.
QUERIES = [
    "",  # every article
    "中国", "女排", "习近平 会见", "中华人民共和国 成立 70周年",  # words
    '"中华人民共和国"', "“新中国”", '"人民 日报"', "「祖国」",  # phrases, quoted
    "国", "花", "7",  # one character
    "女排 OR 足球", "北京 OR 上海 OR 深圳", "(女排 OR 排球) 精神",  # OR
    "女排 -习近平", "中国 NOT 北京", "-中国",  # NOT
    "title:祖国", "body:祖国", 'title:"人民日报"', "title:女排 精神",  # fields
    "author:张烁", "author:毕京津 OR author:刘阳", "source:浙江日报", "source:人民日报 国庆",
    "page:4", "page:04", "page:16 中国",
    "date:2019-10-01", "date:2019-10", "date:2019-10-02..2019-10-03", "date:..2019",
    "date:2020..", "date:2005..2019-09", "中国 date:..2010",
    "國慶", "中華人民共和國", "臺灣 OR 台湾", "守著",  # traditional characters
    "辉）第二届",  # pasted text with an unpaired parenthesis
    "70周年大会", "2019年", "covid", "COVID-19",  # digits and Latin letters
]

FILTERS = [
    (),
    (("source", ("人民日报",)),),
    (("page", ("4", "5")),),
    (("month", ("2019-10",)), ("page", ("01",))),
    (("year", ("2019", "2020")),),
    (("author", ("张烁",)),),
]


def _shape(results):
    """What must be equal whatever the ranking: total, folded printings, facets, notice."""
    return (results.total, results.collapsed, results.loose, results.notice,
            tuple((f.name, f.values, f.truncated) for f in results.facets))


@pytest.mark.parametrize("query", QUERIES)
def test_every_kind_of_query_matches_the_same_articles(whoosh_sample, cluster_sample,
                                                       query: str) -> None:
    request = SearchRequest(query=query, limit=5, snippets=False)
    expected = whoosh_sample.search(request)
    found = cluster_sample.search(request)
    assert _shape(found) == _shape(expected)
    counted = cluster_sample.count(request)
    assert counted == whoosh_sample.count(request)
    assert counted == (0 if expected.loose else expected.total)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "+".join(n for n, _ in f) or "none")
def test_filters_narrow_and_facets_count_alike(whoosh_sample, cluster_sample,
                                               filters) -> None:
    for query in ("", "中国", "女排 OR 祖国", "国"):
        for facet_limit in (3, 0):
            request = SearchRequest(query=query, filters=filters, facet_limit=facet_limit,
                                    limit=3, snippets=False)
            assert _shape(cluster_sample.search(request)) == _shape(
                whoosh_sample.search(request)), (query, facet_limit)
    dated = SearchRequest(query="中国", filters=filters, date_from="2019-10-02",
                          date_to="2020-12", limit=3)
    assert _shape(cluster_sample.search(dated)) == _shape(whoosh_sample.search(dated))


def test_a_headline_typed_as_the_query_finds_its_article_first(whoosh_sample, cluster_sample,
                                                               sample_articles) -> None:
    titles = Counter(a.title for a in sample_articles)
    headlines = [a for a in sample_articles if titles[a.title] == 1 and len(a.title) >= 4]
    assert len(headlines) > 60
    different, itself = [], 0
    for article in headlines[::2]:
        request = SearchRequest(query=article.title, limit=1, facets=False, snippets=False)
        mine = [h.id for h in cluster_sample.search(request).hits]
        theirs = [h.id for h in whoosh_sample.search(request).hits]
        if not (mine and mine[:1] == theirs[:1]):
            different.append((article.title, mine, theirs))
        itself += mine[:1] == [article.id]
    assert different == []
    # Mostly the article itself (a short headline may be another's text, e.g. 我爱你，中国！).
    assert itself >= 0.9 * len(headlines[::2])


@pytest.mark.parametrize("query", ["中华人民共和国 成立", "女排", "國慶", "title:祖国",
                                   "北京 OR 上海", "70周年", "7"])
def test_snippets_and_headlines_mark_the_same_words(whoosh_sample, cluster_sample,
                                                    query: str) -> None:
    request = SearchRequest(query=query, limit=100, facets=False)
    expected = whoosh_sample.search(request)
    found = cluster_sample.search(request)
    assert found.highlight_terms == expected.highlight_terms
    theirs = {h.id: (h.snippet, h.title_marks, h.printings, h.also_on) for h in expected.hits}
    mine = {h.id: (h.snippet, h.title_marks, h.printings, h.also_on) for h in found.hits}
    assert mine == theirs
    assert any(h.snippet.marks for h in found.hits)


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_exports_are_complete_and_equal(whoosh_sample, cluster_sample, sort: str) -> None:
    for query in ("中国", "", "女排 OR 国庆", "date:2019-10-02"):
        request = SearchRequest(query=query, sort=sort)
        mine = list(cluster_sample.iter_hits(request))
        theirs = list(whoosh_sample.iter_hits(request))
        assert len(mine) == len({h.id for h in mine}) == cluster_sample.count(request)
        assert {h.id for h in mine} == {h.id for h in theirs}
        assert all(h.also_on == () and h.printings == () for h in mine)
        if sort != "relevance":  # the same dates in the same order (ties aside)
            assert [h.date for h in mine] == [h.date for h in theirs]
    request = SearchRequest(query="中国", sort=sort, offset=7)
    assert len(list(cluster_sample.iter_hits(request, cap=25))) == 25
    everything = [h.id for h in cluster_sample.iter_hits(replace(request, offset=0))]
    assert [h.id for h in cluster_sample.iter_hits(request)] == everything[7:]


def test_identical_texts_collapse_alike(whoosh_sample, cluster_sample) -> None:
    for query in ("", "中国", "习近平", "新华社"):
        request = SearchRequest(query=query, limit=200, facets=False, snippets=False)
        expected = whoosh_sample.search(request)
        found = cluster_sample.search(request)
        assert (found.total, found.collapsed) == (expected.total, expected.collapsed)
        assert expected.collapsed > 0
        assert len(found.hits) == found.total - found.collapsed
        folded = {h.id: h.printings for h in found.hits if h.printings}
        assert folded == {h.id: h.printings for h in expected.hits if h.printings}
        shown = [h.id for h in found.hits]
        assert not set(shown) & {p.id for ps in folded.values() for p in ps}
    # Pages join up: page 2 continues page 1 of the collapsed ranking.
    whole = cluster_sample.search(SearchRequest(query="中国", limit=20, facets=False))
    first = cluster_sample.search(SearchRequest(query="中国", limit=10, facets=False))
    second = cluster_sample.search(SearchRequest(query="中国", limit=10, offset=10,
                                                 facets=False))
    assert [h.id for h in first.hits + second.hits] == [h.id for h in whole.hits]
    apart = cluster_sample.search(SearchRequest(query="中国", limit=200, collapse=False))
    assert (apart.total, apart.collapsed, len(apart.hits)) == (whole.total, 0, whole.total)


@pytest.mark.parametrize("by", ["year", "month", "day"])
def test_trends_count_alike(whoosh_sample, cluster_sample, by: str) -> None:
    for query, filters in (("中国", ()), ("女排", ()), ("", (("source", ("浙江日报",)),)),
                           ("国 -中国", ())):
        request = SearchRequest(query=query, filters=filters)
        assert cluster_sample.trend(request, by) == whoosh_sample.trend(request, by)
        assert cluster_sample.timeline(request, by) == whoosh_sample.timeline(request, by)


def test_issues_list_the_same_pages(whoosh_sample, cluster_sample,
                                    sample_articles: list[Article]) -> None:
    assert cluster_sample.recent_issues(50) == whoosh_sample.recent_issues(50)
    for date in sorted({a.date for a in sample_articles if a.date}):
        assert cluster_sample.issues_on(date) == whoosh_sample.issues_on(date)
    assert cluster_sample.issues_on("2019-10-02", "人民日报") == whoosh_sample.issues_on(
        "2019-10-02", "人民日报")
    assert cluster_sample.stats() == whoosh_sample.stats()
    view = cluster_sample.read_article("rmrb-20191002-04-02", "祖国 自豪")
    assert view == whoosh_sample.read_article("rmrb-20191002-04-02", "祖国 自豪")
    assert view.title.marks and view.same_page


@pytest.mark.parametrize("query", ["女排 足球", "女排 花海", "习近平会见中国女排队员",
                                   "女排 足球 -习近平", "祖国 足球 篮球"])
def test_the_looser_retry_keeps_the_same_articles(whoosh_sample, cluster_sample,
                                                  query: str) -> None:
    request = SearchRequest(query=query, limit=50)
    expected = whoosh_sample.search(request)
    found = cluster_sample.search(request)
    assert found.loose and expected.loose
    assert _shape(found) == _shape(expected)
    assert {h.id: h.missing for h in found.hits} == {h.id: h.missing for h in expected.hits}
    assert found.hits[0].id == expected.hits[0].id
    counts = [len(h.missing) for h in found.hits]
    assert counts == sorted(counts)  # more terms first


def test_similar_articles_share_key_words_and_are_not_reprints(cluster_sample) -> None:
    hits = cluster_sample.similar("rmrb-20191002-04-02", limit=5)
    assert 0 < len(hits) <= 5
    assert "rmrb-20191002-04-02" not in {h.id for h in hits}
    assert all(h.snippet.marks or h.title_marks.marks for h in hits)
    # rmrb-20191003-03-05 prints the text of rmrb-20191003-01-05 again.
    assert cluster_sample.article("rmrb-20191003-03-05").body == cluster_sample.article(
        "rmrb-20191003-01-05").body
    similar = {h.id for h in cluster_sample.similar("rmrb-20191003-01-05", 10)}
    assert similar and not similar & {"rmrb-20191003-01-05", "rmrb-20191003-03-05"}


def test_warm_up_says_what_it_did(cluster_sample, sample_articles) -> None:
    done = cluster_sample.warm_up()
    assert done.articles == len(sample_articles)
    assert done.segments >= 1 and done.words and "body_key" in done.columns
    assert done.to_json()["seconds"] >= 0
