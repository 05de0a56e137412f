"""A researcher in a real Chromium against `baoku serve`: upload a query file on /batch,
watch the job page follow the job, download the summary once it is done."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import QUERIES
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(batch_index, tmp_path_factory) -> Iterator[str]:
    """`baoku serve` on the batch index with its own jobs folder; yields its address."""
    jobs = tmp_path_factory.mktemp("browser-jobs")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BAOKU_BATCH_DIR": str(jobs)}
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


def test_upload_follow_and_download(server, tmp_path):
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    queries = tmp_path / "疫情课题.txt"
    queries.write_text(QUERIES, encoding="utf-8")
    SCREENSHOTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server + "batch")
            expect(page.locator("h1")).to_have_text("批量检索")
            page.set_input_files("input[name=queries]", str(queries))
            page.select_option("select[name=by]", "year")
            page.fill("input[name=limit]", "5")
            page.click("#batch-upload button[type=submit]")
            expect(page.locator("#batch-job h1")).to_have_text("疫情课题.txt")
            # The page follows the job by itself and shows the files when it is done.
            expect(page.locator("#status")).to_have_text("已完成", timeout=90_000)
            expect(page.locator("#done")).to_have_text("11")
            expect(page.locator("#files a")).to_have_text(
                ["汇总（每条查询的总数）", "按时间计数（含占比）", "全部结果"])
            expect(page.locator("#no-results li")).to_have_text(["10 xyz无此词"])
            expect(page.locator("#invalid li")).to_have_text(
                ['11 "没有结束 the quote opened at position 1 is never closed'])
            page.screenshot(path=str(SCREENSHOTS / "batch-job.png"), full_page=True)
            with page.expect_download() as info:
                page.click("#files a >> nth=0")
            summary = Path(info.value.path()).read_text(encoding="utf-8")
            assert info.value.suggested_filename.endswith(".summary.csv")
            # The byte-order mark Excel needs to read UTF-8, then the header.
            assert summary.splitlines()[0] == "\ufeffid,query,total,first_date,last_date,error"
            assert summary.splitlines()[1].startswith("2,中国,91,")
            page.goto(server + "batch")
            expect(page.locator("#jobs tbody tr td >> nth=0")).to_have_text("疫情课题.txt")
            page.screenshot(path=str(SCREENSHOTS / "batch-form.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
