"""The home, article, issue and API documentation pages."""
from __future__ import annotations

from web_helpers import link, marks, soup, text

from indexer.engine.similar import similar_articles

ARTICLE = "rmrb-20191002-03-02"


def test_home_shows_the_archive_size_dates_papers_and_recent_issues(client, sample_backend):
    page = soup(client.get("/"))
    articles = sample_backend.stats().articles
    assert text(page.select_one("#archive-size")) == \
        f"收录 {articles} 篇文章， 1998年3月1日 — 2022年2月14日"
    box = page.select_one("input#q")
    assert box.has_attr("autofocus")
    assert box.find_parent("form")["action"] == "/search"
    papers = [(text(li.a), text(li.select_one(".count"))) for li in page.select(".papers li")]
    assert papers == [("人民日报", "127 篇"), ("浙江日报", "5 篇"),
                      ("Modern Marketing", "1 篇"), ("哔哩哔哩", "1 篇"), ("国际金融报", "1 篇"),
                      ("巴彦淖尔日报", "1 篇")]
    assert link(page.select_one(".papers li a")["href"]) == ("/search", [("source", "人民日报")])
    recent = [(text(li.a), link(li.a["href"])) for li in page.select("#recent-issues li")]
    assert recent[:5] == [
        ("哔哩哔哩 · 2022年2月14日", ("/issue/2022-02-14", [("source", "哔哩哔哩")])),
        ("来源不详 · 2022年2月13日", ("/issue/2022-02-13", [])),
        ("巴彦淖尔日报 · 2022年2月11日", ("/issue/2022-02-11", [("source", "巴彦淖尔日报")])),
        ("浙江日报 · 2020年4月14日", ("/issue/2020-04-14", [("source", "浙江日报")])),
        ("人民日报 · 2019年10月3日", ("/issue/2019-10-03", [("source", "人民日报")]))]
    assert len(recent) == 12
    assert page.select_one('link[rel="alternate"]')["href"] == "/api/archive"


def test_article_shows_the_whole_text_with_the_query_marked(client):
    page = soup(client.get(f"/article/{ARTICLE}", query_string={"q": "阅兵"}))
    article = page.select_one("article.article")
    assert article["data-id"] == ARTICLE
    assert text(article.select_one("h1")) == "领航，号角催征新时代"
    assert text(article.select_one(".subtitle")) == "——习近平主席检阅共和国武装力量侧记"
    meta = [(text(d.dt), text(d.dd)) for d in article.select("dl.article-meta > div")]
    # The people, places and organisations it names come after the byline; 习主席 of
    # 向习主席致敬 is 习近平, not a person called 向习.
    assert meta == [("作者", "李学勇、李宣良、王士彬、柳刚"),
                    ("人物", "李学勇、李宣良、王士彬、柳刚、习近平"),
                    ("地点", "山东省、北京市、济南市"),
                    ("机构", "中共中央、中央军委、中国共产党、中国人民解放军、人民军队、"
                             "党中央、火箭军、新华社、解放军报"),
                    ("报纸", "人民日报"),
                    ("日期", "2019年10月2日"), ("版次", "第3版，第 2 篇"), ("编号", ARTICLE)]
    paragraphs = article.select("#article-body p")
    assert text(paragraphs[0]) == "沐浴着新时代的阳光，共和国迎来了70华诞。"
    assert text(paragraphs[-1]) == \
        "（新华社北京10月1日电 新华社记者李学勇、李宣良，解放军报记者王士彬、柳刚）"
    assert len(paragraphs) == 63
    assert marks(article.select_one("#article-body")) == ["阅兵", "阅兵", "阅兵"]
    crumbs = article.select("nav.crumbs a")
    assert [(c.get_text(), link(c["href"])) for c in crumbs] == [
        ("2019年10月2日", ("/issue/2019-10-02", [("source", "人民日报")])),
        ("第3版", ("/issue/2019-10-02", [("source", "人民日报")])),
        ("‹ 返回“阅兵”的搜索结果", ("/search", [("q", "阅兵")]))]
    assert crumbs[1]["href"].endswith("#page-3")
    author = article.select_one("dd.byline a")
    assert link(author["href"]) == ("/search", [("author", "李学勇")])


def test_article_links_its_page_its_issue_and_similar_articles(client, sample_index):
    page = soup(client.get(f"/article/{ARTICLE}"))
    assert [a["data-id"] for a in page.select("#same-page a[data-id]")] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-03", "rmrb-20191002-03-04"]
    same_issue = [a["data-id"] for a in page.select("#same-issue a[data-id]")]
    assert len(same_issue) == 39
    assert same_issue[:3] == ["rmrb-20191002-01-01", "rmrb-20191002-02-01",
                              "rmrb-20191002-02-02"]
    assert not any(i.startswith("rmrb-20191002-03-") for i in same_issue)
    similar = [a["data-id"] for a in page.select("#similar a[data-id]")]
    assert similar == [h.id for h in similar_articles(sample_index, ARTICLE, 5)]
    assert len(similar) == 5 and ARTICLE not in similar
    assert page.select("#article-body mark") == []
    assert page.select_one('link[rel="alternate"]')["href"] == f"/api/article/{ARTICLE}"


def test_article_not_found_is_a_404_page(client):
    response = client.get("/article/no-such-id")
    assert response.status_code == 404
    page = soup(response)
    assert page.select_one("#error h1").get_text() == "找不到这篇文章"
    assert page.select_one(".message").get_text() == "索引里没有编号为“no-such-id”的文章"


def test_issue_lists_pages_and_articles_in_order_with_neighbours(client):
    page = soup(client.get("/issue/2019-10-02", query_string={"source": "人民日报"}))
    issue = page.select_one("section.issue")
    assert text(issue.select_one("h1")) == "人民日报 2019年10月2日"
    blocks = issue.select("section.issue-page-block")
    assert [b["id"] for b in blocks][:5] == ["page-1", "page-2", "page-3", "page-4", "page-5"]
    assert len(blocks) == 20
    assert [text(b.h2) for b in blocks[:3]] == ["第1版 1 篇", "第2版 2 篇", "第3版 4 篇"]
    assert [a["data-id"] for a in blocks[2].select("a[data-id]")] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-02", "rmrb-20191002-03-03",
        "rmrb-20191002-03-04"]
    nav = issue.select_one("nav.issue-nav")
    assert (text(nav.select_one("a.prev")), link(nav.select_one("a.prev")["href"])) == (
        "‹ 上一期 2019年10月1日", ("/issue/2019-10-01", [("source", "人民日报")]))
    assert (text(nav.select_one("a.next")), link(nav.select_one("a.next")["href"])) == (
        "下一期 2019年10月3日 ›", ("/issue/2019-10-03", [("source", "人民日报")]))
    assert text(issue.select_one("header p.muted")) == "20 个版面，43 篇文章"
    assert page.select_one('link[rel="alternate"]')["href"] == \
        "/api/issue/2019-10-02?source=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5"


def test_issue_without_pages_and_the_first_issue_of_a_paper(client):
    page = soup(client.get("/issue/2020-04-14"))
    issue = page.select_one("section.issue")
    assert issue["data-source"] == "浙江日报"
    assert [text(b.h2) for b in issue.select("section.issue-page-block")] == ["未注明版次 5 篇"]
    assert [text(a) for a in issue.select("a[data-id]")] == [
        "以百姓满意为追求 擦亮城市平安底色", "享受花海",
        "近14天来自或途经原疫情严重地区 开学后,我省对这部分学生和教职员开展检测",
        "（续）司法”微信公号调解申请,最终顺利化解难题", "为唤春风归 拼却女儿身"]
    assert [text(s) for s in issue.select("nav.issue-nav span.muted")] == [
        "没有更早的一期", "没有更晚的一期"]


def test_issue_errors(client):
    missing = client.get("/issue/2019-10-05")
    assert missing.status_code == 404
    assert soup(missing).select_one(".message").get_text() == "索引里没有 2019-10-05 这一天的报纸"
    bad = client.get("/issue/2019-13-01")
    assert bad.status_code == 400
    assert soup(bad).select_one(".message").get_text() == \
        "“2019-13-01”不是日期；请写成 YYYY-MM-DD，例如 2019-10-01"


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert soup(response).select_one("#error h1").get_text() == "页面不存在"


def test_api_documentation_page_lists_the_endpoints(client):
    page = soup(client.get("/api/"))
    assert [text(h) for h in page.select("section.endpoint h2")] == [
        "GET /api/search", "GET /api/article/{article_id}", "GET /api/issue/{date}",
        "GET /api/archive", "GET /export.csv", "POST /api/batch", "GET /api/batch/{job_id}",
        "DELETE /api/batch/{job_id}", "GET /api/batch/{job_id}/chart",
        "POST /api/batch/{job_id}/cancel", "GET /api/saved", "GET /api/saved/{search_id}"]
    params = [text(td) for td in page.select("section.endpoint")[0].select("tr td:first-child")]
    assert params == ["q", "source", "year", "month", "page", "author", "person",
                      "place_province", "place_city", "place_county", "org", "place", "from",
                      "to", "sort", "p", "timeline"]
