"""Saved searches in the web app: "订阅此检索" saves the search of the page, ``/saved`` counts
each one's new articles, a saved search's page shows them first marked 新 (then no longer),
its Atom feed lists them; a search is its browser's (and the admin's), refused to others."""
from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from saved_helpers import NEW_ISSUE, articles_of, ids_with

from indexer.readers import read_paths
from indexer.saved.checking import note_commit
from search_web import create_app

TOKEN = "admin-token-for-saved"
SITE = "https://baoku.example.org"


@pytest.fixture()
def app(archive):
    return create_app({"index": str(archive.path), "TESTING": True, "page_size": 20,
                       "admin_token": TOKEN, "public_url": SITE})


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def message(response) -> str:
    return " ".join(page(response).select_one(".message").get_text().split())


def save(client: FlaskClient, name: str, **args: str):
    return client.post("/saved", data={"name": name, **args})


def index_new_issue(archive) -> None:
    """What ``baoku index`` does: the commit, then the saved searches' check."""
    note_commit(archive, archive.index_articles(read_paths([NEW_ISSUE]), workers=1))


def new_counts(client: FlaskClient) -> dict[str, int]:
    listed = page(client.get("/saved"))
    return {li.select_one(".saved-name").get_text(): int(li.select_one(".new-count")["data-new"])
            for li in listed.select("li.saved-search")}


def test_the_search_page_offers_to_save_its_search_with_its_filters(app):
    form = page(app.test_client().get("/search?q=阅兵&page=1&sort=newest")).select_one(
        "form#save-search")
    assert form["action"] == "/saved" and form["method"] == "post"
    assert [(i["name"], i["value"]) for i in form.select("input[type=hidden]")] == [
        ("q", "阅兵"), ("page", "1"), ("sort", "newest")]
    assert form.select_one("input[name=name]")["value"] == "阅兵"
    assert page(app.test_client().get("/search")).select_one("form#save-search") is None


def test_saved_in_the_browser_its_new_articles_are_counted_shown_first_then_seen(app, archive):
    client = app.test_client()
    made = save(client, "头版阅兵", q="阅兵", page="1")
    assert made.status_code == 303 and made.headers["Location"] == "/saved/1"
    assert new_counts(client) == {"头版阅兵": 0}
    index_new_issue(archive)
    expected = ids_with("阅兵", NEW_ISSUE, page="1")
    assert len(expected) == 2
    assert new_counts(client) == {"头版阅兵": 2}
    shown = page(client.get("/saved/1"))
    new = shown.select("#new-hits li.hit")
    assert {li["data-id"] for li in new} == expected
    assert all(li.select_one(".new-mark").get_text() == "新" for li in new)
    assert {li["data-id"] for li in shown.select("#other-hits li.hit")}.isdisjoint(expected)
    assert shown.select("#other-hits .new-mark") == []
    assert new_counts(client) == {"头版阅兵": 0}
    again = page(client.get("/saved/1"))
    assert again.select("#new-hits li.hit") == [] and again.select_one("#no-new")


def test_the_feed_lists_the_new_articles_with_their_paper_date_and_links(app, archive):
    client = app.test_client()
    save(client, "阅兵", q="阅兵")
    index_new_issue(archive)
    feed_url = page(client.get("/saved")).select_one("a.feed-link")["href"]
    response = app.test_client().get(feed_url)  # any browser or reader holding the link
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "报库订阅：阅兵"
    titles = {a.id: a.title for a in articles_of(NEW_ISSUE)}
    expected = ids_with("阅兵", NEW_ISSUE)
    assert {e.link: e.title for e in feed.entries} == {
        f"{SITE}/article/{i}": titles[i] for i in expected}
    for entry in feed.entries:
        assert entry.summary.startswith("人民日报 · 2019-10-07 · ")
        assert "阅兵" in entry.summary and entry.published.startswith("2019-10-07T00:00:00")
        assert entry.tags[0].term == "人民日报"
    assert client.get(feed_url.replace(".atom", "x.atom")).status_code == 404


def test_a_saved_search_is_its_browsers_and_the_admins_only(app, archive):
    mine, other = app.test_client(), app.test_client()
    save(mine, "阅兵", q="阅兵")
    index_new_issue(archive)
    assert new_counts(other) == {}
    assert other.get("/saved/1").status_code == 404
    assert other.post("/saved/1/delete").status_code == 404
    admin = {"Authorization": f"Bearer {TOKEN}"}
    listed = page(other.get("/saved", headers=admin))
    assert [a.get_text() for a in listed.select(".saved-name")] == ["阅兵"]
    assert len(page(other.get("/saved/1", headers=admin)).select("#new-hits li.hit")) == 5
    assert new_counts(mine) == {"阅兵": 5}  # the admin's look leaves them new
    assert mine.post("/saved/1/delete").status_code == 303
    assert new_counts(mine) == {}


def test_a_leaked_feed_link_is_replaced_and_answers_no_more(app, archive):
    mine, other = app.test_client(), app.test_client()
    save(mine, "阅兵", q="阅兵")
    index_new_issue(archive)
    old = page(mine.get("/saved/1")).select_one("a.feed-link")["href"]
    assert other.get(old).status_code == 200  # whoever holds the link reads the feed
    assert other.post("/saved/1/feed").status_code == 404  # but cannot change it
    renewed = mine.post("/saved/1/feed")
    assert (renewed.status_code, renewed.headers["Location"]) == (303, "/saved/1?renewed=1")
    shown = page(mine.get(renewed.headers["Location"]))
    assert shown.select_one("#feed-renewed").get_text() == "订阅源链接已更换，旧链接不再可用。"
    new = shown.select_one("a.feed-link")["href"]
    assert new != old and new.startswith("/saved/") and new.endswith(".atom")
    assert other.get(old).status_code == 404
    feed = feedparser.parse(other.get(new).data)
    assert {e.link for e in feed.entries} == {
        f"{SITE}/article/{i}" for i in ids_with("阅兵", NEW_ISSUE)}
    assert [a["href"] for a in page(mine.get("/saved")).select("a.feed-link")] == [new]
    admin = {"Authorization": f"Bearer {TOKEN}"}
    assert other.post("/saved/1/feed", headers=admin).status_code == 303
    assert mine.get(new).status_code == 404


def test_bad_input_is_refused_in_chinese(app):
    client = app.test_client()
    save(client, "阅兵", q="阅兵")
    taken = save(client, "阅兵", q="国庆")
    assert taken.status_code == 400
    assert message(taken) == "已经有名为“阅兵”的订阅了，请换一个名称"
    empty = save(client, "全部", q="")
    assert (empty.status_code, message(empty)) == (400, "订阅需要查询词：空的查询会订阅全部文章")
    quote = save(client, "引号", q='"阅兵')
    assert (quote.status_code, message(quote)) == (400, "第 1 个字符处的引号没有闭合")
    nameless = save(client, "", q="阅兵")
    assert (nameless.status_code, message(nameless)) == (400, "订阅需要一个名称")
    assert new_counts(client) == {"阅兵": 0}


def test_a_form_posted_from_another_site_is_refused(app):
    client = app.test_client()
    refused = client.post("/saved", data={"name": "阅兵", "q": "阅兵"},
                          headers={"Origin": "https://evil.example.com"})
    assert refused.status_code == 403
    assert new_counts(client) == {}


def test_the_json_twins_give_the_same_counts_and_articles(app, archive):
    client = app.test_client()
    save(client, "阅兵", q="阅兵")
    index_new_issue(archive)
    listed = client.get("/api/saved").get_json()["searches"]
    assert [(s["name"], s["query"], s["new"]) for s in listed] == [("阅兵", "阅兵", 5)]
    assert listed[0]["feed"].startswith(f"{SITE}/saved/") and listed[0]["feed"].endswith(".atom")
    one = client.get("/api/saved/1").get_json()
    assert {h["id"] for h in one["new"]} == ids_with("阅兵", NEW_ISSUE)
    assert (one["unseen"], one["results"]["total"]) == (5, 12)
    # Reading the JSON (a script polling it) uses nothing up; the reader's page does.
    assert len(client.get("/api/saved/1").get_json()["new"]) == 5
    client.get("/saved/1")
    assert client.get("/api/saved/1").get_json()["new"] == []
    refused = app.test_client().get("/api/saved/1")
    assert refused.status_code == 404 and refused.get_json()["error"]["status"] == 404


def test_a_link_from_another_site_does_not_use_up_the_new_articles(app, archive):
    client = app.test_client()
    save(client, "阅兵", q="阅兵")
    index_new_issue(archive)
    client.get("/saved/1", headers={"Sec-Fetch-Site": "cross-site"})
    assert new_counts(client) == {"阅兵": 5}
    client.get("/saved/1", headers={"Sec-Fetch-Site": "same-origin"})
    assert new_counts(client) == {"阅兵": 0}
