"""`baoku watch`: issues are indexed once complete, again when changed, never twice, and
each run is logged."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import time
from pathlib import Path

from editing_helpers import run_baoku, start_baoku, untimed

from indexer.editing.watch import LOG_NAME, Watcher
from indexer.engine.backend import WhooshBackend
from indexer.engine.locking import WriteLock, read_holder
from indexer.engine.store import open_index
from indexer.engine.writing import indexed_hashes

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d ")


def log_lines(index: Path) -> list[str]:
    path = index / LOG_NAME
    text = path.read_text("utf-8") if path.exists() else ""
    return [STAMP.sub("", untimed(line)) for line in text.splitlines()]


def wait_for_runs(index: Path, count: int, proc, limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    while len(log_lines(index)) < count:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, log_lines(index)
        time.sleep(0.1)


def test_watching_a_drop_folder(epaper, tmp_path) -> None:
    drop, index = tmp_path / "drop", tmp_path / "index"
    drop.mkdir()
    watcher = start_baoku("watch", drop, "--index", index, "--settle", "1.5",
                          "--interval", "0.2")
    try:
        # An issue copied file by file, slowly: indexed once, after the last file.
        arriving = drop / "20191005"
        arriving.mkdir()
        for source in sorted((epaper / "20191005").iterdir()):
            shutil.copy2(source, arriving / source.name)
            time.sleep(0.1)
            assert log_lines(index) == []
        wait_for_runs(index, 1, watcher)
        # An issue moved in at once from a hidden folder (hidden entries are ignored).
        shutil.copytree(epaper / "20191006", drop / ".20191006")
        (drop / ".20191006").rename(drop / "20191006")
        wait_for_runs(index, 2, watcher)
        # A correction to an indexed issue: indexed again, only the changed article.
        article = arriving / "20191005-04-02.txt"
        article.write_bytes(article.read_bytes() + "\r\n\u3000\u3000（有更正）".encode())
        wait_for_runs(index, 3, watcher)
        time.sleep(2.0)  # nothing else is indexed
    finally:
        watcher.send_signal(signal.SIGTERM)
        out, err = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, err
    expected = ["20191005: added 37, replaced 0, unchanged 0, removed 0, failed 0",
                "20191006: added 35, replaced 0, unchanged 0, removed 0, failed 0",
                "20191005: added 0, replaced 1, unchanged 36, removed 0, failed 0"]
    assert log_lines(index) == expected
    assert [STAMP.sub("", untimed(line)) for line in out.splitlines()] == expected
    assert len(indexed_hashes(open_index(index))) == 72

    # Restarted, the watcher remembers what it indexed: nothing to do.
    again = run_baoku("watch", drop, "--index", index, "--once", "--settle", "0")
    assert (again.code, again.out) == (0, "")
    assert len(log_lines(index)) == 3


def test_a_run_that_finds_the_index_locked_is_logged_and_retried(tmp_path) -> None:
    drop, index = tmp_path / "drop", tmp_path / "index"
    drop.mkdir()
    (drop / "late.jsonl").write_text(
        '{"id": "w1", "title": "晚到的稿件", "body": "夜班编辑补发的一篇。"}\n', "utf-8")
    lines: list[str] = []
    watcher = Watcher(WhooshBackend(index), drop, settle=0, wait=0.1, log=lines.append)
    with WriteLock(index, command="baoku index elsewhere") as lock:
        lock.acquire(0)
        since = read_holder(index).since
        (failed,) = watcher.poll()
    assert failed.error == (
        f"the index at {index} is being written by pid {os.getpid()} on "
        f"{socket.gethostname()} ('baoku index elsewhere', since {since}); waited 0.1 s. "
        "Try again when it has finished")
    (retried,) = watcher.poll()
    assert (retried.summary.added, watcher.poll()) == (1, [])
    assert [STAMP.sub("", untimed(line)) for line in lines] == [
        f"late.jsonl: Error: {failed.error} (will retry)",
        "late.jsonl: added 1, replaced 0, unchanged 0, removed 0, failed 0"]
    assert log_lines(index) == [STAMP.sub("", untimed(line)) for line in lines]
