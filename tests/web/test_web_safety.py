"""Escaping everywhere, the Content-Security-Policy, local assets only; the index handle on
the app (a new commit is seen without a restart; a missing index is a clear page)."""
from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import hit_ids, marks, soup, text

from indexer.article import Article
from indexer.engine.store import ArchiveIndex
from indexer.engine.writing import index_articles, open_writer
from search_web import create_app
from search_web.security import CSP

EVIL = "<script>alert(1)</script>"


def article(id_: str, title: str, body: str, **kw) -> Article:
    return Article(id=id_, title=title, body=body, **kw)


@pytest.fixture()
def evil_client(empty_index: ArchiveIndex):
    index_articles(empty_index, [article(
        "evil-1", f"标题{EVIL}", f"正文里有{EVIL}和<img src=x onerror=alert(2)>。",
        source="<i>坏报</i>", date="2020-01-02", page="1", number=1,
        authors=('"><b>某人',), pretitle="<u>引题</u>")])
    app = create_app({"index": str(empty_index.path), "TESTING": True})
    return app.test_client()


def assert_only_our_script(page) -> None:
    scripts = page.select("script")
    assert [s.get("src") for s in scripts] == ["/static/app.js"]
    assert all(not s.string for s in scripts)
    assert page.select("img") == []
    for tag in page.find_all(True):
        assert "style" not in tag.attrs, tag.name
        assert not [a for a in tag.attrs if a.startswith("on")], tag.name


def test_article_text_is_escaped_on_every_page(evil_client):
    for url in ("/search?q=script", "/article/evil-1?q=script", "/issue/2020-01-02", "/"):
        response = evil_client.get(url)
        assert response.status_code == 200, url
        page = soup(response)
        assert_only_our_script(page)
        assert "<script>alert(1)" not in response.get_data(as_text=True), url
        assert page.select("i, u") == [], url
    results = soup(evil_client.get("/search?q=script"))
    assert hit_ids(results) == ["evil-1"]
    assert text(results.select_one(".hit-title")) == f"标题{EVIL}"
    assert marks(results.select_one(".hit-title")) == ["script", "script"]
    assert text(results.select_one(".snippet")) == f"正文里有{EVIL}和<img src=x onerror=alert(2)>。"
    assert text(results.select_one(".meta .byline")) == '"><b>某人'
    article_page = soup(evil_client.get("/article/evil-1"))
    assert text(article_page.select_one("h1")) == f"标题{EVIL}"
    assert text(article_page.select_one(".pretitle")) == "<u>引题</u>"


def test_a_query_is_escaped_in_the_box_and_the_messages(evil_client):
    q = "<script>alert(3)</script>"
    response = evil_client.get("/search", query_string={"q": q})
    page = soup(response)
    assert_only_our_script(page)
    assert page.select_one("input#q")["value"] == q
    assert hit_ids(page) == ["evil-1"]  # by the looser retry: it lacks "3"
    assert "<script>alert(3)" not in response.get_data(as_text=True)
    nothing = "<em onmouseover=zxqv>"
    response = evil_client.get("/search", query_string={"q": nothing})
    page = soup(response)
    assert_only_our_script(page)
    assert page.select("em") == []
    assert page.select_one("#no-results h2").get_text() == f"没有找到与“{nothing}”匹配的文章"
    bad_q = '"><script>alert(4)</script>'
    bad = evil_client.get("/search", query_string={"q": bad_q})
    assert bad.status_code == 400
    assert_only_our_script(soup(bad))
    assert soup(bad).select_one("input#q")["value"] == bad_q
    assert "<script>alert(4)" not in bad.get_data(as_text=True)


def test_every_response_has_the_csp(client):
    assert CSP.startswith("default-src 'self'; script-src 'self'; style-src 'self';")
    for url in ("/", "/search?q=改革", "/article/rmrb-20191002-03-02", "/issue/2019-10-01",
                "/api/search?q=改革", "/export.csv?q=改革", "/static/style.css", "/nope",
                '/api/search?q="'):
        response = client.get(url)
        assert response.headers["Content-Security-Policy"] == CSP, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url


def test_pages_load_nothing_from_elsewhere(client):
    for url in ("/", "/search?q=改革", "/article/rmrb-20191002-03-02?q=改革",
                "/issue/2019-10-01", "/api/"):
        page = soup(client.get(url))
        assert_only_our_script(page)
        loaded = [t.get("href") for t in page.select("link")] + \
                 [t.get("src") for t in page.select("[src]")]
        assert loaded and all(u.startswith("/") and not u.startswith("//") for u in loaded), url


def test_static_assets_are_served_locally(client):
    css = client.get("/static/style.css")
    assert css.mimetype == "text/css"
    assert "Noto Serif CJK SC" in css.get_data(as_text=True)
    assert "@import" not in css.get_data(as_text=True)
    assert "url(" not in css.get_data(as_text=True)
    js = client.get("/static/app.js").get_data(as_text=True)
    assert 'event.key !== "/"' in js
    assert "http" not in js


def test_a_new_commit_is_seen_without_a_restart(empty_index: ArchiveIndex):
    client = create_app({"index": str(empty_index.path), "TESTING": True}).test_client()
    assert client.get("/api/search?q=熊猫").get_json()["total"] == 0
    index_articles(empty_index, [article("panda-1", "熊猫基地", "大熊猫繁育研究基地。",
                                         source="成都日报", date="2021-05-06")])
    data = client.get("/api/search?q=熊猫").get_json()
    assert [h["id"] for h in data["hits"]] == ["panda-1"]
    assert hit_ids(soup(client.get("/search?q=熊猫"))) == ["panda-1"]
    # A second commit, then a deletion: each seen by the next request.
    index_articles(empty_index, [article("panda-2", "熊猫幼崽", "熊猫幼崽出生。",
                                         source="成都日报", date="2021-05-07")])
    assert sorted(h["id"] for h in client.get("/api/search?q=熊猫").get_json()["hits"]) == [
        "panda-1", "panda-2"]
    with open_writer(empty_index) as writer:
        writer.delete_by_term("id", "panda-1")
    assert [h["id"] for h in client.get("/api/search?q=熊猫").get_json()["hits"]] == ["panda-2"]
    assert [i["date"] for i in client.get("/api/archive").get_json()["recent_issues"]] == [
        "2021-05-07"]


def test_a_missing_index_is_a_clear_page(tmp_path: Path):
    client = create_app({"index": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = client.get("/")
    assert response.status_code == 503
    page = soup(response)
    assert page.select_one("#error h1").get_text() == "索引尚未建立"
    assert page.select_one(".advice").get_text() == "请先运行 baoku index 建立索引，然后刷新本页。"
    api = client.get("/api/search?q=x")
    assert api.status_code == 503
    assert api.get_json()["error"]["type"] == "index_not_found"
