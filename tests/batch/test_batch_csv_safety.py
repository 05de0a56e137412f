"""A headline or a query that a spreadsheet would run as a formula is written defused (a
leading apostrophe) in every CSV file Baoku writes: the batch's summary, counts, wide and
hits files, and the web's CSV export. JSONL files keep the text as it is, and the page of
a web batch shows the queries as they were typed."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_helpers import baoku, rows

from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from search_web import create_app
from search_web.batch import EXTENSION

DATA = Path(__file__).resolve().parents[1] / "data" / "formula-titles.jsonl"
TITLE = '=HYPERLINK("http://x")'
QUERY = "-2+3+cmd|' /C calc'!A0"
BODY = ("-2+3+cmd|' /C calc'!A0 这篇文章的标题和正文开头都像电子表格的公式，用来检查导出的"
        "文件不会被当作公式执行。")


@pytest.fixture(scope="module")
def formula_index(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    """Two hand-made articles; the first has a formula for a title and a body starting
    with one."""
    index = create_or_open(tmp_path_factory.mktemp("formula-index"))
    assert index_articles(index, read_paths([DATA])).added == 2
    return index


def test_batch_files_defuse_formulas_and_jsonl_keeps_them(formula_index, write, tmp_path):
    queries = write("q.txt", f"HYPERLINK\n{QUERY}\n植树\n")
    code, out, err = baoku("batch", str(queries), "--index", str(formula_index.path), "--out",
                           str(tmp_path / "out"), "--limit", "5")
    assert code == 0, err
    # The command's own report shows the query as typed.
    assert out.endswith(f"without results:\n  2\t{QUERY}\n")
    assert rows(tmp_path / "out.summary.csv")[1:] == [
        ["1", "HYPERLINK", "1", "2020-04-14", "2020-04-14", ""],
        ["2", "'" + QUERY, "0", "", "", ""],
        ["3", "植树", "1", "2020-05-02", "2020-05-02", ""]]
    assert rows(tmp_path / "out.wide.csv") == [
        ["period", "HYPERLINK", "'" + QUERY, "植树"],
        ["2020-04", "1", "0", "0"],
        ["2020-05", "0", "0", "1"]]
    assert rows(tmp_path / "out.hits.csv")[1:] == [
        ["1", "1", "formula-1", "2020-04-14", "测试日报", "1", "'" + TITLE, "1.2463",
         "'" + BODY],
        ["3", "1", "formula-2", "2020-05-02", "测试日报", "2", "普通标题：春季植树", "2.3639",
         "市民在郊外植树，这是一篇普通的测试文章。"]]
    assert baoku("batch", str(queries), "--index", str(formula_index.path), "--out",
                 str(tmp_path / "j"), "--format", "jsonl")[0] == 0
    first = json.loads((tmp_path / "j.hits.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (first["title"], first["snippet"]) == (TITLE, BODY)


def test_csv_ids_of_a_query_file_are_defused_too(formula_index, write, tmp_path):
    queries = write("q.csv", "id,query\n=1+1,植树\n@a,HYPERLINK\n")
    assert baoku("batch", str(queries), "--index", str(formula_index.path), "--out",
                 str(tmp_path / "out"), "--counts-only")[0] == 0
    assert rows(tmp_path / "out.counts.csv")[1:] == [
        ["'=1+1", "2020-04", "0", "1", "0.000000"], ["'=1+1", "2020-05", "1", "1", "1.000000"],
        ["'@a", "2020-04", "1", "1", "1.000000"], ["'@a", "2020-05", "0", "1", "0.000000"]]


def test_web_export_and_web_batch_defuse_the_same_cells(formula_index, tmp_path):
    app = create_app({"index": str(formula_index.path), "batch_dir": str(tmp_path / "jobs"),
                      "TESTING": True})
    client = app.test_client()
    export = client.get("/export.csv?q=HYPERLINK").get_data(as_text=True)
    row = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))[1]
    assert (row[1], row[7]) == ("'" + TITLE, "'" + BODY)
    job = client.post("/api/batch", data={"queries_text": f"{QUERY}\nHYPERLINK",
                                          "limit": "5"}).get_json()
    assert app.extensions[EXTENSION].wait(60)
    job = client.get(job["api_url"]).get_json()
    assert job["no_results"] == [{"id": "1", "query": QUERY}]  # as typed, on the page
    hits = client.get(job["files"]["hits"]).get_data(as_text=True)
    assert list(csv.reader(io.StringIO(hits.lstrip("\ufeff"))))[1][6] == "'" + TITLE
