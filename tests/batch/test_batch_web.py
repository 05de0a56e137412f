"""/batch and /api/batch: upload, progress, downloads; jobs that outlive a reload and a
restart; the size cap."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from batch_helpers import BAD, QUERIES, baoku, many_queries

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
    key = job["url"].split("?key=")[1]
    assert len(key) == 24  # 18 random bytes
    assert job["url"] == f"/batch/{job['id']}?key={key}"
    assert response.headers["Location"] == f"/api/batch/{job['id']}?key={key}"
    assert (job["name"], job["queries"], job["files"]) == ("课题.txt", 11, {})
    finish(app)
    job = client.get(f"/api/batch/{job['id']}").get_json()  # the same browser: no key needed
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
    assert job["files"] == {"summary": f"{base}/summary?key={key}",
                            "counts": f"{base}/counts?key={key}",
                            "wide": f"{base}/wide?key={key}", "hits": f"{base}/hits?key={key}"}
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
    job_id, key = page_url.rsplit("/", 1)[1].split("?key=")
    assert page_url == f"/batch/{job_id}?key={key}"
    finish(app)
    html = client.get(page_url).get_data(as_text=True)
    assert '<span class="status status-done" id="status">已完成</span>' in html
    assert re.findall(r'<li><a href="([^"]+)" download>([^<]+)</a></li>', html) == [
        (f"/batch/{job_id}/download/summary?key={key}", "汇总（每条查询的总数）"),
        (f"/batch/{job_id}/download/counts?key={key}",
         "按时间计数·长表（每行一条查询的一个时期，含占比）"),
        (f"/batch/{job_id}/download/wide?key={key}",
         "按时间计数·宽表（每行一个时期，每列一条查询）")]
    # The queries without results, on one line.
    assert re.findall(r'<p class="batch-empty" id="no-results">(.*)</p>', html) == [
        "<strong>没有结果的查询（1 条）：</strong>"
        "<span class=\"q\"><code>2</code> xyz无此词</span>"]
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
    assert '<a class="nav-link" href="/batch">批量检索</a>' in listing


def test_jobs_survive_a_restart_and_unfinished_ones_are_taken_up_again(batch_index, jobs):
    first = make_app(batch_index, jobs)
    done = upload(first.test_client(), "疫情\n").get_json()["api_url"]
    finish(first)
    # A job the stopped server never ran: queued on disk, no thread for it.
    store = first.extensions[EXTENSION].store
    left = store.create("春节\n武汉\n".encode(), "left.txt", BatchOptions(by="year"))
    left_url = f"/api/batch/{left['id']}?key={left['key']}"
    assert first.test_client().get(left_url).get_json()["status"] == "queued"
    second = make_app(batch_index, jobs)  # the restart
    finish(second)
    client = second.test_client()
    assert client.get(done).get_json()["status"] == "done"
    job = client.get(left_url).get_json()
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
        "message": "文件里有 4 条查询，本站一次批量检索最多 3 条"
                   "（更大的批量请用命令 baoku batch）"}})
    response = upload(client, "疫情\n" * 300_000)  # 2.1 MB
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        413, "查询文件超过 2,097,152 字节，这是网页上批量检索的上限"
             "（更大的批量请用命令 baoku batch）")
    response = upload(client, "疫情\n".encode("gbk"))
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "上传的文件不是 UTF-8 文本（第 0 个字节）：请另存为 UTF-8 后再上传")
    response = upload(client, "# 只有注释\n\n")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "没有任何查询：每行一条查询，或用带 id,query 列的 CSV")
    response = upload(client, "疫情\n", limit="0")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "每条查询的结果数必须在 1 到 1000 之间，而不是 0")
    response = upload(client, "疫情\n", to="2020-13")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "截止日期“2020-13”不是一个日期：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2019-10-01")
    response = upload(client, "id,query,form\n1,疫情,2020\n")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "第 1 行：CSV 的列只能是 id、query，以及可选的 from、to、source（各一次），而不是 "
             "id, query, form")
    response = client.post("/api/batch", data={})
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "请上传一个查询文件（字段 queries），或把查询粘贴到文本框里"
             "（字段 queries_text），每行一条")
    response = upload(client, "疫情\n", queries_text="春节")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        400, "请只用一种方式提交查询：上传文件，或粘贴到文本框，不要两样都用")
    assert not jobs.exists() or list(jobs.iterdir()) == []


def test_unknown_job_and_download_before_the_end(app):
    client = app.test_client()
    response = client.get("/api/batch/20200101-000000-abcdef")
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        404, "没有这个批量检索任务：20200101-000000-abcdef")
    assert client.get("/api/batch/..%2F..%2Fetc").status_code == 404
    store = app.extensions[EXTENSION].store
    job = store.create("疫情\n".encode(), "q.txt", BatchOptions())
    response = client.get(f"/batch/{job['id']}/download/summary?key={job['key']}")
    assert response.status_code == 409
    assert f"批量检索任务 {job['id']} 尚未结束（已完成 0 / 1 条查询）" in response.get_data(
        as_text=True)


ADMIN = "admin-secret-for-tests"


def test_a_job_is_seen_only_by_its_browser_its_link_and_the_admin(batch_index, jobs):
    app = make_app(batch_index, jobs, admin_token=ADMIN)
    mine, other = app.test_client(), app.test_client()  # two browsers
    job = upload(mine, "疫情\nxyz无此词\n").get_json()
    finish(app)
    job_id, key = job["id"], job["url"].split("?key=")[1]
    private = [f"/batch/{job_id}", f"/api/batch/{job_id}", f"/api/batch/{job_id}/chart",
               f"/batch/{job_id}/download/summary"]
    assert [mine.get(url).status_code for url in private] == [200, 200, 200, 200]
    # Another browser gets what it would get for a job that does not exist.
    missing = other.get("/api/batch/20200101-000000-abcdef").get_json()["error"]
    for url in private:
        response = other.get(url, headers={"Accept": "application/json"})
        assert response.status_code == 404, url
        assert job_id in response.get_data(as_text=True)
    assert other.get(f"/api/batch/{job_id}").get_json()["error"] == {
        **missing, "message": f"没有这个批量检索任务：{job_id}"}
    assert other.get(f"/api/batch/{job_id}?key=wrong-key").status_code == 404
    assert other.get(f"/api/batch/{job_id}?key=钥匙").status_code == 404  # not a 500
    assert other.post(f"/api/batch/{job_id}/cancel").status_code == 404
    assert other.delete(f"/api/batch/{job_id}").status_code == 404
    assert job_id not in other.get("/batch").get_data(as_text=True)
    assert job_id in mine.get("/batch").get_data(as_text=True)
    # The link shares the job and its files, but not the right to delete it.
    shared = other.get(f"/api/batch/{job_id}?key={key}").get_json()
    assert (shared["status"], shared["no_results"], shared["can_manage"]) == (
        "done", [{"id": "2", "query": "xyz无此词"}], False)
    assert other.get(shared["files"]["summary"]).get_data(as_text=True) == mine.get(
        f"/batch/{job_id}/download/summary").get_data(as_text=True)
    assert other.delete(f"/api/batch/{job_id}?key={key}").status_code == 404
    # The admin sees and lists every job; a wrong token is nobody.
    admin = app.test_client()
    assert admin.get(f"/api/batch/{job_id}",
                     headers={"X-Baoku-Admin-Token": ADMIN}).get_json()["can_manage"] is True
    assert job_id in admin.get("/batch", headers={"Authorization": f"Bearer {ADMIN}"}
                               ).get_data(as_text=True)
    assert admin.get(f"/api/batch/{job_id}",
                     headers={"X-Baoku-Admin-Token": "wrong"}).status_code == 404
    assert admin.get(f"/api/batch/{job_id}",
                     headers={"X-Baoku-Admin-Token": "编辑口令"}).status_code == 404
    assert admin.delete(f"/api/batch/{job_id}",
                        headers={"X-Baoku-Admin-Token": ADMIN}).status_code == 204
    assert not (jobs / job_id).exists()
    assert mine.get(f"/api/batch/{job_id}").status_code == 404


def age(jobs: Path, job_id: str, days: float) -> None:
    """Make the job one that ended ``days`` days ago, as a server running since then
    would have left it."""
    from datetime import UTC, datetime, timedelta

    path = jobs / job_id / "job.json"
    job = json.loads(path.read_text(encoding="utf-8"))
    job["finished"] = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")


def test_jobs_older_than_batch_job_days_disappear(batch_index, jobs):
    app = make_app(batch_index, jobs, batch_job_days=30)
    client = app.test_client()
    old = upload(client, "疫情\n").get_json()["id"]
    recent = upload(client, "春节\n").get_json()["id"]
    finish(app)
    age(jobs, old, 31)
    age(jobs, recent, 29)
    listing = client.get("/batch").get_data(as_text=True)
    assert (old in listing, recent in listing) == (False, True)
    assert "结束 30 天后自动删除" in listing
    assert client.get(f"/api/batch/{old}").status_code == 404
    assert sorted(p.name for p in jobs.iterdir() if p.is_dir()) == [recent]  # and runner.lock


def test_pasted_queries_run_like_an_uploaded_file(app, batch_index):
    client = app.test_client()
    response = client.post("/batch", data={"queries_text": "  疫情\n\n# 注释\nxyz无此词\n  ",
                                           "by": "year", "counts_only": "1"})
    assert response.status_code == 303
    finish(app)
    job = client.get(response.headers["Location"].replace("/batch/", "/api/batch/")).get_json()
    assert (job["name"], job["queries"], job["status"]) == ("粘贴的查询", 2, "done")
    summary = client.get(job["files"]["summary"]).get_data(as_text=True)
    assert summary.splitlines()[1:] == ["1,疫情,52,2020-02-01,2020-04-01,", "4,xyz无此词,0,,,"]
    code, out, _ = baoku("search", "疫情", "--json", "--limit", "0", "--index",
                         str(batch_index.path))
    assert json.loads(out)["total"] == 52


def test_the_chart_data_are_the_counts_of_baoku_trend(app, batch_index):
    client = app.test_client()
    job = upload(client, "疫情\n春节\n\"没有结束\nxyz无此词\n", by="year",
                 counts_only="1").get_json()
    finish(app)
    chart = client.get(f"/api/batch/{job['id']}/chart").get_json()
    code, out, _ = baoku("trend", "疫情", "春节", "xyz无此词", "--by", "year", "--json",
                         "--index", str(batch_index.path))
    trends = json.loads(out)
    assert chart == {
        "periods": [p["period"] for p in trends[0]["periods"]],
        "series": [{"id": qid, "query": t["query"], "total": t["total"],
                    "counts": [p["count"] for p in t["periods"]],
                    "ratios": [round(p["ratio"], 6) for p in t["periods"]]}
                   for qid, t in zip(("1", "2", "4"), trends, strict=True)],
        "queries": 3, "kind": "periods"}


def test_a_job_counting_by_place_writes_the_files_of_baoku_batch_and_charts_its_top_places(
        app, batch_index, tmp_path):
    # The form offers the facets beside the periods; a job counting by place writes the
    # files `baoku batch --by place` writes; its chart holds the places the queries match
    # most, most first, with each query's counts of the counts file.
    client = app.test_client()
    form = client.get("/batch").get_data(as_text=True)
    by = re.search(r'<select name="by">(.*?)</select>', form).group(1)
    assert re.findall(r'<option value="([a-z_]+)"[^>]*>([^<]+)</option>', by) == [
        ("year", "按年"), ("month", "按月"), ("day", "按日"), ("source", "按报纸"),
        ("author", "按作者"), ("person", "按人物"), ("place", "按地点"),
        ("place_province", "按省份"), ("place_city", "按城市"), ("place_county", "按区县"),
        ("org", "按机构")]
    response = upload(client, QUERIES, url="/batch", by="place", counts_only="1")
    assert response.status_code == 303
    page_url = response.headers["Location"]
    job_id = page_url.rsplit("/", 1)[1].split("?key=")[0]
    finish(app)
    html = client.get(page_url).get_data(as_text=True)
    assert "按地点计数，只计数" in html and "<h2>按地点计数（匹配最多的值）</h2>" in html
    assert re.findall(r'<li><a href="[^"]+" download>([^<]+)</a></li>', html) == [
        "汇总（每条查询的总数）", "按地点计数·长表（每行一条查询的一个值，含占比）",
        "按地点计数·宽表（每行一个值，每列一条查询）"]
    queries = tmp_path / "q.txt"
    queries.write_text(QUERIES, encoding="utf-8")
    assert baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                 str(tmp_path / "cli"), "--by", "place", "--counts-only")[0] == 0
    for kind in ("summary", "counts", "wide"):
        assert client.get(f"/batch/{job_id}/download/{kind}").data == (
            tmp_path / f"cli.{kind}.csv").read_bytes()
    chart = client.get(f"/api/batch/{job_id}/chart").get_json()
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "cli.counts.csv").read_text(encoding="utf-8-sig"))))
    shown = {s["id"] for s in chart["series"]}
    matched: dict[str, int] = {}
    for row in rows:
        if row["id"] in shown:
            matched[row["period"]] = matched.get(row["period"], 0) + int(row["count"])
    top = sorted((v for v in matched if matched[v]), key=lambda v: (-matched[v], v))[:20]
    assert chart["kind"] == "values" and chart["periods"] == top and len(top) == 20
    assert "浙江省" in top or "北京市" in top
    counts = {(row["id"], row["period"]): int(row["count"]) for row in rows}
    for series in chart["series"]:
        assert series["counts"] == [counts[series["id"], v] for v in top]
    refused = client.post("/api/batch", data={"queries_text": "疫情", "by": "decade"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"].startswith(
        "计数方式只能是 year、month、day、source、author")


def test_the_time_left_is_shown_in_minutes():
    from search_web.batch import eta_text

    assert [eta_text(s) for s in (None, 0.4, 59.9, 60, 61, 600, 3599)] == [
        "", "预计不到 1 分钟完成", "预计不到 1 分钟完成", "预计还需约 1 分钟", "预计还需约 2 分钟",
        "预计还需约 10 分钟", "预计还需约 60 分钟"]


def test_a_job_running_in_another_server_process_is_cancelled(batch_index, jobs):
    """With ``baoku serve --workers``, the cancel may reach another process than the one
    running the job: the job still stops after its query and is marked cancelled."""
    running = make_app(batch_index, jobs, admin_token=ADMIN)
    other = make_app(batch_index, jobs, admin_token=ADMIN)  # a second worker process
    queries = many_queries() * 20
    total = len(queries.splitlines())
    job_id = upload(running.test_client(), queries, limit="1000").get_json()["id"]
    admin = {"X-Baoku-Admin-Token": ADMIN}
    deadline = time.monotonic() + 60
    while other.test_client().get(f"/api/batch/{job_id}", headers=admin).get_json()[
            "status"] != "running":
        assert time.monotonic() < deadline, "the job never started"
        time.sleep(0.05)
    stopped = other.test_client().post(f"/api/batch/{job_id}/cancel", headers=admin).get_json()
    finish(running)
    seen = other.test_client().get(f"/api/batch/{job_id}", headers=admin).get_json()
    assert (stopped["status"], seen["status"]) == ("cancelled", "cancelled")
    assert seen["done"] < total


def test_the_reasons_of_invalid_queries_are_in_chinese_on_the_page(app):
    client = app.test_client()
    page_url = upload(client, "疫情\n疫情 OR\n" + "(" * 11 + "疫情" + ")" * 11 + "\n",
                      url="/batch").headers["Location"]
    finish(app)
    html = client.get(page_url).get_data(as_text=True)
    assert re.findall(r'<li><code>(\d+)</code> (.*?) <span class="muted">(.*?)</span></li>',
                      html) == [
        ("2", "疫情 OR", "第 4 个字符处的 OR 后面缺少词语"),
        ("3", "(" * 11 + "疫情" + ")" * 11,
         "第 11 个字符处括号和 NOT 套了 11 层，最多只能套 10 层")]
    # The JSON keeps the library's words, as every API message does.
    job = client.get(page_url.replace("/batch/", "/api/batch/")).get_json()
    assert [item["error"] for item in job["invalid"]] == [
        "OR at position 4 needs something after it",
        "parentheses and NOT are nested 11 deep at position 11; the most is 10"]


def test_wrong_admin_headers_on_batch_pages_count_as_failed_logins(batch_index, jobs):
    """The batch pages are no way round the failed-login limit of the admin token."""
    app = make_app(batch_index, jobs, admin_token=ADMIN, login_attempts=3)
    owner, guesser = app.test_client(), app.test_client()
    job_id = upload(owner, "疫情\n").get_json()["id"]
    finish(app)
    seen = [guesser.get(f"/api/batch/{job_id}", headers={"X-Baoku-Admin-Token": token}
                        ).status_code for token in ("guess-1", "guess-2", "guess-3", ADMIN)]
    assert seen == [404, 404, 404, 404]  # the right token too, once the address is limited
    login = guesser.post("/admin/login", data={"token": ADMIN})
    assert login.status_code == 429


def test_a_job_failing_on_a_damaged_index_says_so_without_the_servers_paths(
        batch_index, jobs, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(batch_index.path, index)
    for segment in index.glob("MAIN_*.seg"):
        with segment.open("r+b") as f:
            f.truncate(segment.stat().st_size // 3)
    app = create_app({"index": str(index), "batch_dir": str(jobs), "TESTING": True})
    client = app.test_client()
    response = upload(client, QUERIES)
    assert response.status_code == 202
    finish(app)
    job = client.get(f"/api/batch/{response.get_json()['id']}").get_json()
    assert (job["status"], job["error"]) == (
        "failed", "索引文件已损坏：请管理员运行 baoku check 查看损坏的文件和受影响的文章，"
                  "然后从备份恢复或重新建立索引。")
    page = client.get(f"/batch/{job['id']}").get_data(as_text=True)
    assert "索引文件已损坏" in page and str(tmp_path) not in page
