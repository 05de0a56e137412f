"""The JSON API and its OpenAPI description."""
from __future__ import annotations

import re

from indexer.engine.similar import similar_articles
from indexer.results import SearchRequest

ARTICLE = "rmrb-20191002-03-02"


def without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "took_ms"}


def test_search_has_the_shape_of_the_cli_json(client, sample_backend):
    data = client.get("/api/search?q=改革&source=人民日报&source=浙江日报&p=2").get_json()
    expected = sample_backend.search(SearchRequest(
        query="改革", filters=(("source", ("人民日报", "浙江日报")),), limit=20, offset=20))
    assert without_time(data) == without_time(expected.to_json())
    assert list(data) == list(expected.to_json())
    assert (data["total"], data["offset"], data["limit"]) == (expected.total, 20, 20)
    assert data["facets"]["source"] == {"人民日报": 38, "巴彦淖尔日报": 1, "浙江日报": 1}
    assert data["facets"]["year"] == {"2019": 38, "2020": 1}
    assert [h["id"] for h in data["hits"]] == [h.id for h in expected.hits]
    assert all("<mark>改革</mark>" in h["snippet"] for h in data["hits"])


def test_search_errors_have_one_json_shape(client):
    response = client.get('/api/search?q="改革')
    assert response.status_code == 400
    assert response.get_json() == {"error": {
        "status": 400, "type": "query_syntax",
        "message": "the quote opened at position 1 is never closed", "position": 0}}
    bad = client.get("/api/search?sort=best")
    assert bad.status_code == 400
    assert bad.get_json() == {"error": {
        "status": 400, "type": "invalid_request",
        "message": "sort must be one of relevance, newest, oldest, not 'best'",
        "position": None}}
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["type"] == "not_found"
    assert set(missing.get_json()["error"]) == {"status", "type", "message", "position"}


def test_article_twin(client, sample_index):
    data = client.get(f"/api/article/{ARTICLE}?q=阅兵").get_json()
    assert list(data) == ["article", "title_html", "paragraphs_html", "issue", "same_page",
                          "same_issue", "entities", "similar"]
    assert data["article"]["id"] == ARTICLE
    assert data["article"]["authors"] == ["李学勇", "李宣良", "王士彬", "柳刚"]
    assert data["issue"] == {"source": "人民日报", "date": "2019-10-02",
                             "previous": "2019-10-01", "next": "2019-10-03"}
    assert [p for p in data["paragraphs_html"] if "<mark>" in p][0].startswith(
        "10月1日上午10时17分许，<mark>阅兵</mark>式号角响彻长空")
    assert [a["id"] for a in data["same_page"]] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-03", "rmrb-20191002-03-04"]
    assert [h["id"] for h in data["similar"]] == [
        h.id for h in similar_articles(sample_index, ARTICLE, 5)]
    missing = client.get("/api/article/nope")
    assert missing.status_code == 404
    assert missing.get_json() == {"error": {
        "status": 404, "type": "article_not_found",
        "message": "no article with id 'nope' in the index", "position": None}}


def test_issue_twin(client):
    data = client.get("/api/issue/2020-04-14").get_json()
    assert data["date"] == "2020-04-14" and data["source"] is None
    [issue] = data["issues"]
    assert (issue["source"], issue["previous"], issue["next"]) == ("浙江日报", None, None)
    assert [(p["page"], [a["number"] for a in p["articles"]]) for p in issue["pages"]] == [
        (None, [1, 2, 3, 4, 5])]
    rmrb = client.get("/api/issue/2019-10-03?source=人民日报").get_json()["issues"][0]
    assert (rmrb["previous"], rmrb["next"]) == ("2019-10-02", None)
    assert [p["page"] for p in rmrb["pages"]][:4] == ["1", "2", "3", "4"]


def test_archive_twin(client):
    data = client.get("/api/archive").get_json()
    stats = data["stats"]
    assert (stats["articles"], stats["first_date"], stats["last_date"]) == (
        140, "1998-03-01", "2022-02-14")
    assert stats["sources"]["人民日报"] == 127
    assert data["recent_issues"][:2] == [
        {"source": "哔哩哔哩", "date": "2022-02-14", "articles": 1},
        {"source": None, "date": "2022-02-13", "articles": 1}]


def test_openapi_describes_every_endpoint_and_search_parameter(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3"
    assert list(spec["paths"]) == ["/api/search", "/api/article/{article_id}",
                                   "/api/issue/{date}", "/api/archive", "/export.csv",
                                   "/api/batch", "/api/batch/{job_id}",
                                   "/api/batch/{job_id}/chart", "/api/batch/{job_id}/cancel",
                                   "/api/saved", "/api/saved/{search_id}"]
    # Every JSON endpoint the app answers, with each of its methods, is described.
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower())
              for rule in client.application.url_map.iter_rules()
              if rule.rule.startswith("/api/") and "openapi" not in rule.endpoint
              and rule.rule != "/api/" for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert routes == described - {("/export.csv", "get")}
    params = spec["paths"]["/api/search"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["q", "source", "year", "month", "page", "author",
                                           "person", "place_province", "place_city",
                                           "place_county", "org", "place",
                                           "from", "to", "sort", "p", "timeline"]
    assert params[-1]["schema"] == {"type": "string", "enum": ["count", "ratio"],
                                    "default": "count"}
    assert params[1]["schema"] == {"type": "array", "items": {"type": "string"}}
    refs = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]
    assert refs["application/json"]["schema"] == {"$ref": "#/components/schemas/SearchResults"}
    assert set(spec["components"]["schemas"]["SearchResults"]["properties"]) == {
        "query", "total", "offset", "limit", "took_ms", "notice", "loose", "collapsed", "hits",
        "facets", "timeline"}
