"""How many concurrent users ``baoku serve`` holds: requests per second and latency under a
closed loop of clients, for one worker process against several, with and without an editor
reindexing meanwhile.

The archive is the bundled ``corpus/`` (or ``--data DIR``, any folder or files
``baoku index`` reads), indexed once with ``baoku index`` into a temporary folder; each run
serves a fresh copy of it with ``baoku serve --workers W`` on a free loopback port. Each of
``--clients`` threads sends, with no pause, a request drawn from a mix made from the
archive's own articles, each on a new connection (``http.client``), as users do who read a
page for longer than the server keeps a connection open (two seconds); a connection kept for
a whole run would stay with one worker process throughout:

- 50% searches of one real word (the most frequent words of the headlines, cut by jieba),
- 20% the same searches filtered by paper and year (of an article holding the word),
- 20% article pages (``/article/<id>``),
- 10% issue pages (``/issue/<date>?source=…``).

A run lasts ``--duration`` seconds after an unmeasured run of ``--warm`` seconds with as
many clients (every worker fills its caches). "reindex" runs ``baoku index``
in a loop beside the clients, each round adding ten articles and replacing twenty (the
same ids with a changed body), one commit a round. A request is an error when it is not
answered 200. The client's own CPU time is printed beside each run, to show that the
clients are not what limits the figures. Each server runs with and without its kept
pages (``--kept-pages``, MB for all the workers; ``search_web.page_cache``); "kept" is the share of
answers that came from them.

Run: ``.venv/bin/python bench/load.py [--duration 20] [--clients 16,50] [--workers 1,2]
[--kept-pages 32,0] [--data DIR]``.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import jieba

from indexer.article import Article
from indexer.readers import read_paths

REPO = Path(__file__).resolve().parents[1]
BAOKU = Path(sys.executable).with_name("baoku")
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
MIX = (("search", 50), ("filtered", 20), ("article", 20), ("issue", 10))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Mix:
    """The paths a client asks for, by kind, from the archive's articles."""

    paths: dict[str, list[str]]

    @classmethod
    def of(cls, articles: list[Article], words: int = 300) -> Mix:
        jieba.setLogLevel(60)
        counts = Counter(w for a in articles for w in jieba.cut(a.title) if HAN_WORD.match(w))
        common = [w for w, _n in counts.most_common(words)]
        filtered = []
        for word in common:
            holder = next((a for a in articles if word in a.title and a.source and a.date),
                          None)
            if holder is not None:
                filtered.append(urlencode({"q": word, "source": holder.source,
                                           "year": holder.date[:4]}))
        issues = sorted({(a.date, a.source) for a in articles if a.date and a.source})
        return cls({
            "search": [f"/search?{urlencode({'q': w})}" for w in common],
            "filtered": [f"/search?{q}" for q in filtered],
            "article": [f"/article/{quote(a.id, safe='')}" for a in articles],
            "issue": [f"/issue/{d}?{urlencode({'source': s})}" for d, s in issues],
        })

    def draw(self, rng: random.Random) -> str:
        kind = rng.choices([k for k, _w in MIX], weights=[w for _k, w in MIX])[0]
        return rng.choice(self.paths[kind])


@dataclass
class Run:
    """What the clients of one run measured."""

    latencies: list[float] = field(default_factory=list)  # ms, answered requests
    errors: Counter[str] = field(default_factory=Counter)
    commits: int = 0
    seconds: float = 0.0
    client_cpu: float = 0.0  # seconds of this process's CPU
    kept: int = 0  # answers the server gave from its kept pages
    lock: threading.Lock = field(default_factory=threading.Lock)

    def row(self, label: str) -> str:
        n = len(self.latencies) + sum(self.errors.values())
        lat = self.latencies or [0.0]
        return (f"{label:<36}{n:>9,}{n / self.seconds:>8.1f}{percentile(lat, 0.5):>8.0f}"
                f"{percentile(lat, 0.95):>8.0f}{percentile(lat, 0.99):>8.0f}"
                f"{sum(self.errors.values()):>8}{self.commits:>8}"
                f"{1000 * self.client_cpu / max(n, 1):>10.2f}{100 * self.kept / max(n, 1):>7.0f}%")


HEADER = (f"{'server / kept MB / clients / reindex':<36}{'requests':>9}{'req/s':>8}"
          f"{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}{'commits':>8}{'client ms':>10}{'kept':>8}")


def client(port: int, mix: Mix, seed: int, deadline: float, run: Run) -> None:
    """One user: a request after the other, each on a new connection, until
    ``deadline``."""
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        path = mix.draw(rng)
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            with run.lock:
                run.errors[type(exc).__name__] += 1
            continue
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        with run.lock:
            if response.status == 200:
                run.latencies.append(ms)
                run.kept += response.getheader("X-Baoku-Page") == "kept"
            else:
                run.errors[str(response.status)] += 1


def reindex(index: Path, pool: list[Article], folder: Path, stop: threading.Event,
            run: Run) -> None:
    """``baoku index`` in a loop until ``stop``: each round adds ten articles and replaces
    twenty."""
    rnd = 0
    while not stop.is_set():
        rnd += 1
        picked = [pool[(rnd * 30 + i) % len(pool)] for i in range(30)]
        records = [a.replace(body=f"{a.body}\n（第{rnd}次修订）").to_dict() for a in picked[:20]]
        records += [a.replace(id=f"{a.id}-load{rnd}").to_dict() for a in picked[20:]]
        path = folder / f"round-{rnd}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        done = subprocess.run([str(BAOKU), "index", str(path), "--index", str(index)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log(f"baoku index failed: {done.stderr.strip()}")
            return
        run.commits += 1


@contextmanager
def serving(index: Path, workers: int, threads: int, kept_mb: int) -> Iterator[int]:
    """``baoku serve`` on ``index`` on a free loopback port, keeping ``kept_mb`` MB of pages
    a worker; yields the port."""
    proc = subprocess.Popen([str(BAOKU), "serve", "--index", str(index), "--port", "0",
                             "--workers", str(workers), "--threads", str(threads)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1",
                                 "BAOKU_PAGE_CACHE_MB": str(kept_mb)})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found is None:
            raise SystemExit(f"baoku serve did not start: {line!r}")
        yield int(found.group(1))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def measure(port: int, mix: Mix, clients: int, duration: float, index: Path | None,
            pool: list[Article], scratch: Path) -> Run:
    """One run of ``clients`` users for ``duration`` seconds; with ``index``, reindexing it
    meanwhile."""
    run = Run()
    stop = threading.Event()
    writer = None
    if index is not None:
        writer = threading.Thread(target=reindex, args=(index, pool, scratch, stop, run))
        writer.start()
    cpu = time.process_time()
    started = time.monotonic()
    deadline = started + duration
    users = [threading.Thread(target=client, args=(port, mix, i, deadline, run))
             for i in range(clients)]
    for user in users:
        user.start()
    for user in users:
        user.join()
    run.seconds = time.monotonic() - started
    run.client_cpu = time.process_time() - cpu
    stop.set()
    if writer is not None:
        writer.join()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "corpus",
                        help="Articles to index (default: the bundled corpus/).")
    parser.add_argument("--duration", type=float, default=20.0, help="Seconds a run lasts.")
    parser.add_argument("--warm", type=float, default=5.0,
                        help="Seconds of the unmeasured run before each run.")
    parser.add_argument("--clients", default="16,50", help="Concurrent clients, per run.")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}",
                        help="Worker processes of the server, per run (default: one, then "
                             "one per CPU core).")
    parser.add_argument("--threads", type=int, default=8, help="Threads per worker.")
    parser.add_argument("--kept-pages", default="32,0",
                        help="MB of pages the workers keep (BAOKU_PAGE_CACHE_MB), per run; "
                             "0 renders every page.")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    kept = [int(k) for k in args.kept_pages.split(",")]
    articles = [a for a in read_paths([args.data]) if isinstance(a, Article)]
    mix = Mix.of(articles)
    with tempfile.TemporaryDirectory(prefix="baoku-load-") as tmp:
        base = Path(tmp) / "base"
        log(f"indexing {len(articles):,} articles of {args.data}")
        subprocess.run([str(BAOKU), "index", str(args.data), "--index", str(base)],
                       check=True, capture_output=True)
        rows = []
        for workers, kept_mb, n, live in itertools.product(
                sorted({int(w) for w in args.workers.split(",")}), kept, clients,
                (False, True)):
            index = Path(tmp) / "served"
            shutil.rmtree(index, ignore_errors=True)
            shutil.copytree(base, index)
            scratch = Path(tmp) / "rounds"
            scratch.mkdir(exist_ok=True)
            label = (f"{workers}x{args.threads} / {kept_mb} / {n} / "
                     f"{'yes' if live else 'no'}")
            log(f"run: {label}")
            with serving(index, workers, args.threads, kept_mb) as port:
                measure(port, mix, n, args.warm, None, articles, scratch)
                run = measure(port, mix, n, args.duration, index if live else None,
                              articles, scratch)
            rows.append(run.row(label))
            if run.errors:
                log(f"  errors: {dict(run.errors)}")
    print(f"{len(articles):,} articles; {args.duration:.0f} s a run; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; latencies in ms; client ms: the "
          "clients' CPU time per request; kept: answers from the server's kept pages\n")
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
