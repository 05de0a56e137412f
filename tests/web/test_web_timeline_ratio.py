"""The timeline as the share of all articles of each month (篇数 | 占比), on the page and in its
JSON twin; the expected shares are counted here with ``indexer.engine.search.count``, month by
month, not with the timeline's own code."""
from __future__ import annotations

from web_helpers import link, soup, text

from indexer.engine.search import count, search
from indexer.results import SearchRequest

Q = "改革"


def month_counts(index, query: str, **filters: str) -> list[tuple[str, int, int]]:
    """(month, matches, all articles) of every month with a match, counted one month at a
    time."""
    base = tuple((f, (v,)) for f, v in filters.items())
    months = search(index, SearchRequest(limit=0, facet_limit=0)).facet("month").counts()
    out = []
    for month in sorted(months):
        only = base + (("month", (month,)),)
        matches = count(index, SearchRequest(query=query, filters=only))
        if matches:
            out.append((month, matches, count(index, SearchRequest(filters=only))))
    return out


def bars(page) -> list[tuple[str, str, str]]:
    """(month, the text above the bar or "" when there is no room, tooltip) of each bar."""
    return [(b["data-month"], b.select_one("text.count").get_text()
             if b.select_one("text.count") else "",
             b.select_one("title").get_text()) for b in page.select("#timeline svg a.bar")]


def test_ratio_bars_show_each_months_share_of_all_its_articles(client, sample_index):
    assert month_counts(sample_index, Q) == [
        ("1998-03", 1, 1), ("2003-05", 1, 1), ("2019-10", 38, 127), ("2020-04", 1, 5),
        ("2022-02", 2, 3)]
    page = soup(client.get("/search", query_string={"q": Q, "timeline": "ratio"}))
    assert bars(page) == [
        ("1998-03", "100.0%", "1998年3月：占当月全部文章的 100.0%（1 / 1 篇）"),
        ("2003-05", "100.0%", "2003年5月：占当月全部文章的 100.0%（1 / 1 篇）"),
        ("2019-10", "29.9%", "2019年10月：占当月全部文章的 29.9%（38 / 127 篇）"),
        # six months after 2019-10 on the scale: no room for its share above it
        ("2020-04", "", "2020年4月：占当月全部文章的 20.0%（1 / 5 篇）"),
        ("2022-02", "66.7%", "2022年2月：占当月全部文章的 66.7%（2 / 3 篇）")]
    figure = page.select_one("#timeline")
    assert text(figure.select_one("figcaption")) == (
        "按月分布（占当月全部文章的百分比） 篇数 | 占比 "
        "每格一个月，空格表示该月没有；点击柱形，只看该月")
    assert figure.select_one("svg")["aria-label"] == "每月文章占当月全部文章的百分比"
    # Heights follow the shares (the full months are the tallest), not the counts.
    assert [int(b.select_one("rect.fill")["height"]) for b in
            page.select("#timeline a.bar")] == [90, 90, 27, 18, 60]
    # Every link of the page keeps the view; the export does not need it.
    assert link(page.select_one('#timeline a.bar[data-month="2019-10"]')["href"]) == (
        "/search", [("q", Q), ("month", "2019-10"), ("timeline", "ratio")])
    assert link(page.select_one("nav.sort a")["href"])[1][-1] == ("timeline", "ratio")
    assert link(page.select_one("a.export")["href"]) == ("/export.csv", [("q", Q)])


def test_the_toggle_switches_between_counts_and_shares(client):
    counts = soup(client.get("/search", query_string={"q": Q}))
    view = counts.select_one("#timeline .timeline-view")
    assert view.select_one("strong[aria-current]").get_text() == "篇数"
    to_ratio = view.select_one('a[data-show="ratio"]')
    assert to_ratio.get_text() == "占比"
    assert link(to_ratio["href"]) == ("/search", [("q", Q), ("timeline", "ratio")])
    assert [t for _, t, _ in bars(counts)] == ["1", "1", "38", "1", "2"]
    shares = soup(client.get(to_ratio["href"]))
    assert [t for _, t, _ in bars(shares)] == ["100.0%", "100.0%", "29.9%", "", "66.7%"]
    back = shares.select_one('#timeline .timeline-view a[data-show="count"]')
    assert back.get_text() == "篇数"
    assert link(back["href"]) == ("/search", [("q", Q)])


def test_a_chosen_month_keeps_the_other_months_and_the_filters_count(client, sample_index):
    assert month_counts(sample_index, Q, source="人民日报") == [("2019-10", 38, 127)]
    page = soup(client.get("/search", query_string={
        "q": Q, "source": "人民日报", "month": "2019-10", "timeline": "ratio"}))
    assert bars(page) == [
        ("2019-10", "29.9%", "2019年10月：占当月全部文章的 29.9%（38 / 127 篇）")]
    everything = soup(client.get("/search", query_string={
        "q": Q, "month": "2019-10", "timeline": "ratio"}))
    assert [(m, t) for m, t, _ in bars(everything)] == [
        ("1998-03", "100.0%"), ("2003-05", "100.0%"), ("2019-10", "29.9%"),
        ("2020-04", ""), ("2022-02", "66.7%")]
    assert [b["data-month"] for b in everything.select("#timeline a.bar.selected")] == [
        "2019-10"]
    assert text(everything.select_one("#total")).startswith("共 38 篇")


def test_the_json_twin_carries_every_month_with_its_share(client, sample_index):
    page = soup(client.get("/search", query_string={"q": Q, "timeline": "ratio"}))
    twin = page.select_one('link[rel="alternate"][type="application/json"]')
    assert link(twin["href"]) == ("/api/search", [("q", Q), ("timeline", "ratio")])
    data = client.get(twin["href"]).get_json()
    everything = search(sample_index, SearchRequest(limit=0, facet_limit=0))
    all_months = everything.facet("month").counts()
    matched = {m: (c, n) for m, c, n in month_counts(sample_index, Q)}
    assert data["timeline"] == {"by": "month", "show": "ratio", "periods": [
        {"period": m, "count": matched.get(m, (0, n))[0], "articles": n,
         "ratio": round(matched.get(m, (0, n))[0] / n, 6)}
        for m, n in sorted(all_months.items())]}
    assert [(p["period"], p["ratio"]) for p in data["timeline"]["periods"] if p["count"]] == [
        ("1998-03", 1.0), ("2003-05", 1.0), ("2019-10", 0.299213), ("2020-04", 0.2),
        ("2022-02", 0.666667)]
    assert data["total"] == 43
    plain = client.get("/api/search", query_string={"q": Q}).get_json()
    assert "timeline" not in plain
    counted = client.get("/api/search", query_string={"q": Q, "timeline": "count"}).get_json()
    assert counted["timeline"] == {**data["timeline"], "show": "count"}


def test_an_unknown_timeline_view_is_an_error(client):
    api = client.get("/api/search", query_string={"q": Q, "timeline": "share"})
    assert (api.status_code, api.get_json()) == (400, {"error": {
        "status": 400, "type": "invalid_request",
        "message": "timeline must be one of count, ratio, not 'share'", "position": None}})
    page = client.get("/search", query_string={"q": Q, "timeline": "share"})
    assert page.status_code == 400
    error = soup(page).select_one("#error")
    assert error.select_one("h1").get_text() == "参数有误"
    assert text(error.select_one(".message")) == "时间分布只能是 count、ratio 之一，不能是“share”"
