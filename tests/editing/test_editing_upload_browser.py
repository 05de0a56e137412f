"""An editor uploads an issue in a real Chromium, on a desktop and on a phone: while it is
indexed the button is disabled and a status says so; the result page lists the articles by
page (版) with their headlines, each opening its article; a zip without articles is headed
as a failure. The desktop's result page is saved as docs/screenshot-admin-result.png."""
from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from editing_helpers import start_baoku

from indexer.engine.store import create_or_open
from indexer.readers import read_paths

TOKEN = "editor-token-2019"
REPO = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture()
def server(tmp_path) -> Iterator[str]:
    """``baoku serve`` on a new, empty archive with the admin pages enabled; yields its
    address."""
    create_or_open(tmp_path / "index")
    proc = start_baoku("serve", "--index", tmp_path / "index", "--port", "0",
                       env={**os.environ, "BAOKU_ADMIN_TOKEN": TOKEN,
                            "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://\S+/", line)
        assert address is not None, (line, proc.stderr.read() if proc.poll() else "")
        yield address.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def zipped(folder: Path, dest: Path, names: list[tuple[Path, str]] | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for path, name in names or [(p, f"{folder.name}/{p.name}")
                                    for p in sorted(folder.iterdir())]:
            z.write(path, name)
    return dest


def expected_pages(folder: Path) -> list[tuple[str, list[str]]]:
    """("第 N 版（K 篇）", headlines) for each page of the issue, as the readers read it
    (with spaces collapsed, as a browser shows them)."""
    pages: dict[int, list[str]] = {}
    for article in read_paths([folder]):
        pages.setdefault(int(article.page), []).append(" ".join(article.title.split()))
    return [(f"第 {page} 版（{len(titles)} 篇）", titles) for page, titles in sorted(pages.items())]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_editor_uploads_an_issue(browser, server, epaper, tmp_path, viewport) -> None:
    from playwright.sync_api import expect

    issue = epaper / "20191005"
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(server + "admin")
    page.fill("input[name=token]", TOKEN)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#index-info")).to_have_text("索引现有 0 篇文章。")

    # What the page shows once the form is submitted, noted (by a listener that runs after
    # the page's own) where the next page can read it.
    page.evaluate("""() => document.getElementById("upload-form").addEventListener(
        "submit", () => sessionStorage.setItem("seen", JSON.stringify([
            document.getElementById("upload-button").disabled,
            document.getElementById("upload-button").textContent,
            document.getElementById("upload-status").checkVisibility(),
            document.getElementById("upload-status").textContent])))""")
    page.set_input_files("input[name=issue]", str(zipped(issue, tmp_path / "20191005.zip")))
    page.click("#upload-button", no_wait_after=True)
    expect(page.locator("#result-heading")).to_have_text("已索引 20191005.zip：37 篇文章",
                                                         timeout=120_000)
    assert page.evaluate("JSON.parse(sessionStorage.getItem('seen'))") == [
        True, "正在索引…", True, "正在索引…请稍候，不要关闭本页。"]
    shown = [(group.locator("h3").inner_text(), group.locator("li a").all_inner_texts())
             for group in page.locator(".upload-page").all()]
    assert shown == expected_pages(issue)
    assert page.locator(".upload-page .action").all_inner_texts() == ["新增"] * 37
    assert page.evaluate("document.scrollingElement.scrollWidth") <= VIEWPORTS[viewport][
        "width"]
    if viewport == "desktop":
        page.screenshot(path=str(REPO / "docs" / "screenshot-admin-result.png"))
    first = shown[0][1][0]
    page.locator(".upload-page li a").first.click()
    expect(page.locator("h1")).to_have_text(first)

    page.goto(server + "admin")
    pdf = zipped(issue, tmp_path / "pages.zip",
                 [(REPO / "tests" / "data" / "binary.txt", "20191006/page-01.pdf")])
    page.set_input_files("input[name=issue]", str(pdf))
    page.click("#upload-button", no_wait_after=True)
    expect(page.locator("#result-heading")).to_have_text(
        "上传失败：pages.zip 里没有读到任何文章", timeout=120_000)
    expect(page.locator("#result-advice")).to_have_text(
        "这一期没有保存，也没有索引。请上传整期报纸的文本文件夹（电子版文本、整版文本、网页或 "
        "JSONL）；PDF 和图片无法读取。")
    assert str(tmp_path) not in page.content()
    page.close()
