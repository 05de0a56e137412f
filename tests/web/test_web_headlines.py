"""The search page shows the article whose headline was typed as its first hit."""
from __future__ import annotations

from web_helpers import hit_ids, soup, text


def test_the_typed_headline_is_the_first_hit_of_the_page(client):
    page = soup(client.get("/search",
                           query_string={"q": "在慶祝中華人民共和國成立70週年大會上的講話"}))
    assert hit_ids(page) == ["rmrb-20191002-02-02", "rmrb-20191003-01-03"]
    first = page.select_one("li.hit")
    assert text(first.select_one(".hit-title")) == "在庆祝中华人民共和国成立70周年大会上的讲话"
