"""An article's ``url`` becomes a link only when it is an http(s) address: ``javascript:``,
``data:`` and ``vbscript:`` addresses are shown as text, and the JSON API keeps the raw
value."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from indexer.article import Article
from indexer.engine.store import ArchiveIndex
from indexer.engine.writing import index_articles
from search_web import create_app

URLS = {
    "js": "javascript:alert(document.cookie)",
    "js-case": "JaVaScRiPt:alert(1)",
    "js-space": "  javascript:alert(2)",
    "js-tab": "java\tscript:alert(3)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==",
    "vbs": "vbscript:msgbox(5)",
    "no-host": "https:alert(6)",
    "web": "https://paper.people.com.cn/rmrb/html/2019-10/02/nw.D110000renmrb_20191002_1-03.htm",
    "plain": "http://www.example.com.cn/news/1.html",
}


@pytest.fixture()
def client(empty_index: ArchiveIndex):
    index_articles(empty_index, [
        Article(id=f"url-{name}", title=f"地址测试{name}", body="原文地址的安全检查。",
                source="测试报", date="2020-03-04", page="1", number=i, url=url)
        for i, (name, url) in enumerate(URLS.items(), 1)])
    return create_app({"index": str(empty_index.path), "TESTING": True}).test_client()


def original(client, name: str) -> tuple[str, list[str | None]]:
    """The 原文 entry of an article's page: its text and the targets of its links."""
    page = BeautifulSoup(client.get(f"/article/url-{name}").text, "html.parser")
    entry = next(dt.find_next_sibling("dd") for dt in page.select(".article-meta dt")
                 if dt.get_text() == "原文")
    return entry.get_text(), [a.get("href") for a in entry.select("a")]


@pytest.mark.parametrize("name", ["js", "js-case", "js-space", "js-tab", "data", "vbs",
                                  "no-host"])
def test_an_unsafe_address_is_shown_as_text_never_linked(client, name) -> None:
    assert original(client, name) == (URLS[name], [])


@pytest.mark.parametrize("name", ["web", "plain"])
def test_a_web_address_is_linked(client, name) -> None:
    assert original(client, name) == (URLS[name], [URLS[name]])


def test_no_page_links_a_script_address(client) -> None:
    for url in ("/search?q=地址测试", "/issue/2020-03-04", "/", "/article/url-js",
                "/article/url-data", "/article/url-vbs"):
        page = BeautifulSoup(client.get(url).text, "html.parser")
        targets = [a.get("href", "") for a in page.select("[href]")]
        assert [t for t in targets if not t.startswith(("/", "#", "http"))] == [], url


def test_the_json_api_keeps_the_raw_address(client) -> None:
    data = client.get("/api/article/url-js").get_json()
    assert data["article"]["url"] == URLS["js"]
