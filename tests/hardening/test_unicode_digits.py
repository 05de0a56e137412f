"""Characters that ``str.isdigit()`` accepts but ``int()`` refuses (², ③) never reach
``int()``: a page label, an OpenSearch port, a form's year/month pick."""
from __future__ import annotations

import pytest

from indexer.article import page_number
from indexer.errors import ConfigError
from indexer.opensearch.address import parse_address
from search_web import create_app


def test_a_page_label_with_a_superscript_sorts_as_unnumbered():
    assert [page_number(p) for p in ("A3", "第²版", "③", "١٢")] == [3, None, None, 12]


def test_an_opensearch_port_in_other_digits_is_a_clear_error():
    with pytest.raises(ConfigError) as refused:
        parse_address("opensearch://127.0.0.1:²/papers")
    assert "'²' is not a port number" in str(refused.value)


@pytest.mark.parametrize("month", ["²", "١٢", "13"])
def test_a_month_picked_in_other_digits_keeps_the_year(tmp_path, month):
    app = create_app({"index": str(tmp_path / "index"), "TESTING": True})
    response = app.test_client().get("/search", query_string={
        "form": "box", "q": "国庆", "pick_year": "2020", "pick_month": month})
    assert (response.status_code, response.headers["Location"]) == (
        302, "/search?q=%E5%9B%BD%E5%BA%86&from=2020&to=2020")
