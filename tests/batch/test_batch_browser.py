"""Researchers in a real Chromium against `baoku serve`: upload or paste queries on /batch,
watch the job page follow the job, read its chart, download its files; a job stays private
to its browser (and its link, and the admin); cancel and delete it from its page."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import GOOD, QUERIES, baoku, many_queries
from live_serve import SCREENSHOTS
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ADMIN = "admin-token-of-the-browser-test"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def jobs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-jobs")


@pytest.fixture(scope="module")
def server(batch_index, jobs) -> Iterator[str]:
    """`baoku serve` on the batch index with its own jobs folder and an admin token;
    yields its address."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BAOKU_BATCH_DIR": str(jobs),
           "BAOKU_ADMIN_TOKEN": ADMIN}
    proc = subprocess.Popen([sys.executable, "-c", "from indexer.cli import main; main()",
                             "serve", "--index", str(batch_index.path), "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    address: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            if (m := re.search(r"http://\S+/", line)) and not address:
                address.append(m.group(0))
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(90):
            pytest.fail("baoku serve printed no address")
        yield address[0]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()


def watched(page: Page) -> list[str]:
    """The console errors and page errors of ``page`` (a CSP violation is one)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def share(value: float) -> str:
    """A share as the chart writes it (batch.js ``label``)."""
    return f"{value * 100:.{2 if value * 100 < 10 else 1}f}%"


def test_upload_follow_read_the_chart_and_download(server, browser, batch_index, tmp_path):
    queries = tmp_path / "疫情课题.txt"
    queries.write_text(QUERIES, encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    errors = watched(page)
    page.goto(server)
    page.click("a.nav-link")  # /batch is in the site's header
    expect(page.locator("h1")).to_have_text("批量检索")
    page.set_input_files("input[name=queries]", str(queries))
    page.select_option("select[name=by]", "year")
    page.fill("input[name=limit]", "5")
    page.click("#batch-upload button[type=submit]")
    expect(page.locator("#batch-job h1")).to_have_text("疫情课题.txt")
    # The page follows the job by itself and shows the chart and the files when it is done.
    expect(page.locator("#status")).to_have_text("已完成", timeout=90_000)
    expect(page.locator("#done")).to_have_text("11")
    expect(page.locator("#files a")).to_have_text(
        ["汇总（每条查询的总数）", "按时间计数·长表（每行一条查询的一个时期，含占比）",
         "按时间计数·宽表（每行一个时期，每列一条查询）", "全部结果"])
    expect(page.locator("#no-results")).to_have_text("没有结果的查询（1 条）：10 xyz无此词")
    expect(page.locator("#invalid li")).to_have_text(
        ['11 "没有结束 第 1 个字符处的引号没有闭合'])

    # The chart: the eight queries with the most matches, as `baoku trend` counts them.
    code, out, _ = baoku("trend", *(q for _, q in GOOD), "--by", "year", "--json",
                         "--index", str(batch_index.path))
    assert code == 0
    trends = json.loads(out)
    top = sorted(trends, key=lambda t: -t["total"])[:8]
    shown = [t for t in trends if t in top]
    expect(page.locator("#chart[data-ready]")).to_have_count(1)
    expect(page.locator("#chart-legend li")).to_have_text(
        [f"{t['query']}（{t['total']} 篇）" for t in shown])
    expect(page.locator("#chart-note")).to_have_text(
        "图中是总数最多的 8 条查询（共 10 条）；全部查询见宽表。")
    periods = [p["period"] for p in trends[0]["periods"]]
    assert periods == ["2012", "2016", "2019", "2020", "undated"]
    expect(page.locator("#chart .x-label")).to_have_text(
        ["2012", "2016", "2019", "2020", "无日期"])
    expect(page.locator("#chart .series")).to_have_count(8)
    most = max(p["count"] for t in shown for p in t["periods"])
    expect(page.locator("#chart .y-max")).to_have_text(str(most))
    page.screenshot(path=str(REPO / "docs" / "screenshot-batch.png"), full_page=True)
    page.click("#chart [data-mode=ratios]")
    expect(page.locator("#chart [data-mode=ratios]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#chart .y-max")).to_have_text(
        share(max(p["ratio"] for t in shown for p in t["periods"])))
    page.click("#chart [data-mode=counts]")
    expect(page.locator("#chart .y-max")).to_have_text(str(most))

    # Downloads: the long summary, and the wide table headed with the queries.
    with page.expect_download() as info:
        page.click("#files a >> nth=0")
    summary = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename.endswith(".summary.csv")
    assert summary.splitlines()[0] == "\ufeffid,query,total,first_date,last_date,error"
    assert summary.splitlines()[1].startswith("2,中国,91,")
    with page.expect_download() as info:
        page.click("#files a >> nth=2")
    with open(info.value.path(), encoding="utf-8-sig", newline="") as f:
        wide = list(csv.reader(f))
    assert wide == [["period", *(t["query"] for t in trends)],
                    *([p, *(str(t["periods"][i]["count"]) for t in trends)]
                      for i, p in enumerate(periods))]

    # On a phone the chart fits the screen and nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    expect(page.locator("#chart .chart-svg")).to_have_attribute("width", re.compile(r"^3\d\d$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SCREENSHOTS / "batch-job-phone.png"), full_page=True)
    page.goto(server + "batch")
    expect(page.locator("#jobs tbody tr td >> nth=0")).to_have_text("疫情课题.txt")
    context.close()
    assert errors == []



def paste_and_start(page: Page, server: str, queries: str) -> str:
    """Start a job from pasted queries; returns its page's address (with its key)."""
    page.goto(server + "batch")
    page.fill("#queries-text", queries)
    page.click("#batch-upload button[type=submit]")
    expect(page.locator("#batch-job h1")).to_have_text("粘贴的查询")
    return page.url


def test_a_job_counting_by_place_charts_the_places_its_queries_match_most(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = watched(page)
    page.goto(server + "batch")
    page.fill("#queries-text", "\n".join(query for _, query in GOOD))
    page.select_option("select[name=by]", "place")
    page.check("input[name=counts_only]")
    page.click("#batch-upload button[type=submit]")
    expect(page.locator("#status")).to_have_text("已完成", timeout=90_000)
    expect(page.locator(".batch-options")).to_contain_text("按地点计数，只计数")
    job_id = re.search(r"/batch/([^/?]+)\?key=", page.url).group(1)
    chart = context.request.get(f"{server}api/batch/{job_id}/chart").json()
    assert chart["kind"] == "values" and len(chart["periods"]) == 20
    # The places as dots over their names, every name written; no line joins places.
    expect(page.locator("#chart[data-ready]")).to_have_count(1)
    expect(page.locator("#chart .x-label")).to_have_text(chart["periods"])
    expect(page.locator("#chart .series")).to_have_count(len(chart["series"]))
    expect(page.locator("#chart .series path")).to_have_count(0)
    expect(page.locator("#chart .series circle")).to_have_count(
        sum(count is not None for s in chart["series"] for count in s["counts"]))
    expect(page.locator("#chart .y-max")).to_have_text(
        str(max(count for s in chart["series"] for count in s["counts"])))
    page.screenshot(path=str(SCREENSHOTS / "batch-job-places.png"), full_page=True)
    context.close()
    assert errors == []


def test_another_browser_cannot_see_open_or_download_a_job_but_the_admin_can(
        server, browser):
    mine = browser.new_context(viewport=DESKTOP)
    page = mine.new_page()
    errors = watched(page)
    link = paste_and_start(page, server, "疫情\n武汉\n")
    expect(page.locator("#status")).to_have_text("已完成", timeout=60_000)
    job_id = re.search(r"/batch/([^/?]+)\?key=", link).group(1)
    download = page.locator("#files a >> nth=0").get_attribute("href").split("?")[0]
    page.goto(server + "batch")
    expect(page.locator("#jobs tbody tr")).to_have_count(1)

    other = browser.new_context(viewport=DESKTOP)
    stranger = other.new_page()
    stranger.goto(server + "batch")
    expect(stranger.locator("#jobs")).to_have_count(0)  # no job listed
    response = stranger.goto(f"{server}batch/{job_id}")
    assert response.status == 404
    expect(stranger.locator("h1")).to_have_text("页面不存在")
    expect(stranger.locator("main")).to_contain_text(f"没有这个批量检索任务：{job_id}")
    for url in (server + download.lstrip("/"), f"{server}api/batch/{job_id}",
                f"{server}api/batch/{job_id}/chart"):
        assert other.request.get(url).status == 404, url
    # The link is shared on purpose: it shows the job, without the buttons to change it.
    stranger.goto(link)
    expect(stranger.locator("#batch-job h1")).to_have_text("粘贴的查询")
    expect(stranger.locator("#cancel, #delete")).to_have_count(0)
    other.close()

    admin = browser.new_context(viewport=DESKTOP,
                                 extra_http_headers={"X-Baoku-Admin-Token": ADMIN})
    admin_page = admin.new_page()
    admin_page.goto(server + "batch")
    expect(admin_page.locator(f"#jobs a[href^='/batch/{job_id}?key=']")).to_have_count(1)
    admin_page.goto(f"{server}batch/{job_id}")
    expect(admin_page.locator("#status")).to_have_text("已完成")
    expect(admin_page.locator("#delete")).to_have_count(1)
    assert admin.request.get(server + download.lstrip("/")).status == 200
    admin.close()
    mine.close()
    assert errors == []


def test_cancel_then_delete_a_job_from_its_page(server, browser, jobs, tmp_path):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    errors = watched(page)
    queries = tmp_path / "大课题.txt"  # some thousands of queries, each with up to 1000 hits
    queries.write_text(many_queries() * 20, encoding="utf-8")
    total = len(queries.read_text(encoding="utf-8").splitlines())
    page.goto(server + "batch")
    page.set_input_files("input[name=queries]", str(queries))
    page.fill("input[name=limit]", "1000")
    page.click("#batch-upload button[type=submit]")
    expect(page.locator("#batch-job h1")).to_have_text("大课题.txt")
    job_id = page.url.split("/batch/")[1].split("?")[0]
    expect(page.locator("#status")).to_have_text("运行中", timeout=30_000)
    expect(page.locator("#eta")).to_have_text(
        re.compile(r"^预计(不到 1 分钟完成|还需约 \d+ 分钟)$"), timeout=30_000)
    page.click("#cancel")
    # The job stops at once; what it did is kept, marked as partial.
    expect(page.locator("#status")).to_have_text("已取消", timeout=15_000)
    done = int(page.locator("#done").inner_text())
    assert 0 < done < total
    expect(page.locator("#partial")).to_have_text(
        f"已取消：只完成了 {done} / {total} 条查询，下面的文件只是这部分结果。")
    expect(page.locator("#files")).to_be_visible()
    with page.expect_download() as info:
        page.click("#files a >> nth=0")
    assert info.value.suggested_filename == f"batch-{job_id}.partial.summary.csv"
    assert len(Path(info.value.path()).read_text(encoding="utf-8").splitlines()) == done + 1
    page.screenshot(path=str(SCREENSHOTS / "batch-cancelled.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#delete")
    page.wait_for_url(server + "batch")
    expect(page.locator(f"#jobs a[href^='/batch/{job_id}']")).to_have_count(0)
    assert not (jobs / job_id).exists()
    context.close()
    assert errors == []
