"""An article whose id holds "/" (ids taken from a paper's own URLs) is found, and the link of
its hit opens its page and its JSON; the other pages under the same prefixes still work."""
from __future__ import annotations

import json
import re

from indexer.article import Article
from indexer.engine.writing import index_articles
from search_web import create_app

SLASHED = "rmrb/2019/02/01/01-01"


def test_an_article_with_slashes_in_its_id_opens(empty_index, corpus_data) -> None:
    first = json.loads((corpus_data / "rmrb-2019-2020.jsonl").read_text(
        encoding="utf-8").splitlines()[0])
    fields = {k: first[k] for k in ("source", "date", "page", "title", "body")}
    index_articles(empty_index, [Article(id=SLASHED, **fields),
                                 Article(id="plain-01", **{**fields, "title": "另一篇",
                                                           "body": "国庆节。"})])
    client = create_app({"index": str(empty_index.path), "TESTING": True}).test_client()

    results = client.get("/search", query_string={"q": "塔米姆"})
    links = re.findall(r'class="hit-title"><a href="([^"]+)"', results.text)
    assert links == ["/article/rmrb/2019/02/01/01-01?q=%E5%A1%94%E7%B1%B3%E5%A7%86"]
    page = client.get(links[0])
    assert page.status_code == 200
    assert re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page.text).group(1)) == (
        "习近平同卡塔尔埃米尔塔米姆举行会谈")
    api = client.get(f"/api/article/{SLASHED}").get_json()
    assert (api["article"]["id"], api["article"]["title"]) == (
        SLASHED, "习近平同卡塔尔埃米尔塔米姆举行会谈")
    other = client.get("/article/plain-01")
    assert re.search(r"<h1>(.*?)</h1>", other.text).group(1) == "另一篇"
    missing = client.get("/article/rmrb/2019/02/01/99-99")
    assert missing.status_code == 404
    assert "找不到这篇文章" in missing.text
    assert client.get("/issue/2019-02-01").status_code == 200
