"""A query's bounds (``indexer.query.limits``): a query too long, with too many terms, a
word too long or nesting too deep is refused before any search work, with one clear
message in the web page, the API, the command line and a batch; real queries (a pasted
headline, a long OR list of names) still work; the looser retry stays bounded."""
from __future__ import annotations

import io
import time

import pytest
from hardening_helpers import AT_ONCE, api_error, baoku

from indexer.errors import QueryTooLarge
from indexer.query.language import Not, Or, Text, parse_query
from indexer.results import SearchRequest
from search_web.batch import EXTENSION

TOO_LONG = " ".join(["国庆"] * 500)
TOO_LONG_MESSAGE = "the query is 1499 characters long; the most a query may have is 1000"
NESTED_11 = "(" * 11 + "国庆" + ")" * 11
NESTED_11_MESSAGE = "parentheses and NOT are nested 11 deep at position 11; the most is 10"
# Words of the sample archive, each in some article, no article with all of them.
WORDS = ("国庆 阅兵 北京 浙江 嘉兴 杭州 经济 发展 改革 城市 乡村 人民 政府 会议 学习 文化 "
         "教育 医疗 疫情 防控 工作 群众 企业 服务 社会 建设 安全 历史 国家 中国 时间").split()


def test_a_query_too_long_is_refused_at_once_by_the_api_the_page_and_the_cli(client,
                                                                           sample_index):
    started = time.perf_counter()
    response = client.get("/api/search", query_string={"q": TOO_LONG})
    assert time.perf_counter() - started < AT_ONCE
    assert (response.status_code, response.get_json()) == (
        400, api_error(TOO_LONG_MESSAGE, 1000, "query_syntax"))
    page = client.get("/search", query_string={"q": TOO_LONG})
    assert page.status_code == 400
    assert "查询有 1499 个字符，最多只能有 1000 个" in page.get_data(as_text=True)
    started = time.perf_counter()
    assert baoku("search", "a" * 100_000, "--index", str(sample_index.path)) == (
        2, "", "Error: the query is 100000 characters long; the most a query may have is "
               "1000\n")
    assert time.perf_counter() - started < AT_ONCE


def test_a_word_may_have_100_characters_not_more(sample_backend, client):
    assert sample_backend.search(SearchRequest(query="ab" * 50)).total == 0
    with pytest.raises(QueryTooLarge) as refused:
        sample_backend.search(SearchRequest(query="阅兵 " + "ab" * 51))
    assert str(refused.value) == ("the word at position 4 is 102 characters long without a "
                                  "space or punctuation; the most is 100")
    started = time.perf_counter()
    response = client.get("/api/search", query_string={"q": "国庆" * 500})
    assert time.perf_counter() - started < AT_ONCE
    assert (response.status_code, response.get_json()) == (400, api_error(
        "the word at position 1 is 1000 characters long without a space or punctuation; the "
        "most is 100", 0, "query_syntax"))


def test_a_long_or_list_of_names_works_and_the_101st_term_is_refused(sample_backend, client):
    names = [v.value for v in sample_backend.search(
        SearchRequest(facet_limit=100)).facet("author").values]
    assert len(names) == 100
    listed = " OR ".join(names)
    assert (len(listed), sample_backend.search(SearchRequest(query=listed, limit=0)).total) \
        == (653, 48)
    hundred = " ".join(["国庆"] * 99 + ["阅兵"])
    assert sample_backend.search(SearchRequest(query=hundred, limit=0)).total == 21
    response = client.get("/api/search", query_string={"q": hundred + " 北京"})
    assert (response.status_code, response.get_json()) == (400, api_error(
        "the query has more than 100 terms (words, quoted texts, field values); the one at "
        "position 301 is past the limit", 300, "query_syntax"))


def test_nesting_deeper_than_10_is_refused_by_the_parser():
    assert parse_query("(" * 10 + "国庆 OR 阅兵" + ")" * 10) == Or((Text("国庆"), Text("阅兵")))
    ten_nots = parse_query("NOT " * 9 + "-国庆")
    for _ in range(10):
        assert isinstance(ten_nots, Not)
        ten_nots = ten_nots.item
    assert ten_nots == Text("国庆")
    with pytest.raises(QueryTooLarge) as refused:
        parse_query(NESTED_11)
    assert (str(refused.value), refused.value.position) == (NESTED_11_MESSAGE, 10)
    with pytest.raises(QueryTooLarge) as refused:
        parse_query("NOT " * 11 + "国庆")
    assert str(refused.value) == ("parentheses and NOT are nested 11 deep at position 41; the "
                                  "most is 10")


@pytest.mark.parametrize("query, message", [
    ("(" * 1000 + "国庆" + ")" * 1000, "the query is 2002 characters long; the most a query may "
                                       "have is 1000"),
    ("NOT " * 2000 + "国庆", "the query is 8002 characters long; the most a query may have is "
                           "1000"),
    (NESTED_11, NESTED_11_MESSAGE),
])
def test_deep_nesting_is_a_400_and_a_one_line_cli_error(client, sample_index, query,
                                                        message):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message
    assert client.get("/search", query_string={"q": query}).status_code == 400
    assert baoku("search", query, "--index", str(sample_index.path)) == (
        2, "", f"Error: {message}\n")


BATCH = "\n".join(["国庆", "(" * 1000 + "国庆" + ")" * 1000, NESTED_11, "阅兵"]) + "\n"
BATCH_ERRORS = [
    "line 2: the query is 2002 characters long; the most a query may have is 1000",
    f"line 3: {NESTED_11_MESSAGE}"]


def test_baoku_batch_reports_a_nested_line_and_runs_the_others(sample_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text(BATCH, encoding="utf-8")
    code, out, err = baoku("batch", str(queries), "--index", str(sample_index.path),
                           "--out", str(tmp_path / "out"), "--counts-only")
    assert (code, err.splitlines()) == (0, BATCH_ERRORS)
    assert out.startswith("4 queries: 2 invalid, 0 without results, in ")


def test_api_batch_reports_the_nested_lines_and_leaves_only_its_job(jobs_app, tmp_path):

    client = jobs_app.test_client()
    response = client.post("/api/batch", data={
        "queries": (io.BytesIO(BATCH.encode("utf-8")), "深.txt"), "counts_only": "1"})
    assert response.status_code == 202
    job = response.get_json()
    assert jobs_app.extensions[EXTENSION].wait(120)
    job = client.get(f"/api/batch/{job['id']}").get_json()
    assert (job["status"], job["queries"]) == ("done", 4)
    assert [f"line {i['id']}: {i['error']}" for i in job["invalid"]] == BATCH_ERRORS
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir() if p.is_dir()) == [job["id"]]


def test_a_word_repeated_is_one_term_of_the_looser_retry(sample_backend):
    results = sample_backend.search(SearchRequest(query="国庆 国庆 足球赛事"))
    assert (results.total, results.notice) == (43, "no article has all of 国庆 足球赛事; "
                                                   "showing articles with most of them (none "
                                                   "has 足球赛事)")


def test_the_looser_retry_looks_for_30_terms_at_most(sample_backend):
    thirty = sample_backend.search(SearchRequest(query=" ".join(WORDS[:30]), limit=1))
    assert thirty.loose
    assert thirty.notice == ("no article has all of " + " ".join(WORDS[:30])
                             + "; showing articles with most of them")
    more = sample_backend.search(SearchRequest(query=" ".join(WORDS), limit=1))
    assert (more.total, more.loose, more.notice, more.hits) == (0, False, None, ())
