"""The CSV export: every hit in rank order, streamed, capped."""
from __future__ import annotations

import csv
import datetime
import io

from indexer.article import Article
from indexer.results import Hit, SearchRequest, Snippet
from search_web import create_app
from search_web.export import csv_lines


def rows(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_export_streams_every_hit_in_rank_order(client, sample_backend):
    response = client.get("/export.csv?q=改革&sort=newest&p=3")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    today = datetime.date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="baoku-{today}.csv"; '
        f"filename*=UTF-8''baoku-%E6%94%B9%E9%9D%A9-{today}.csv")
    table = rows(response)
    assert table[0] == ["id", "title", "source", "date", "page", "authors", "score", "snippet",
                        "url"]
    expected = list(sample_backend.iter_hits(SearchRequest(query="改革", sort="newest")))
    assert [r[0] for r in table[1:]] == [h.id for h in expected]
    assert len(table) == 1 + len(expected) > 21  # all hits, not one page ("p" is ignored)
    first = next(r for r in table if r[0] == "rmrb-20191002-03-02")
    assert first[1:6] == ["领航，号角催征新时代", "人民日报", "2019-10-02", "3",
                          "李学勇 李宣良 王士彬 柳刚"]
    assert first[8] == "http://localhost/article/rmrb-20191002-03-02"
    assert "<mark>" not in first[7] and "改革" in first[7]


def test_export_cap_is_configurable(sample_index):
    app = create_app({"index": str(sample_index.path), "TESTING": True, "export_cap": 5})
    response = app.test_client().get("/export.csv?q=改革")
    assert response.headers["X-Baoku-Export-Cap"] == "5"
    assert len(rows(response)) == 1 + 5


def test_export_of_a_bad_query_is_an_error_page_not_a_csv(client):
    response = client.get('/export.csv?q="改革')
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    empty = client.get("/export.csv?q=火星殖民")
    assert rows(empty) == [["id", "title", "source", "date", "page", "authors", "score",
                            "snippet", "url"]]


def test_cells_that_look_like_formulas_are_defused(app):
    article = Article(id="x", title="=HYPERLINK(\"http://evil\")", body="b")
    hit = Hit(id="x", title=article.title, date=None, source="@paper", page=None,
              authors=("-a",), score=1.0, snippet=Snippet("+1"), title_marks=Snippet(""))
    with app.test_request_context("/export.csv"):
        lines = list(csv_lines([hit]))
    [row] = list(csv.reader(io.StringIO(lines[1])))
    assert row[:8] == ["x", "'=HYPERLINK(\"http://evil\")", "'@paper", "", "", "'-a",
                       "1.0000", "'+1"]
