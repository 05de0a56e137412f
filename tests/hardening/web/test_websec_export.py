"""The CSV export's ``url`` column: the configured public address, or an allowed host, or
the path alone; a Host header the client made up never reaches the file."""
from __future__ import annotations

import csv
import io

import pytest

from indexer.engine.store import ArchiveIndex
from indexer.errors import ConfigError
from search_web import create_app

FIRST = "rmrb-20191002-03-02"  # the first hit of 改革 in the sample index


def urls(app, host: str) -> list[str]:
    response = app.test_client().get("/export.csv", query_string={"q": "改革"},
                                     headers={"Host": host})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return [row[8] for row in rows[1:]]


def make_app(sample_index: ArchiveIndex, **settings):
    return create_app({"index": str(sample_index.path), "TESTING": True, **settings})


def test_an_attackers_host_never_reaches_the_file(sample_index) -> None:
    column = urls(make_app(sample_index), "evil.example")
    assert column[0] == f"/article/{FIRST}"
    assert [u for u in column if "evil" in u] == []
    assert len(column) == len({u for u in column if u.startswith("/article/")})


def test_the_public_url_is_used_whatever_the_host(sample_index) -> None:
    app = make_app(sample_index, public_url="https://baoku.example.org/")
    column = urls(app, "evil.example")
    assert column[0] == f"https://baoku.example.org/article/{FIRST}"
    assert all(u.startswith("https://baoku.example.org/article/") for u in column)


def test_an_allowed_host_is_used(sample_index) -> None:
    app = make_app(sample_index, allowed_hosts="baoku.lan, localhost")
    assert urls(app, "baoku.lan:8080")[0] == f"http://baoku.lan:8080/article/{FIRST}"
    assert urls(app, "localhost")[0] == f"http://localhost/article/{FIRST}"
    assert urls(app, "baoku.lan.evil.example")[0] == f"/article/{FIRST}"


@pytest.mark.parametrize("value", ["javascript:alert(1)", "baoku.example.org",
                                   "https://baoku.example.org/?x=1"])
def test_a_malformed_public_url_stops_the_app(sample_index, value) -> None:
    with pytest.raises(ConfigError) as caught:
        make_app(sample_index, public_url=value)
    assert str(caught.value) == ("BAOKU_PUBLIC_URL must be an http or https address such as "
                                 f"https://baoku.example.org, not '{value}'")


def permalink(app, host: str) -> str:
    page = app.test_client().get(f"/article/{FIRST}", headers={"Host": host})
    return page.get_data(as_text=True).split('id="permalink">')[1].split("<")[0]


def test_the_article_permalink_never_carries_an_attackers_host(sample_index) -> None:
    # The page's 永久链接 (and 复制链接) follow the same rule as the export: the browser
    # makes a path absolute with the address the reader actually used.
    assert permalink(make_app(sample_index), "evil.example") == f"/article/{FIRST}"
    app = make_app(sample_index, public_url="https://baoku.example.org")
    assert permalink(app, "evil.example") == f"https://baoku.example.org/article/{FIRST}"
