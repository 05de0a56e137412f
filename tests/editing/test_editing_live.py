"""Searching while an issue is indexed: in threads of this process and over HTTP against a
running `baoku serve`. No search fails, none sees half a commit (the total is the old count
or the new one, a corrected article is there exactly once), and totals never go back."""
from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from editing_helpers import start_baoku, untimed

from indexer.engine.search import search
from indexer.engine.store import open_index
from indexer.results import SearchRequest


def correct(issue: Path) -> None:
    """Retitle article 04-02 of the issue (a correction: same id, new content)."""
    article = issue / "20191005-04-02.txt"
    lines = article.read_bytes().decode("utf-8").split("\r\n")
    lines[1] = "秋染梯田（更正稿）"
    article.write_bytes("\r\n".join(lines).encode("utf-8"))


def serve(index: Path):
    proc = start_baoku("serve", "--index", index, "--port", "0", "--threads", "4")
    line = proc.stdout.readline()
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert port, line + proc.stderr.read()
    return proc, f"http://127.0.0.1:{port.group(1)}"


def test_searches_during_an_indexing_run(baoku, epaper, tmp_path) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    issue = tmp_path / "issues" / "20191005"
    shutil.copytree(epaper / "20191005", issue)
    correct(issue)
    archive = open_index(index)
    server, base = serve(index)
    observed: dict[str, list[tuple[int, int]]] = {}
    errors: list[str] = []
    done = threading.Event()

    def in_process(name: str) -> None:
        while not done.is_set():
            try:
                total = search(archive, SearchRequest(limit=0)).total
                retitled = search(archive, SearchRequest(query="title:秋染梯田", limit=5)).total
                observed.setdefault(name, []).append((total, retitled))
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                errors.append(f"{name}: {type(exc).__name__}: {exc}")

    def over_http(name: str) -> None:
        while not done.is_set():
            try:
                counts = []
                for q in ("", "title:秋染梯田"):
                    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": q})
                    with urllib.request.urlopen(url, timeout=30) as response:
                        counts.append(json.load(response)["total"])
                observed.setdefault(name, []).append(tuple(counts))
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{name}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=in_process, args=(f"thread-{i}",)) for i in range(2)]
    threads += [threading.Thread(target=over_http, args=(f"http-{i}",)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.0)
        indexer = start_baoku("index", issue, epaper / "20191008", "--index", index)
        out, err = indexer.communicate(timeout=600)
        time.sleep(1.5)  # searches after the commit
    finally:
        done.set()
        for t in threads:
            t.join(60)
        server.terminate()
        server.communicate(timeout=30)
    assert (indexer.returncode, untimed(out)) == (
        0, "added 87, replaced 1, unchanged 36, removed 0, failed 0\n"), err
    assert errors == []
    assert sorted(observed) == ["http-0", "http-1", "thread-0", "thread-1"]
    for name, seen in observed.items():
        assert set(seen) == {(37, 1), (124, 1)}, name
        first_new = seen.index((124, 1))
        assert set(seen[first_new:]) == {(124, 1)}, name  # never back to the old count
