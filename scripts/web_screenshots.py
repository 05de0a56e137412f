"""Screenshots of the web pages for the docs: the search page on a desktop and on a phone,
and an article with its citations open.

Indexes the bundled sample archive (``corpus/``) into a temporary folder, runs
``baoku serve`` on it and drives Debian's Chromium with Playwright. Run from the
repository, in its virtual environment::

    python scripts/web_screenshots.py            # writes docs/screenshot-*.png
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
ARTICLE = "h-e5569c6290978186"


def serve(index: Path) -> tuple[subprocess.Popen, str]:
    """``baoku serve`` on ``index`` and the address it printed."""
    baoku = Path(sys.executable).with_name("baoku")
    proc = subprocess.Popen([str(baoku), "serve", "--index", str(index), "--host",
                             "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if found := re.search(r"http://\S+/", line):
            return proc, found.group(0)
    raise SystemExit("baoku serve printed no address")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        index = create_or_open(Path(tmp) / "index")
        index_articles(index, read_paths([REPO / "corpus"]))
        proc, base = serve(index.path)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                            args=["--no-sandbox", "--headless"])
                search = base + "search?" + urllib.parse.urlencode({"q": "改革"})
                page = browser.new_page(viewport={"width": 1280, "height": 900},
                                        locale="zh-CN")
                page.goto(search + "&" + urllib.parse.urlencode({"source": "人民日报"}))
                page.screenshot(path=str(DOCS / "screenshot-search.png"))
                page.goto(f"{base}article/{ARTICLE}?q=%E5%B9%B3%E5%AE%89")
                page.locator("#cite summary").click()
                page.screenshot(path=str(DOCS / "screenshot-article.png"))
                phone = browser.new_page(viewport={"width": 390, "height": 844},
                                         locale="zh-CN")
                phone.goto(search + "&" + urllib.parse.urlencode({"year": "2019"}))
                phone.screenshot(path=str(DOCS / "screenshot-search-phone.png"))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
