"""``baoku serve`` as a real subprocess, and Debian's Chromium driven by Playwright: what the
browser tests of every folder start (``tests/web``, ``tests/saved``). A module of its own,
like ``corpus_paths``, so that test folders can import it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # what browser tests save
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@contextmanager
def serving(index: str | os.PathLike[str], *extra: str,
            env: dict[str, str] | None = None) -> Iterator[str]:
    """``baoku serve`` on the archive ``index`` on a free port (``extra``: more options,
    ``env``: more environment variables); yields the address it printed, and stops it."""
    baoku = Path(sys.executable).with_name("baoku")
    environ = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen([str(baoku), "serve", "--index", str(index), "--host",
                             "127.0.0.1", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environ)
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


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium driven by Playwright (never a downloaded browser). Playwright's
    synchronous API runs one at a time in a thread: tests take the session's ``browser``
    fixture (``tests/conftest.py``) rather than starting another."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        SCREENSHOTS.mkdir(exist_ok=True)
        yield browser
        browser.close()
