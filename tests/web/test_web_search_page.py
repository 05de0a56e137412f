"""The search page: hits, marks, facets, chips, timeline, sort, pagination, messages."""
from __future__ import annotations

import dataclasses

from web_helpers import facet, hit_ids, link, marks, soup, text

from indexer.engine.backend import WhooshBackend
from indexer.results import SearchRequest
from search_web import page_cache

Q = "改革"
SOURCES = [("人民日报", "人民日报", 38, False), ("巴彦淖尔日报", "巴彦淖尔日报", 1, False),
           ("浙江日报", "浙江日报", 1, False)]

NOTICE = "没有完全匹配的结果，以下为放宽条件后的结果"


def library_ids(backend: WhooshBackend, **kwargs) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(**kwargs)).hits]


def test_hits_are_the_library_ranking_with_marked_words(client, sample_backend):
    page = soup(client.get("/search", query_string={"q": Q}))
    assert text(page.select_one("#total")).startswith(
        "共 43 篇（列出 40 篇，另有 3 篇相同文本已合并），用时")
    assert hit_ids(page) == library_ids(sample_backend, query=Q, limit=20)
    first = page.select_one("li.hit")
    assert first["data-id"] == "rmrb-20191002-03-02"
    assert text(first.select_one(".hit-title")) == "领航，号角催征新时代"
    assert text(first.select_one(".meta")) == \
        "人民日报 · 2019年10月2日 · 第3版 · 李学勇、李宣良、王士彬、柳刚"
    assert link(first.select_one(".meta a.date")["href"]) == (
        "/issue/2019-10-02", [("source", "人民日报")])
    assert marks(first.select_one(".snippet")) == ["改革", "改革", "改革"]
    assert link(first.select_one(".hit-title a")["href"]) == (
        "/article/rmrb-20191002-03-02", [("q", Q)])
    for hit in page.select("li.hit"):
        assert set(marks(hit.select_one(".snippet"))) == {"改革"}, hit["data-id"]


def test_facets_list_every_field_with_counts_and_toggle_links(client):
    page = soup(client.get("/search", query_string={"q": Q}))
    assert [s["data-facet"] for s in page.select("section.facet")] == [
        "source", "year", "month", "page", "author", "person", "place_province", "place_city",
        "place_county", "org"]
    assert [h.get_text() for h in page.select("section.facet h3")] == [
        "报纸", "年份", "月份", "版次", "作者", "人物", "省份", "城市", "区县", "机构"]
    assert facet(page, "source") == SOURCES
    assert facet(page, "year") == [("1998", "1998年", 1, False), ("2003", "2003年", 1, False),
                                   ("2019", "2019年", 38, False), ("2020", "2020年", 1, False),
                                   ("2022", "2022年", 2, False)]
    assert [(v, c) for v, _l, c, _s in facet(page, "page")] == [
        ("3", 10), ("5", 6), ("4", 4), ("1", 3), ("2", 3), ("6", 3), ("8", 2), ("9", 2),
        ("10", 1), ("11", 1)]
    assert page.select_one('section.facet[data-facet="page"] .truncated').get_text() == \
        "仅列出最多的 10 项"
    toggle = page.select_one('section.facet[data-facet="source"] a[data-value="浙江日报"]')
    assert link(toggle["href"]) == ("/search", [("q", Q), ("source", "浙江日报")])


def test_choosing_values_narrows_and_updates_counts_and_chips(client):
    one = soup(client.get("/search", query_string={"q": Q, "source": "巴彦淖尔日报"}))
    assert text(one.select_one("#total")).startswith("共 1 篇")
    assert hit_ids(one) == ["500b350d-d38d-4fb0-9e81-75e0c95e95a8"]
    # The chosen field keeps its other values (counted as if not chosen), others narrow.
    assert facet(one, "source") == [SOURCES[0], ("巴彦淖尔日报", "巴彦淖尔日报", 1, True),
                                    SOURCES[2]]
    assert facet(one, "year") == [("2022", "2022年", 1, False)]
    chips = one.select("ul.chips a.chip")
    assert [text(c) for c in chips] == ["报纸：巴彦淖尔日报×"]
    assert link(chips[0]["href"]) == ("/search", [("q", Q)])
    # A second value of the same field is ORed.
    two = soup(client.get("/search?q=改革&source=巴彦淖尔日报&source=浙江日报"))
    assert text(two.select_one("#total")).startswith("共 2 篇")
    assert facet(two, "year") == [("2020", "2020年", 1, False), ("2022", "2022年", 1, False)]
    assert [link(c["href"]) for c in two.select("ul.chips a.chip")] == [
        ("/search", [("q", Q), ("source", "浙江日报")]),
        ("/search", [("q", Q), ("source", "巴彦淖尔日报")])]
    assert link(two.select_one("ul.chips a.clear")["href"]) == ("/search", [("q", Q)])
    unselect = two.select_one('section.facet[data-facet="source"] a[data-value="浙江日报"]')
    assert unselect["aria-pressed"] == "true"
    assert link(unselect["href"]) == ("/search", [("q", Q), ("source", "巴彦淖尔日报")])


def test_date_bounds_are_chips_too(client, sample_backend):
    page = soup(client.get("/search?q=改革&from=2019-10-02&to=2019-10"))
    expected = library_ids(sample_backend, query=Q, date_from="2019-10-02",
                           date_to="2019-10-31", limit=20)
    assert hit_ids(page) == expected
    assert [(text(c), link(c["href"])) for c in page.select("ul.chips a.chip")] == [
        ("起：2019年10月2日×", ("/search", [("q", Q), ("to", "2019-10")])),
        ("止：2019年10月×", ("/search", [("q", Q), ("from", "2019-10-02")]))]


def test_timeline_has_a_bar_per_month_linking_to_that_month(client):
    page = soup(client.get("/search", query_string={"q": Q, "source": "人民日报"}))
    bars = page.select("#timeline svg a.bar")
    assert [(b["data-month"], b.select_one("title").get_text()) for b in bars] == [
        ("2019-10", "2019年10月：38 篇")]
    everything = soup(client.get("/search", query_string={"q": Q}))
    bars = everything.select("#timeline svg a.bar")
    assert [(b["data-month"], b.select_one("text.count").get_text()) for b in bars] == [
        ("1998-03", "1"), ("2003-05", "1"), ("2019-10", "38"), ("2020-04", "1"),
        ("2022-02", "2")]
    assert link(bars[2]["href"]) == ("/search", [("q", Q), ("month", "2019-10")])
    # The axis is to scale, 2 px a month from 1998-03 to 2022-02, a tick each January;
    # the tallest bar is full height.
    assert [int(b.select_one("rect.fill")["x"]) for b in bars] == [0, 124, 518, 530, 574]
    assert len(everything.select("#timeline line.year-tick")) == 24
    heights = [int(b.select_one("rect.fill")["height"]) for b in bars]
    assert heights == [2, 2, 90, 2, 5]
    narrowed = soup(client.get(bars[2]["href"]))
    assert text(narrowed.select_one("#total")).startswith("共 38 篇")
    assert "selected" in narrowed.select_one('a.bar[data-month="2019-10"]')["class"]


def test_sort_links_and_newest_first(client, sample_backend):
    page = soup(client.get("/search", query_string={"q": Q, "sort": "newest"}))
    assert hit_ids(page) == library_ids(sample_backend, query=Q, sort="newest", limit=20)
    dates = [a.get_text() for a in page.select("li.hit .meta a.date")]
    assert dates[:3] == ["2022年2月13日", "2022年2月11日", "2020年4月14日"]
    nav = page.select_one("nav.sort")
    assert nav.select_one("strong").get_text() == "最新"
    assert [(a.get_text(), link(a["href"])) for a in nav.select("a")] == [
        ("相关度", ("/search", [("q", Q)])),
        ("最早", ("/search", [("q", Q), ("sort", "oldest")]))]


def test_pagination_pages_forward_to_the_end(client, sample_backend):
    # 43 articles, 3 of them reprints collapsed into another hit: 40 hits, two pages.
    expected = sample_backend.search(SearchRequest(query=Q, limit=20, offset=20))
    assert (expected.total, expected.collapsed, len(expected.hits)) == (43, 3, 20)
    first = soup(client.get("/search", query_string={"q": Q}))
    nav = first.select_one("nav.pagination")
    assert [text(x) for x in nav.find_all(["a", "strong"])] == ["1", "2", "下一页 ›"]
    assert link(nav.select_one("a.next")["href"]) == ("/search", [("q", Q), ("p", "2")])
    second = soup(client.get("/search", query_string={"q": Q, "p": "2"}))
    assert second.select_one("ol.hits")["start"] == "21"
    assert hit_ids(second) == [h.id for h in expected.hits]
    assert not set(hit_ids(second)) & set(hit_ids(first))
    assert second.select_one("nav.pagination a.next") is None
    assert link(second.select_one("nav.pagination a.prev")["href"]) == ("/search", [("q", Q)])
    past = soup(client.get("/search", query_string={"q": Q, "p": "3"}))
    assert text(past.select_one("#past-end")) == "这一页没有结果 共 2 页，看最后一页。"
    assert link(past.select_one("#past-end a")["href"]) == ("/search", [("q", Q), ("p", "2")])


def test_no_results_says_so_and_offers_to_drop_filters(client):
    page = soup(client.get("/search", query_string={"q": "zxqv", "source": "人民日报"}))
    assert text(page.select_one("#total")).startswith("共 0 篇")
    box = page.select_one("#no-results")
    assert box.select_one("h2").get_text() == "没有找到与“zxqv”匹配的文章"
    assert link(box.select_one("a")["href"]) == ("/search", [("q", "zxqv")])
    assert page.select("li.hit") == []
    assert page.select("a.export") == []


def test_the_looser_retry_is_explained_and_each_hit_says_what_it_lacks(client, sample_backend):
    q = "阅兵 庆典 火星"
    expected = sample_backend.search(SearchRequest(query=q, limit=20))
    assert expected.loose and expected.notice
    page = soup(client.get("/search", query_string={"q": q}))
    notice = page.select_one("#notice")
    assert text(notice.select_one("p")) == \
        "没有文章同时包含全部词语，下面是包含其中大部分词语的文章（每篇注明缺少的词）。"
    assert expected.notice == ("no article has all of 阅兵 庆典 火星; showing articles with "
                               "most of them (none has 火星)")
    assert text(notice.select_one(".detail")) == ("没有文章同时包含“阅兵”“庆典”“火星”，下面是包含"
                                                  "其中大部分词语的文章；没有任何文章包含“火星”。")
    assert hit_ids(page) == [h.id for h in expected.hits]
    shown = [[s.get_text() for s in li.select(".missing s")] for li in page.select("li.hit")]
    assert shown == [list(h.missing) for h in expected.hits]
    # No article has 火星: every hit lacks it, some lack 庆典 or 阅兵 too.
    assert all(m[0] == "火星" for m in shown) and ["火星", "庆典"] in shown
    assert page.select("a.export") == []  # the export holds exact matches only


def test_a_text_printed_twice_is_one_hit_with_its_other_printing(client, sample_backend):
    expected = sample_backend.search(SearchRequest(query=Q, limit=20))
    twice = [h for h in expected.hits if h.printings]
    assert twice, "the sample has reprinted texts"
    page = soup(client.get("/search", query_string={"q": Q}))
    for hit in twice:
        links = page.select_one(f'li.hit[data-id="{hit.id}"]').select(".printings a")
        assert [(a["data-id"], text(a)) for a in links] == [
            (p.id, f"{p.source} {p.date[:4]}年{int(p.date[5:7])}月{int(p.date[8:])}日 "
                   f"第{p.page}版") for p in hit.printings]
    first = page.select_one('li.hit[data-id="rmrb-20191002-01-01"] .printings')
    assert text(first) == "同文另见：人民日报 2019年10月2日 第3版"
    assert link(first.a["href"]) == ("/article/rmrb-20191002-03-03", [("q", Q)])


def test_the_library_notice_is_shown(app, client, monkeypatch):
    backend = app.extensions["baoku"].backend
    real = type(backend).search

    def with_notice(self, request):
        return dataclasses.replace(real(self, request), notice=NOTICE)

    monkeypatch.setattr(type(backend), "search", with_notice)
    monkeypatch.setitem(app.extensions, page_cache.EXTENSION, None)  # render it anew
    page = soup(client.get("/search", query_string={"q": Q}))
    assert text(page.select_one("#notice")) == NOTICE
    data = client.get("/api/search", query_string={"q": Q}).get_json()
    assert data["notice"] == NOTICE


def test_malformed_query_is_a_clear_message_with_the_query_kept(client):
    response = client.get("/search", query_string={"q": '改革 "开放'})
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("#error h1").get_text() == "查询语句有误"
    assert text(page.select_one(".query-at-fault")) == '查询 改革 "开放，问题在第 4 个字符处。'
    assert page.select_one(".query-at-fault mark.fault").get_text() == '"'
    assert page.select_one(".message").get_text() == "第 4 个字符处的引号没有闭合"
    assert page.select_one("input#q")["value"] == '改革 "开放'


def test_bad_parameters_are_refused_not_ignored(client):
    cases = {"sort=best": "排序只能是 relevance、newest、oldest 之一，不能是“best”",
             "p=0": "页码应在 1 到 10000 之间，不能是“0”",
             "year=19": "年份“19”应写成 YYYY，例如 2019",
             "month=2019-1": "月份“2019-1”应写成 YYYY-MM，例如 2019-10",
             "from=yesterday": "起始日期“yesterday”不是日期；请写成 YYYY、YYYY-MM 或 YYYY-MM-DD",
             "q=a&q=b": "参数 q 只能给一次，这里给了 2 次"}
    for args, message in cases.items():
        response = client.get(f"/search?{args}")
        assert response.status_code == 400, args
        page = soup(response)
        assert page.select_one("#error h1").get_text() == "参数有误", args
        assert page.select_one(".message").get_text() == message, args


def test_search_box_keeps_filters_and_links_the_json_twin(client):
    page = soup(client.get("/search?q=改革&source=人民日报&sort=oldest&p=2"))
    form = page.select_one("form.searchbox")
    assert form["action"] == "/search"
    assert [(i["name"], i["value"]) for i in form.select("input[type=hidden]")] == [
        ("form", "box"), ("source", "人民日报"), ("sort", "oldest")]
    twin = page.select_one('link[rel="alternate"][type="application/json"]')["href"]
    assert link(twin) == ("/api/search", [("q", Q), ("source", "人民日报"), ("sort", "oldest"),
                                          ("p", "2")])
    assert page.select_one("a.json-link")["href"] == twin
    assert link(page.select_one("a.export")["href"]) == (
        "/export.csv", [("q", Q), ("source", "人民日报"), ("sort", "oldest")])


def test_empty_query_lists_every_article(client):
    page = soup(client.get("/search"))
    assert text(page.select_one("#total")).startswith("共 140 篇")
    assert facet(page, "source")[:2] == [("人民日报", "人民日报", 127, False),
                                         ("浙江日报", "浙江日报", 5, False)]
