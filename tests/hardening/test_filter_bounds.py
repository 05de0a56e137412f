"""Filter values are bounded (``indexer.query.limits``): each chip's link repeats every other
chosen value, so a URL with a thousand ``author`` values made a 32 MB page. Twenty values of
one filter and fifty in all are accepted; more are refused, before any work, with a message
in Chinese on the page and in English in the JSON API and with ``baoku search --filter``."""
from __future__ import annotations

import re
import time

from hardening_helpers import AT_ONCE, api_error, baoku
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from indexer.results import SearchRequest


def _authors(backend, n: int) -> list[str]:
    names = [v.value for v in backend.search(
        SearchRequest(facet_limit=100)).facet("author").values]
    return names[:n]


def test_a_thousand_values_of_one_filter_are_refused_at_once(client):
    args = MultiDict([("q", "国庆")] + [("author", f"作者{i}") for i in range(1000)])
    started = time.perf_counter()
    page = client.get("/search", query_string=args)
    assert time.perf_counter() - started < AT_ONCE
    assert page.status_code == 400
    assert escape("筛选条件 'author' 给了 1000 个值，最多 20 个") in page.get_data(as_text=True)
    assert len(page.data) < 20_000
    response = client.get("/api/search", query_string=args)
    assert (response.status_code, response.get_json()) == (
        400, api_error("1000 values of the filter 'author'; the most is 20"))
    assert client.get("/export.csv", query_string=args).status_code == 400


def test_twenty_values_of_one_filter_are_accepted_and_the_21st_refused(client,
                                                                    sample_backend):
    names = _authors(sample_backend, 21)
    twenty = MultiDict([("author", name) for name in names[:20]])
    page = client.get("/search", query_string=twenty)
    assert page.status_code == 200
    chips = re.findall(r'<a class="chip" href="[^"]*" data-field="author" data-value="([^"]*)"',
                       page.get_data(as_text=True))
    assert chips == names[:20]
    assert client.get("/api/search", query_string=twenty).get_json()["total"] == 24
    response = client.get("/api/search", query_string=MultiDict(
        [("author", name) for name in names]))
    assert (response.status_code, response.get_json()) == (
        400, api_error("21 values of the filter 'author'; the most is 20"))


def test_fifty_filter_values_in_all_are_accepted_not_more(client, sample_backend):
    results = sample_backend.search(SearchRequest(facet_limit=100))
    chosen = [(field, v.value) for field in ("source", "year", "page", "author")
              for v in results.facet(field).values[:20]]
    assert len(chosen) == 6 + 8 + 20 + 20
    response = client.get("/api/search", query_string=MultiDict(chosen))
    assert (response.status_code, response.get_json()) == (
        400, api_error("54 filter values in all; the most is 50"))
    page = client.get("/search", query_string=MultiDict(chosen))
    assert escape("筛选条件共给了 54 个值，最多 50 个") in page.get_data(as_text=True)
    within = client.get("/api/search", query_string=MultiDict(chosen[:50]))
    assert (within.status_code, within.get_json()["total"]) == (200, 22)


def test_the_command_line_bounds_filter_values_too(sample_index):
    filters = [arg for i in range(21) for arg in ("--filter", f"author=作者{i}")]
    assert baoku("search", "国庆", "--index", str(sample_index.path), *filters) == (
        2, "", "Error: 21 values of the filter 'author'; the most is 20\n")
