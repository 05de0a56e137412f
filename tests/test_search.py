"""Searching the sample archive (corpus/): what a journalist types and what comes back."""
from __future__ import annotations

from collections import Counter

import pytest

from indexer.engine.search import count, iter_hits, search
from indexer.errors import InvalidRequest, QuerySyntaxError
from indexer.results import SearchRequest, Snippet
from indexer.searching.snippets import make_snippet

SEED_TITLE = "以百姓满意为追求 擦亮城市平安底色"


def run(index, query: str = "", **kwargs):
    return search(index, SearchRequest(query=query, **kwargs))


def test_traditional_query_finds_simplified_text_and_marks_it(sample_index) -> None:
    results = run(sample_index, "微嘉園")
    assert [h.title for h in results.hits] == [SEED_TITLE]
    assert results.hits[0].snippet.marked() == ["微嘉园", "微嘉园", "微嘉园"]
    assert results.hits[0].snippet.text.startswith("“没想到‘微嘉园’这么快就帮我解决了问题。”")


def test_phrase_across_a_paragraph_the_page_layout_broke(sample_index) -> None:
    results = run(sample_index, '"化解在诉前"')
    assert [h.title for h in results.hits] == [SEED_TITLE]
    snippet = results.hits[0].snippet
    assert snippet.marked() == ["化解在诉前"]
    assert snippet.text.endswith("努力实现将矛盾纠纷化解在基层、化解在源头、化解在诉前。")


def test_full_width_digits_find_half_width_text(sample_index) -> None:
    results = run(sample_index, "１２３９７路")
    assert [h.title for h in results.hits] == [SEED_TITLE]
    assert results.hits[0].snippet.marked() == ["12397路"]


def test_byline_and_caption_names_are_searchable(sample_index) -> None:
    assert [h.title for h in run(sample_index, "胡宗昊").hits] == [
        "近14天来自或途经原疫情严重地区 开学后,我省对这部分学生和教职员开展检测"]
    assert [h.title for h in run(sample_index, '"夏鹏飞"').hits] == ["享受花海"]
    assert [h.authors for h in run(sample_index, "author:李小文").hits] == [("李小文", "赵妍")]


def test_title_field_and_snippet_without_a_body_match(sample_index) -> None:
    results = run(sample_index, "title:花海")
    assert [h.title for h in results.hits] == ["享受花海"]
    assert results.hits[0].title_marks.marked() == ["花海"]
    assert results.hits[0].snippet.marks == ()
    assert results.hits[0].snippet.text == (
        "4月13日,在安吉县报福镇洪家村杜鹃花基地,近万株杜鹃与竹海、"
        "绿水形成了美丽的乡村风景线,游客慕名而来,享受美丽乡村的美好时光。")


def test_one_character_query_finds_every_article_with_it(sample_index) -> None:
    results = run(sample_index, "洪", limit=50)
    assert results.total == 12
    assert all("洪" in h.snippet.text or "洪" in h.title for h in results.hits)


def test_not_excludes(sample_index) -> None:
    with_word = run(sample_index, "阅兵", limit=100)
    without = run(sample_index, "阅兵 -习近平", limit=100)
    assert 0 < without.total < with_word.total
    excluded = {h.id for h in with_word.hits} - {h.id for h in without.hits}
    assert without.total + count(sample_index, SearchRequest(query="阅兵 习近平")) == \
        with_word.total
    assert excluded


def test_date_range_in_the_query_and_as_filter_agree(sample_index) -> None:
    in_query = run(sample_index, "阅兵 date:2019-10-03", limit=100)
    as_filter = run(sample_index, "阅兵", date_from="2019-10-03", date_to="2019-10-03",
                    limit=100)
    assert in_query.total == as_filter.total == 6
    assert {h.date for h in in_query.hits} == {"2019-10-03"}
    assert [h.id for h in in_query.hits] == [h.id for h in as_filter.hits]


def test_facets_count_the_whole_archive(sample_index) -> None:
    results = run(sample_index, limit=0, facet_limit=0)
    assert results.total == 140
    assert results.facet("source").counts() == {
        "人民日报": 127, "浙江日报": 5, "Modern  Marketing": 1, "哔哩哔哩": 1, "国际金融报": 1,
        "巴彦淖尔日报": 1}
    assert results.facet("month").counts() == {
        "1998-03": 1, "2003-05": 1, "2004-07": 1, "2005-06": 1, "2018-08": 1, "2019-10": 127,
        "2020-04": 5, "2022-02": 3}
    assert results.facet("year").counts() == {
        "1998": 1, "2003": 1, "2004": 1, "2005": 1, "2018": 1, "2019": 127, "2020": 5,
        "2022": 3}


def test_choosing_a_facet_value_keeps_the_others_countable(sample_index) -> None:
    results = run(sample_index, "嘉兴", filters=(("source", ("浙江日报",)),))
    assert [h.source for h in results.hits] == ["浙江日报"]
    source = results.facet("source")
    assert [(v.value, v.count, v.selected) for v in source.values] == [
        ("人民日报", 1, False), ("浙江日报", 1, True)]
    both = run(sample_index, "嘉兴", filters=(("source", ("浙江日报", "人民日报")),))
    assert both.total == 2


def test_author_facet_lists_names(sample_index) -> None:
    results = run(sample_index, "source:浙江日报", facet_limit=0)
    assert results.facet("author").counts() == {"李小文": 1, "胡宗昊": 1, "赵妍": 1}


def test_sort_by_date(sample_index) -> None:
    newest = run(sample_index, "阅兵", sort="newest", limit=100)
    oldest = run(sample_index, "阅兵", sort="oldest", limit=100)
    dates = [h.date for h in newest.hits]
    assert dates == sorted(dates, reverse=True)
    assert [h.date for h in oldest.hits] == sorted(dates)


def test_pages_of_results_join_up(sample_index) -> None:
    whole = [h.id for h in run(sample_index, "新中国", limit=20).hits]
    first = [h.id for h in run(sample_index, "新中国", limit=10).hits]
    second = [h.id for h in run(sample_index, "新中国", limit=10, offset=10).hits]
    assert first + second == whole
    # iter_hits (exports) lists every article: compare with the ranking before collapsing.
    every = [h.id for h in run(sample_index, "新中国", limit=20, collapse=False).hits]
    assert [h.id for h in iter_hits(sample_index, SearchRequest(query="新中国"), cap=20)] == \
        every


def test_snippet_html_escapes_everything_but_the_marks() -> None:
    snippet = Snippet('<script>alert("x")</script>', ((1, 7),))
    assert snippet.html() == ('&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)'
                              '&lt;/script&gt;')


# Three sentences of the seed article (corpus/zhejiang-daily/000_...): 嘉兴 is in all three,
# 矛盾纠纷 in the second and third, 调处 twice in the third.
SEED_SENTENCES = (
    "在嘉兴,像这样通过“微嘉园”实现困难、诉求“全流程”“不见面”“掌上办”的情况并不少见。"
    "嘉兴将诉源治理与县级社会治理综合服务中心、在线矛盾纠纷多元化解平台等建设融合。"
    "全市各地打造集矛盾纠纷调解、信访调处的县级社会矛盾纠纷调处化解中心,嘉兴率先实现全覆盖。"
)


@pytest.mark.parametrize("terms, opening", [
    (("嘉兴",), "在嘉兴"),  # in every sentence: the first
    (("嘉兴", "矛盾纠纷"), "全市各地"),  # two distinct in the second and third: more marks
    (("诉源", "微嘉园", "嘉兴"), "在嘉兴"),  # two distinct and two marks in the first two
    (("诉源", "调处"), "全市各地"),  # one distinct in each: the one marked twice
    (("不在文中",), "在嘉兴"),  # no match: the opening sentence
])
def test_a_snippet_is_the_sentence_holding_the_most_distinct_terms(terms, opening) -> None:
    snippet = make_snippet(SEED_SENTENCES, terms, max_chars=60)
    assert snippet.text.startswith(opening)
    assert {snippet.text[s:e] for s, e in snippet.marks} <= set(terms)


@pytest.mark.parametrize("request_kwargs, message", [
    ({"sort": "best"}, "sort must be one of relevance, newest, oldest, not 'best'"),
    ({"limit": -1}, "limit must be between 0 and 1000, not -1"),
    ({"filters": (("colour", ("red",)),)},
     "cannot filter on 'colour'; the filters are source, year, month, page, author, "
     "person, place_province, place_city, place_county, org, place"),
])
def test_invalid_requests_are_refused(sample_index, request_kwargs, message) -> None:
    with pytest.raises(InvalidRequest) as caught:
        search(sample_index, SearchRequest(query="嘉兴", **request_kwargs))
    assert str(caught.value) == message


def test_malformed_query_raises_a_clear_error(sample_index) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run(sample_index, '"微嘉园')
    assert str(caught.value) == "the quote opened at position 1 is never closed"


def test_many_alternatives_lose_no_match(empty_index) -> None:
    """Whoosh's preloaded union matcher (its choice for small indexes) dropped the article
    matching only the last of six quoted alternatives."""
    from indexer.article import Article
    from indexer.engine.writing import index_articles
    panda = ("成都大熊猫繁育研究基地今年迎来多只熊猫幼崽。饲养员介绍，"
             "大熊猫幼崽出生后需要精心照料，基地为熊猫妈妈准备了竹子和营养餐。"
             "繁育团队表示，今年的大熊猫繁育工作取得了新进展，熊猫幼崽的存活率再创新高。")
    index_articles(empty_index, [
        Article(id="panda", title="大熊猫基地喜添幼崽", body=panda),
        Article(id="reprint", title="熊猫幼崽（转载）", body=panda),
        Article(id="zoo", title="动物园的熊猫",
                body="北京动物园的大熊猫吃竹子，游客排队观看熊猫。"),
        Article(id="stocks", title="股市收盘", body="今日股市小幅上涨，成交量放大。"),
    ])
    query = '"大熊猫" OR "基地" OR "喜添幼" OR "幼崽" OR "繁育" OR "熊猫"'
    results = run(empty_index, query, collapse=False)
    assert (results.total, sorted(h.id for h in results.hits)) == (3, ["panda", "reprint", "zoo"])


@pytest.mark.parametrize("query", ["的", "发展", "浙江", "嘉兴"])
def test_facets_count_what_the_matching_articles_show(sample_index, query) -> None:
    """Each facet's counts are those of the articles found, listed one by one: a query
    matching most of the archive (counted by marking its articles) and rarer ones (counted
    by gathering their values)."""
    results = run(sample_index, query, limit=500, collapse=False, facet_limit=0)
    assert len(results.hits) == results.total > 0
    authors = Counter(a for h in results.hits for a in h.authors)
    sources = Counter(h.source for h in results.hits if h.source)
    assert results.facet("author").counts() == authors
    assert results.facet("source").counts() == sources
