"""Fixtures of the web tests: the app and its test client over the session's sample index,
a helper to parse pages, and ``baoku serve`` running as a real subprocess for the browser.
"""
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
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import SCREENSHOTS

from indexer.engine.store import ArchiveIndex
from search_web import create_app

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def app(sample_index: ArchiveIndex) -> Flask:
    """The app over the sample index (read-only), 20 hits a page, 10 facet values."""
    return create_app({"index": str(sample_index.path), "TESTING": True, "page_size": 20,
                       "facet_size": 10, "snippet_chars": 160, "export_cap": 100_000})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(sample_index: ArchiveIndex) -> Iterator[str]:
    """``baoku serve`` on the sample index on a free port, as a real subprocess; yields the
    address it printed."""
    baoku = Path(sys.executable).with_name("baoku")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(baoku), "serve", "--index", str(sample_index.path),
                             "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "http://" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(60):
            proc.kill()
            _out, err = proc.communicate(timeout=10)
            pytest.fail(f"baoku serve printed no address: {lines!r} {err!r}")
        url = re.search(r"http://\S+/", "".join(lines))
        assert url is not None, lines
        yield url.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
