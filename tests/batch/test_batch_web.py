"""/batch and /api/batch: upload, progress, downloads; jobs that outlive a reload and a
restart; the size cap."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from batch_helpers import BAD, QUERIES, baoku

from indexer.batch import BatchOptions
from search_web import create_app
from search_web.batch import EXTENSION

JOB_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")


def make_app(index, jobs: Path, **config):
    return create_app({"index": str(index.path), "batch_dir": str(jobs), "TESTING": True,
                       **config})


@pytest.fixture()
def jobs(tmp_path: Path) -> Path:
    return tmp_path / "jobs"


@pytest.fixture()
def app(batch_index, jobs):
    return make_app(batch_index, jobs)


def upload(client, text: str | bytes, url: str = "/api/batch", **fields):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(url, data={"queries": (io.BytesIO(data), "课题.txt"), **fields})


def finish(app) -> None:
    assert app.extensions[EXTENSION].wait(120), "the batch job did not finish in time"


def test_api_upload_then_download_the_files_of_baoku_batch(app, batch_index, tmp_path):
    client = app.test_client()
    response = upload(client, QUERIES, by="month", limit="3")
    assert response.status_code == 202
    job = response.get_json()
    assert JOB_ID.match(job["id"])
    assert response.headers["Location"] == f"/api/batch/{job['id']}"
    assert (job["name"], job["queries"], job["files"]) == ("课题.txt", 11, {})
    finish(app)
    job = client.get(f"/api/batch/{job['id']}").get_json()
    line, query, message = BAD
    assert {k: job[k] for k in ("status", "status_label", "queries", "done", "progress",
                                "eta_seconds", "error", "options", "invalid",
                                "no_results")} == {
        "status": "done", "status_label": "已完成", "queries": 11, "done": 11,
        "progress": 1.0, "eta_seconds": None, "error": None,
        "options": {"by": "month", "limit": 3, "format": "csv", "counts_only": False,
                    "from": None, "to": None, "source": []},
        "invalid": [{"id": str(line), "query": query, "error": message}],
        "no_results": [{"id": "10", "query": "xyz无此词"}]}
    base = f"/batch/{job['id']}/download"
    assert job["files"] == {"summary": f"{base}/summary", "counts": f"{base}/counts",
                            "hits": f"{base}/hits"}
    queries = tmp_path / "q.txt"
    queries.write_text(QUERIES, encoding="utf-8")
    assert baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                 str(tmp_path / "cli"), "--limit", "3")[0] == 0
    for kind, url in job["files"].items():
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=batch-{job['id']}.{kind}.csv")
        assert response.data == (tmp_path / f"cli.{kind}.csv").read_bytes()


def test_the_form_and_the_job_page(app, batch_index):
    client = app.test_client()
    response = upload(client, "疫情\nxyz无此词\n", url="/batch", by="year",
                      counts_only="1", source="人民日报")
    assert response.status_code == 303
    page_url = response.headers["Location"]
    job_id = page_url.rsplit("/", 1)[1]
    assert page_url == f"/batch/{job_id}"
    finish(app)
    html = client.get(page_url).get_data(as_text=True)
    assert '<span class="status status-done" id="status">已完成</span>' in html
    assert re.findall(r'<li><a href="([^"]+)" download>([^<]+)</a></li>', html) == [
        (f"/batch/{job_id}/download/summary", "汇总（每条查询的总数）"),
        (f"/batch/{job_id}/download/counts", "按时间计数（含占比）")]
    assert re.findall(r"<li><code>(\w+)</code> ([^<]+)</li>", html) == [("2", "xyz无此词")]
    assert "按年计数，只计数，报纸：人民日报" in html
    summary = client.get(f"/batch/{job_id}/download/summary").get_data(as_text=True)
    assert summary.splitlines() == ["\ufeffid,query,total,first_date,last_date,error",
                                    "1,疫情,19,2020-02-01,2020-02-01,", "2,xyz无此词,0,,,"]
    code, out, _ = baoku("search", "疫情", "--filter", "source=人民日报", "--json", "--limit",
                         "0", "--index", str(batch_index.path))
    assert json.loads(out)["total"] == 19
    listing = client.get("/batch").get_data(as_text=True)
    assert re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td>'
                      r"<td>([^<]+)</td>", listing) == [(page_url, "课题.txt", "已完成", "2 / 2")]


def test_jobs_survive_a_restart_and_unfinished_ones_are_taken_up_again(batch_index, jobs):
    first = make_app(batch_index, jobs)
    done = upload(first.test_client(), "疫情\n").get_json()["id"]
    finish(first)
    # A job the stopped server never ran: queued on disk, no thread for it.
    store = first.extensions[EXTENSION].store
    left = store.create("春节\n武汉\n".encode(), "left.txt", BatchOptions(by="year"))["id"]
    assert first.test_client().get(f"/api/batch/{left}").get_json()["status"] == "queued"
    second = make_app(batch_index, jobs)  # the restart
    finish(second)
    client = second.test_client()
    assert client.get(f"/api/batch/{done}").get_json()["status"] == "done"
    job = client.get(f"/api/batch/{left}").get_json()
    assert (job["status"], job["done"], job["queries"]) == ("done", 2, 2)
    summary = client.get(job["files"]["summary"]).get_data(as_text=True)
    assert [row.split(",")[:3] for row in summary.splitlines()] == [
        ["\ufeffid", "query", "total"], ["1", "春节", "16"], ["2", "武汉", "21"]]


def test_size_cap_and_bad_files_are_clear_errors(batch_index, jobs):
    app = make_app(batch_index, jobs, batch_cap=3)
    client = app.test_client()
    response = upload(client, "疫情\n春节\n武汉\n北京\n")
    assert (response.status_code, response.get_json()) == (413, {"error": {
        "status": 413, "type": "request_entity_too_large", "position": None,
        "message": "the file holds 4 queries; a batch on this site may hold at most 3 (run "
                   "larger batches with 'baoku batch')"}})
    response = upload(client, "疫情\n" * 300_000)  # 2.1 MB
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        413, "the query file is larger than 2,097,152 bytes, the most a batch file may be "
             "(run larger batches with 'baoku batch')")
    response = upload(client, "疫情\n".encode("gbk"))
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "the uploaded file is not UTF-8 text (byte 0); save it as UTF-8")
    response = upload(client, "# 只有注释\n\n")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "the file holds no query (one a line, or a CSV with columns id,query)")
    response = upload(client, "疫情\n", limit="0")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "limit must be between 1 and 1000, not 0")
    response = client.post("/api/batch", data={})
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "choose a query file to upload (field 'queries')")
    assert not jobs.exists() or list(jobs.iterdir()) == []


def test_unknown_job_and_download_before_the_end(app):
    client = app.test_client()
    response = client.get("/api/batch/20200101-000000-abcdef")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        404, "no batch job '20200101-000000-abcdef'")
    assert client.get("/api/batch/..%2F..%2Fetc").status_code == 404
    store = app.extensions[EXTENSION].store
    job_id = store.create("疫情\n".encode(), "q.txt", BatchOptions())["id"]
    response = client.get(f"/batch/{job_id}/download/summary")
    assert response.status_code == 409
    assert f"batch job {job_id} has not finished (0 of 1 queries done)" in response.get_data(
        as_text=True)
