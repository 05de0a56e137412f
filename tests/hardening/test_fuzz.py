"""Hostile input, generated: random Unicode (lone surrogates included), deep nesting,
operators and field prefixes in any order, huge repeats, odd page numbers, limits and
offsets, repeated filters. Thrown at the query parser, at `baoku search` over the sample
archive and at the JSON API and the search page over it, none may give a 500, a traceback,
an error of another shape, a slow answer or a huge one.

The examples are the same every run (``derandomize``), few enough to keep the whole file well
under a minute, and no example database is written.
"""
from __future__ import annotations

import time
from typing import Any

from click.testing import CliRunner
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from indexer.cli import main
from indexer.errors import QuerySyntaxError
from indexer.query.language import Node, parse_query
from indexer.results import FACET_FIELDS

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = 5.0  # seconds: the most one answer may take (the costliest bounded query takes ~1 s)
BIG = 2_000_000  # bytes: the most one answer may hold
PIECES = ["(", ")", "NOT", "NOT ", "-", "OR", "AND", " OR ", '"', "“", "”", "「", "」", "『",
          "title:", "body:", "author:", "source:", "page:", "date:", "date:2020..",
          "date:..2019-13", "foo:", "http://", "国庆", "阅兵", "微嘉园", "經濟", "a", "２０２０",
          "ﷺ", "㍿", "\u3000", " ", "、", "，", "\ufffd", "\x00", "\u200b", "\U0001f600"]
NESTING = [("(", ")"), ("NOT ", ""), ("-", ""), ("(NOT ", ")"), ("(a OR ", ")")]
REPEATED = ["国庆", "a", "ab", "(", ")", "NOT ", "-", "ﷺ", "国庆 ", "( 国庆 OR ", '"', "author:x "]

# What a URL can carry: any text but lone surrogates.
web_queries = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map(
        "".join),
    st.tuples(st.sampled_from(REPEATED), st.integers(1, 3000)).map(lambda t: t[0] * t[1]),
    st.tuples(st.sampled_from(NESTING), st.integers(1, 2000)).map(
        lambda t: t[0][0] * t[1] + "国庆" + t[0][1] * t[1]),
)
# What a command line can carry too: bytes that are not UTF-8, as Python keeps them.
surrogates = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)
queries = st.one_of(web_queries,
                    st.tuples(st.text(max_size=5), surrogates, st.text(max_size=5)).map(
                        "".join))
numbers = st.one_of(st.integers(-10**7, 10**7).map(str), st.text(max_size=6),
                    st.sampled_from(["²", "١", "0", "1", "١٠", "9" * 5000, "", " 2", "+3"]))
filters = st.one_of(
    st.lists(st.tuples(st.sampled_from(FACET_FIELDS), st.text(max_size=6)), max_size=30),
    st.tuples(st.sampled_from(FACET_FIELDS), st.text(max_size=4), st.integers(1, 300)).map(
        lambda t: [(t[0], f"{t[1]}{i}") for i in range(t[2])]),
)
ERROR_TYPES = {"query_syntax", "invalid_request"}


@settings(FUZZ, max_examples=300)
@given(queries)
def test_the_parser_answers_a_tree_or_a_query_error(query: str) -> None:
    started = time.perf_counter()
    try:
        assert isinstance(parse_query(query), Node)
    except QuerySyntaxError as exc:
        assert str(exc) and "\n" not in str(exc)
    assert time.perf_counter() - started < SLOW


def _assert_json_error(response) -> None:
    """A 400 in the one JSON error shape, a message in one line."""
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "type", "message", "position"}
    assert (error["status"], error["type"] in ERROR_TYPES) == (400, True), error
    assert isinstance(error["message"], str) and error["message"]
    assert error["position"] is None or isinstance(error["position"], int)


def _timed(client, url: str, args: MultiDict) -> Any:
    started = time.perf_counter()
    response = client.get(url, query_string=args)
    assert time.perf_counter() - started < SLOW, (url, args)
    assert len(response.data) < BIG
    assert b"Traceback" not in response.data
    return response


@settings(FUZZ, max_examples=120, suppress_health_check=list(HealthCheck))
@given(q=web_queries,
       p=st.one_of(st.none(), numbers), extra=st.one_of(
           st.none(), st.tuples(st.sampled_from(["limit", "offset", "size"]), numbers)),
       chosen=filters)
def test_the_api_and_the_page_answer_or_refuse_in_one_shape(app: Flask, q: str, p, extra,
                                                           chosen) -> None:
    client = app.test_client()
    args = MultiDict([("q", q)] + ([("p", p)] if p is not None else []) + chosen)
    page = _timed(client, "/search", args)
    assert page.status_code in (200, 400), page.status_code
    if extra is not None:
        args.add(*extra)
    response = _timed(client, "/api/search", args)
    if response.status_code == 200:
        assert extra is None and page.status_code == 200
        assert set(response.get_json()) >= {"query", "total", "hits", "facets"}
    else:
        assert response.status_code == 400, response.status_code
        _assert_json_error(response)


@settings(FUZZ, max_examples=80, suppress_health_check=list(HealthCheck))
@given(q=queries, limit=st.integers(-5, 2000), offset=st.integers(-5, 10**6),
       chosen=filters)
def test_baoku_search_answers_or_prints_one_line(sample_index, q: str, limit: int,
                                                 offset: int, chosen) -> None:
    args = ["search", "--index", str(sample_index.path), "--json", "--limit", str(limit),
            "--offset", str(offset)]
    args += [a for field, value in chosen for a in ("--filter", f"{field}={value}")]
    started = time.perf_counter()
    result = CliRunner().invoke(main, [*args, "--", q])
    assert time.perf_counter() - started < SLOW
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, \
            result.stderr
    else:
        assert result.stderr == ""
        assert len(result.stdout) < BIG
