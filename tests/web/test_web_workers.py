"""``baoku serve --workers N``: several processes answering on one port, each seeing an
editor's commit, a batch job run once however many workers, and nothing left running after
SIGTERM. Every test runs the real server as a subprocess on a free loopback port."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner

from indexer.article import Article
from indexer.batch import BatchOptions, run_batch
from indexer.cli import main
from indexer.cores import usable_cores
from indexer.engine.store import ArchiveIndex
from search_web.batch_jobs import JobStore

BAOKU = Path(sys.executable).with_name("baoku")
REPO = Path(__file__).resolve().parents[2]
ADDED_FILE = REPO / "tests" / "data" / "corpus" / "sohu-chinanews.jsonl"
REFORM = "/api/search?q=" + quote("改革")
EVERYTHING = "/api/search"
ACCESS = re.compile(r"^<(\d+)> \S+ \"GET (\S+) HTTP/1\.1\" (\d+) ")


class Server:
    """A running ``baoku serve``: its process, its address and what it printed."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._printed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self._printed.set()

    @property
    def url(self) -> str:
        found = re.search(r"http://\S+/", self.lines[0])
        assert found is not None, self.lines
        return found.group(0)

    def children(self) -> set[int]:
        text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        return {int(pid) for pid in text.split()}

    def workers(self, n: int) -> set[int]:
        """The pids of the server's ``n`` worker processes (its children), once all are
        started."""
        deadline = time.monotonic() + 30
        while len(pids := self.children()) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        return pids

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=60) as response:
            return json.load(response)

    def answered(self, since: int = 0) -> list[tuple[int, str]]:
        """(worker pid, path) of each request logged after the first ``since`` lines."""
        return [(int(m.group(1)), m.group(2)) for line in self.lines[since:]
                if (m := ACCESS.match(line))]

    def totals_until_every_worker_answered(self, path: str) -> tuple[set[int], set[int]]:
        """Send ``path`` eight at a time, each on a new connection, until every worker
        has answered it at least once (at most 400 requests); the totals found and the pids
        that answered."""
        since = len(self.lines)
        workers = self.children()
        totals: set[int] = set()
        with ThreadPoolExecutor(8) as pool:
            for _round in range(50):
                totals |= {r["total"] for r in pool.map(lambda _i: self.get(path), range(8))}
                time.sleep(0.2)  # the access log lines of this round
                if {pid for pid, p in self.answered(since) if p == path} >= workers:
                    break
        return totals, {pid for pid, p in self.answered(since) if p == path}


@contextmanager
def serving(index: Path, *options: str, env: dict[str, str] | None = None
            ) -> Iterator[Server]:
    """``baoku serve`` on ``index`` on a free port, with ``options``; stopped with SIGTERM
    at the end."""
    proc = subprocess.Popen([str(BAOKU), "serve", "--index", str(index), "--host",
                             "127.0.0.1", "--port", "0", *options],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    server = Server(proc)
    try:
        assert server._printed.wait(60), "baoku serve printed nothing"
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        assert proc.stdout is not None
        proc.stdout.close()


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_two_workers_answer_searches_from_two_processes(sample_index: ArchiveIndex):
    with serving(sample_index.path, "--workers", "2", "--access-log") as server:
        port = server.url.rsplit(":", 1)[1].rstrip("/")
        assert server.lines[0] == (f"Baoku is serving the index {sample_index.path} at "
                                   f"http://127.0.0.1:{port}/ with 2 workers of 8 threads  "
                                   "(Ctrl+C stops)")
        workers = server.workers(2)
        assert len(workers) == 2 and server.proc.pid not in workers
        totals, answering = server.totals_until_every_worker_answered(REFORM)
        assert totals == {43}
        assert answering == workers


def test_a_commit_is_seen_by_every_worker(sample_index: ArchiveIndex, tmp_path: Path):
    index = tmp_path / "index"
    shutil.copytree(sample_index.path, index)
    with serving(index, "--workers", "2", "--access-log") as server:
        workers = server.workers(2)
        assert server.totals_until_every_worker_answered(EVERYTHING) == ({140}, workers)
        done = subprocess.run([str(BAOKU), "index", str(ADDED_FILE), "--index", str(index),
                               "--json"], capture_output=True, text=True, check=True)
        added = json.loads(done.stdout)["added"]
        assert added == 60
        assert server.totals_until_every_worker_answered(EVERYTHING) == ({200}, workers)


def test_a_page_one_worker_rendered_is_kept_for_every_worker(sample_index: ArchiveIndex,
                                                            tmp_path: Path):
    """The workers keep their pages together: the search page one rendered is sent by the
    others as it is, not rendered once per worker."""
    index = tmp_path / "index"
    shutil.copytree(sample_index.path, index)
    page = "/search?q=" + quote("改革")
    with serving(index, "--workers", "2", "--access-log") as server:
        workers = server.workers(2)
        since, answers, answering = len(server.lines), [], set()
        for _ in range(100):
            with urllib.request.urlopen(server.url + page.lstrip("/"), timeout=60) as answer:
                total = "共 <strong>43</strong> 篇" in answer.read().decode()
                answers.append((answer.headers["X-Baoku-Page"], total))
            time.sleep(0.05)  # the access log line
            answering = {pid for pid, path in server.answered(since) if path == page}
            if answering >= workers:
                break
        assert answering == workers
        assert answers[0] == ("rendered", True) and set(answers[1:]) == {("kept", True)}
    assert (tmp_path / "index.pages").is_dir()


def _queries(articles: list[Article], n: int) -> list[str]:
    """``n`` different two-character strings of the sample's headlines."""
    found: dict[str, None] = {}
    for article in articles:
        for i in range(len(article.title) - 1):
            pair = article.title[i:i + 2]
            if all("\u4e00" <= c <= "\u9fff" for c in pair):
                found[pair] = None
    assert len(found) >= n
    return list(found)[:n]


def test_a_batch_job_runs_exactly_once(sample_index: ArchiveIndex,
                                       sample_articles: list[Article], tmp_path: Path):
    """A job left queued by a stopped server is taken up by one of the two workers only,
    and its files are those of one run of the same queries."""
    queries = "\n".join(_queries(sample_articles, 150)) + "\n"
    options = BatchOptions(limit=5)
    jobs = tmp_path / "jobs"
    address = str(sample_index.path)
    job = JobStore(jobs, address, 5000).create(queries.encode(), "queries.txt", options)
    (tmp_path / "queries.txt").write_text(queries, encoding="utf-8")
    expected = run_batch(address, tmp_path / "queries.txt", tmp_path / "alone", options)
    assert expected.queries == 150
    with serving(sample_index.path, "--workers", "2",
                 env={"BAOKU_BATCH_DIR": str(jobs)}) as server:
        deadline = time.monotonic() + 120
        job_url = f"/api/batch/{job['id']}?key={job['key']}"  # jobs are private
        while (state := server.get(job_url))["status"] != "done":
            assert state["status"] in ("queued", "running") and time.monotonic() < deadline
            time.sleep(0.5)
        assert len(server.workers(2)) == 2
    folder = jobs / job["id"]
    for suffix in ("summary.csv", "counts.csv", "hits.csv"):
        assert (folder / f"batch.{suffix}").read_bytes() == \
            (tmp_path / f"alone.{suffix}").read_bytes(), suffix
    report = json.loads((folder / "job.json").read_text(encoding="utf-8"))["report"]
    kept = ("queries", "ran", "resumed_from", "errors", "no_results")
    assert {k: report[k] for k in kept} == {k: expected.to_json()[k] for k in kept}
    assert (report["ran"], report["resumed_from"]) == (150, 0)


def test_sigterm_stops_every_worker_of_the_default_count(sample_index: ArchiveIndex):
    cores = usable_cores()
    with serving(sample_index.path) as server:
        assert f" with {cores} worker" in server.lines[0]
        workers = server.workers(cores)
        assert len(workers) == cores
        assert server.get(REFORM)["total"] == 43
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if alive(pid)] == []


def test_a_port_in_use_is_a_clear_error(sample_index: ArchiveIndex):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index", str(sample_index.path),
                                           "--port", str(port), "--workers", "2"])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"



def test_failed_logins_are_counted_across_workers(sample_index: ArchiveIndex,
                                                  tmp_path: Path):
    """Three wrong tokens, wherever they land, lock the address out of every worker: N
    workers do not give a guesser N times the tries."""
    index = tmp_path / "index"
    shutil.copytree(sample_index.path, index)
    env = {"BAOKU_ADMIN_TOKEN": "right-token", "BAOKU_LOGIN_ATTEMPTS": "3"}
    with serving(index, "--workers", "2", "--access-log", env=env) as server:
        workers = server.workers(2)

        def status() -> int:
            request = urllib.request.Request(server.url + "admin",
                                             headers={"X-Baoku-Admin-Token": "guess"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status
            except urllib.error.HTTPError as refused:
                return refused.code

        assert [status() for _ in range(3)] == [403, 403, 403]
        since, refused_by = len(server.lines), set()
        for _ in range(100):
            assert status() == 429
            time.sleep(0.05)  # the access log line
            refused_by = {pid for line in server.lines[since:]
                          if (m := ACCESS.match(line)) and m.group(3) == "429"
                          for pid in [int(m.group(1))]}
            if refused_by >= workers:
                break
        assert refused_by == workers
    assert (tmp_path / "index.admin-logins.sqlite3").is_file()
