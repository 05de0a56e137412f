"""Adding a daily issue to a large archive while ``baoku serve`` answers searches.

1. A base index of ``--articles`` articles (default 100,000) is built from the shared JSONL
   files, cycled with new ids (``bench-<round>-<id>``) and a copy marker in the body so that
   copies are distinct articles. It is built in commits of ``--batch`` articles under
   ``--work`` (default ``var/bench-reindex``) and kept: a later run reuses it, an interrupted
   build resumes where its last commit ended.
2. ``baoku serve`` is started on it; one client thread runs ``QUERIES`` over HTTP in a loop
   for ``--baseline`` seconds: the normal latency.
3. For each of ``--issues`` (人民日报 e-paper days, 30-100 articles each), ``baoku index DAY``
   runs as a real process while the client keeps searching and a poller asks the server for
   the issue's first article every 50 ms while it is missing, every 0.5 s while it is there
   (its page is costly: similar articles); it polls during the baseline too, for a missing
   article, so that both carry the same load. Measured: the indexer's wall time and CPU
   time (user + system: what the machine's load does not change), the library's own time
   (its summary), the moment the server first shows the article (visible), and the search
   latency from the start until both the command has ended and the article is visible.
   The issue is then withdrawn with ``baoku remove ID…`` (timed the same way), so the run
   can be repeated; ``--keep`` adds the issues one after the other instead, so that the
   small segments pile up and get merged, as in daily use.

Prints one row per issue and the medians, with p95 during the commit against the baseline.
Targets: visible in under 10 s; p95 during the commit under twice the baseline p95.

``--base DIR`` measures on a copy of an existing index instead (one built by
``bench/scale.py build N``): ``bench/index_copy.py`` links its segment files into
``--work``/``base-<name>`` (instantly, no disk space) and copies the rest, so the original
is never written; the run checks that at the end. Before measuring, every server thread
opens its searcher (``warm_up``). ``--indexer-nice N`` runs the indexer and the remover
under ``nice -n N``, as an editor can (``nice -n 10 baoku index ...``): the server keeps
the CPU. The load average is printed before and after.

Run: ``.venv/bin/python bench/reindex.py [--articles 100000] [--issues 20191008 ...]``;
``--build-only`` builds (or resumes) the base index and stops; ``--as-is`` measures on the
base index as far as it is built.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.index_copy import copy_index, fingerprint  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.cores import usable_cores  # noqa: E402
from indexer.engine.store import create_or_open  # noqa: E402
from indexer.engine.writing import index_articles, indexed_hashes  # noqa: E402
from indexer.readers import read_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "corpus-data"
SOURCES = ("rmrb-2019-2020.jsonl", "sohu-chinanews.jsonl", "sogou-samples.jsonl",
           "cwced-pages.jsonl")
BAOKU = Path(sys.executable).with_name("baoku")
THREADS = 4  # of baoku serve
QUERIES = ("改革", "疫情 防控", '"一带一路"', "北京 OR 上海", "经济 -股市", "title:国庆",
           "教育")


def base_articles(data: Path) -> list[Article]:
    articles = [a for a in read_paths([data / name for name in SOURCES])
                if isinstance(a, Article)]
    if not articles:
        sys.exit(f"no articles in {data}")
    return articles


def copies(base: list[Article], count: int, skip: int) -> Iterator[Article]:
    """Articles ``skip`` .. ``count`` of the endless cycle of renamed copies."""
    for n in range(skip, count):
        round_, article = divmod(n, len(base))
        a = base[article]
        yield a.replace(id=f"bench-{round_}-{a.id}", body=f"{a.body}\n（副本 {round_}）")


def build(index_dir: Path, count: int, batch: int, data: Path) -> None:
    """Index the ``count`` copies in commits of ``batch``; copies already there are
    unchanged (cheap), so an interrupted build resumes and a damaged one is repaired."""
    index = create_or_open(index_dir)
    have = sum(1 for i in indexed_hashes(index) if i.startswith("bench-"))
    if have == count:
        print(f"base index: {have} articles in {index_dir}", flush=True)
        return
    base = base_articles(data)
    print(f"building {count} articles from {len(base)} ({have} there) in {index_dir}",
          flush=True)
    started = time.perf_counter()
    added = 0
    for start in range(0, count, batch):
        summary = index_articles(index, copies(base, min(start + batch, count), start),
                                 workers=usable_cores())
        added += summary.added
        print(f"  {min(start + batch, count):>7} articles  ({summary.added} added in "
              f"{summary.seconds:.0f} s; {added / (time.perf_counter() - started):.1f} "
              "articles/s overall)", flush=True)


class Client(threading.Thread):
    """Runs the queries over HTTP in a loop, recording (start time, latency)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.samples: list[tuple[float, float]] = []
        self.errors = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for q in QUERIES:
                url = f"{self.base_url}/api/search?{urlencode({'q': q})}"
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=60) as response:
                        response.read()
                except (OSError, urllib.error.HTTPError):
                    self.errors += 1
                self.samples.append((started, time.perf_counter() - started))

    def between(self, start: float, end: float) -> list[float]:
        return [lat for t, lat in self.samples if start <= t <= end]


def warm_up(base_url: str, threads: int) -> None:
    """Searches from ``threads`` clients at once, twice, so that every server thread has
    opened its searcher (seconds on a large index) before anything is measured."""
    def search() -> None:
        url = f"{base_url}/api/search?{urlencode({'q': QUERIES[0]})}"
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
    for _ in range(2):
        clients = [threading.Thread(target=search) for _ in range(threads)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def wait_visible(base_url: str, article_id: str, present: bool | None,
                 limit: float = 900) -> float | None:
    """The time at which the server first answers the article's page as ``present`` (the
    time the request was sent). Exits when that does not happen within ``limit`` seconds,
    returns None when ``present`` is None (polling for ``limit`` seconds: the baseline
    carries the same polling load as the measured runs)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        asked = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base_url}/api/article/{quote(article_id)}",
                                        timeout=120):
                found = True
        except urllib.error.HTTPError as exc:
            found = exc.code != 404
        except OSError:  # a timeout: ask again
            time.sleep(0.05)
            continue
        if found == present:
            return asked
        # The page of an article that is there costs the server a search for similar
        # articles (about 60 ms of CPU), a missing one almost nothing: polling the first
        # every 50 ms would load the server more than the removal does.
        time.sleep(0.5 if found else 0.05)
    if present is None:
        return None
    raise SystemExit(f"{article_id} never became {'visible' if present else 'gone'}")


def timed_run(client: Client, base_url: str, command: list[str], article_id: str,
              present: bool) -> dict:
    result: dict = {}
    started = time.perf_counter()
    poller = threading.Thread(target=lambda: result.update(
        visible=wait_visible(base_url, article_id, present)))
    poller.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(command, capture_output=True, text=True)
    ended = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    poller.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {proc.stderr}")
    summary = json.loads(proc.stdout)
    # While the command runs (its merge commit included) and until the change is seen.
    during = client.between(started, max(ended, result["visible"]))
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"summary": summary, "wall": ended - started, "cpu": cpu,
            "library": summary["seconds"],
            "visible": result["visible"] - started, "p50": p(during, 0.5),
            "p95": p(during, 0.95), "samples": len(during)}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(index_dir: Path, epaper: Path, issues: list[str], baseline_s: float,
            nice: int | None = None, keep: bool = False) -> None:
    """Serve ``index_dir``, search in a loop, add and withdraw each issue (``keep``: add
    only); print the table. ``nice``: run the indexer and the remover under ``nice -n``."""
    prefix = ["nice", "-n", str(nice)] if nice is not None else []
    print(f"load average before: {load()} (1, 5, 15 min; {usable_cores()} cores)"
          + (f"; indexer under nice -n {nice}" if nice is not None else ""), flush=True)
    server = subprocess.Popen([str(BAOKU), "serve", "--index", str(index_dir), "--port", "0",
                               "--threads", str(THREADS)], stdout=subprocess.PIPE, text=True,
                              stderr=open(index_dir.parent / "serve.log", "w"))
    try:
        line = server.stdout.readline()
        port = re.search(r":(\d+)/", line)
        if not port:
            raise SystemExit(f"baoku serve did not start: {line}")
        base_url = f"http://127.0.0.1:{port.group(1)}"
        client = Client(base_url)
        client.start()
        warm_up(base_url, THREADS)
        time.sleep(3)
        t0 = time.perf_counter()
        wait_visible(base_url, "bench-no-such-article", None, baseline_s)
        normal = client.between(t0, time.perf_counter())
        base_p50, base_p95 = p(normal, 0.5), p(normal, 0.95)
        print(f"\nbaseline: {len(normal)} searches, p50 {base_p50 * 1000:.0f} ms, "
              f"p95 {base_p95 * 1000:.0f} ms")
        print(f"\n{'issue':<10}{'action':<8}{'articles':>9}{'wall s':>8}{'cpu s':>7}"
              f"{'library s':>10}"
              f"{'visible s':>10}{'p50 ms':>8}{'p95 ms':>8}{'p95/base':>9}")
        rows = []
        for day in issues:
            ids = sorted(f"rmrb-{p.stem}" for p in (epaper / day).glob("*.txt"))
            if server.poll() is not None:
                raise SystemExit(f"baoku serve ended (status {server.returncode})")
            actions = [("add", [*prefix, str(BAOKU), "index", str(epaper / day), "--index",
                                str(index_dir), "--json"], True),
                       ("remove", [*prefix, str(BAOKU), "remove", *ids, "--index",
                                   str(index_dir), "--json"], False)]
            for action, command, present in actions[:1] if keep else actions:
                row = timed_run(client, base_url, command, ids[0], present)
                count = row["summary"]["added"] + row["summary"]["removed"]
                rows.append((action, row))
                print(f"{day:<10}{action:<8}{count:>9}{row['wall']:>8.1f}{row['cpu']:>7.1f}"
                      f"{row['library']:>10.1f}{row['visible']:>10.1f}"
                      f"{row['p50'] * 1000:>8.0f}{row['p95'] * 1000:>8.0f}"
                      f"{row['p95'] / base_p95:>9.2f}")
        client.stop.set()
        client.join()
        for action in ("add",) if keep else ("add", "remove"):
            mine = [r for a, r in rows if a == action]
            print(f"median {action:<7} wall {statistics.median(r['wall'] for r in mine):.1f} s,"
                  f" cpu {statistics.median(r['cpu'] for r in mine):.1f} s,"
                  f" library {statistics.median(r['library'] for r in mine):.1f} s, visible "
                  f"{statistics.median(r['visible'] for r in mine):.1f} s, p95 during "
                  f"{statistics.median(r['p95'] for r in mine) * 1000:.0f} ms "
                  f"({statistics.median(r['p95'] for r in mine) / base_p95:.2f}x baseline)")
        print(f"search errors: {client.errors}")
        print(f"load average after: {load()}")
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench-reindex")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--issues", nargs="+", default=["20191008", "20191014", "20191021"])
    parser.add_argument("--baseline", type=float, default=20.0)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--as-is", action="store_true",
                        help="Measure on the base index as far as it is built.")
    parser.add_argument("--base", type=Path, metavar="DIR",
                        help="Measure on a copy of this existing index (never written).")
    parser.add_argument("--keep", action="store_true",
                        help="Add the issues only, one after the other (the small segments "
                             "pile up and get merged), never withdraw them.")
    parser.add_argument("--indexer-nice", type=int, metavar="N",
                        help="Run the indexer and the remover under nice -n N.")
    args = parser.parse_args()
    before = None
    if args.base:
        index_dir = args.work / f"base-{args.base.resolve().name}"
        before = fingerprint(args.base)
        started = time.perf_counter()
        linked, copied = copy_index(args.base, index_dir)
        print(f"base index: copy of {args.base} in {index_dir} ({linked} files linked, "
              f"{copied} copied in {time.perf_counter() - started:.1f} s)", flush=True)
    else:
        index_dir = args.work / f"index-{args.articles}"
    if args.base or args.as_is:
        print(f"base index: {len(indexed_hashes(create_or_open(index_dir)))} articles "
              f"in {index_dir}", flush=True)
    else:
        build(index_dir, args.articles, args.batch, args.data)
    if not args.build_only:
        measure(index_dir, args.data / "raw" / "rmrb-epaper", args.issues, args.baseline,
                args.indexer_nice, args.keep)
    if before is not None:
        changed = sorted(n for n, f in fingerprint(args.base).items() if before.get(n) != f)
        changed += sorted(set(before) - set(fingerprint(args.base)))
        print(f"original {args.base}: " + (f"CHANGED: {', '.join(changed)}" if changed
                                            else "unchanged (names, inodes, sizes, times)"))


if __name__ == "__main__":
    main()
