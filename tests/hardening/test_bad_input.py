"""Input that is not what it seems: a page number in other digits (``p=²``, which
``isdigit()`` accepts and ``int()`` refuses), a query that is not UTF-8 (on the command line
and in a URL), and ``/api/search`` parameters it does not know (``limit``, ``offset``).
Each is refused with a clear message: a 400 on the web, exit status 2 on the command line,
never a 500 or a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hardening_helpers import api_error
from markupsafe import escape

PAGES = ("/search", "/api/search", "/export.csv")
ACCEPTED = ("q, source, year, month, page, author, person, place_province, place_city, "
            "place_county, org, place, from, to, sort, p, timeline")


@pytest.mark.parametrize("p", ["²", "١", "9" * 5000])
def test_a_page_number_in_other_digits_is_a_400(client, p):
    message = f"p must be a page number from 1 to 10000, not '{p}'"
    for url in PAGES:
        response = client.get(url, query_string={"q": "国庆", "p": p})
        assert response.status_code == 400, url
        if url == "/api/search":
            assert response.get_json() == api_error(message)
        else:  # the pages say it in Chinese
            assert escape(f"页码应在 1 到 10000 之间，不能是“{p}”") in response.get_data(
                as_text=True)


def _baoku(*args: str | bytes) -> subprocess.CompletedProcess:
    """`baoku` run as a real process, its arguments passed as bytes."""
    baoku = Path(sys.executable).with_name("baoku")
    return subprocess.run([str(baoku), *args], capture_output=True, timeout=120, check=False)


def test_a_command_line_query_that_is_not_utf8_is_a_one_line_error(sample_index):
    # 国 and the first two bytes of 庆: OpenCC used to stop on them with a traceback.
    done = _baoku("search", b"\xe5\x9b\xbd\xe5\xba", "--index", str(sample_index.path))
    assert (done.returncode, done.stdout, done.stderr) == (
        2, b"", b"Error: the query is not UTF-8 text: the byte 0xe5 at position 2\n")
    done = _baoku("search", b"\xff\xfe", "--index", str(sample_index.path))
    assert (done.returncode, done.stdout, done.stderr) == (
        2, b"", b"Error: the query is not UTF-8 text: the byte 0xff at position 1\n")
    done = _baoku("search", "国庆", "--filter", b"author=\xe5\x88", "--index",
                  str(sample_index.path))
    assert (done.returncode, done.stdout, done.stderr) == (
        2, b"", b"Error: the value of the filter 'author' is not UTF-8 text: the byte 0xe5 at "
                b"position 1\n")


@pytest.mark.parametrize("url", ["/api/search?q=%FF%FE", "/api/search?q=%E5%9B%BD%E5",
                                 "/api/search?q=%E5%9B%BD&author=%C3"])
def test_a_url_that_is_not_utf8_is_a_400(client, url):
    name = "author" if "author" in url else "q"
    message = f"参数 '{name}' 含有不是 UTF-8 编码的字节；请用 UTF-8 编码网址"
    response = client.get(url)
    assert (response.status_code, response.get_json()) == (400, api_error(message))
    page = client.get(url.removeprefix("/api"))
    assert page.status_code == 400
    assert escape(message) in page.get_data(as_text=True)


@pytest.mark.parametrize("args", [{"limit": "-1"}, {"limit": "abc"}, {"offset": "-5"},
                                  {"offset": "10"}, {"size": "10"}])
def test_api_search_refuses_a_parameter_it_does_not_know(client, args):
    response = client.get("/api/search", query_string={"q": "国庆", **args})
    name = next(iter(args))
    assert (response.status_code, response.get_json()) == (
        400, api_error(f"未知参数 '{name}'；可用的参数：{ACCEPTED}"))
    assert client.get("/api/search", query_string={"q": "国庆", "p": "2"}).get_json()[
        "offset"] == 20
