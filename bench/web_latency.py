"""How fast ``/search`` answers on the shared corpus (every JSONL file of
``../shared/corpus-data``, indexed once and cached under ``bench/out/web-latency-*`` by
``bench/quality_cache.py``, rebuilt when the indexing code or the data change).

Each query of ``QUERIES`` (plain words, phrases, OR, NOT, filters, empty queries with
facets, sorting, a later page) is run ``--rounds`` times, after one warm-up pass, four ways:

- library: ``indexer.engine.search.search`` with the request the page makes (20 hits, snippets,
  the five facets): the baseline;
- /api/search: the JSON twin through Flask's test client (in process);
- /search: the HTML page through Flask's test client (params, facets, timeline, template);
- http /search: the HTML page through ``waitress``, a WSGI server run in this process, over
  a local socket, as a browser would fetch it (``bench/load.py`` measures ``baoku serve``).

Prints median and 95th percentile per way, with the ratio of each median to the library's,
and the median of each query over HTTP.

Run: ``.venv/bin/python bench/web_latency.py [--rounds 5] [--data DIR] [--index DIR]``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from quality_cache import cached, indexer_version
from werkzeug.datastructures import MultiDict

from indexer.engine.search import search
from indexer.engine.store import create_or_open, open_index
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from search_web import create_app
from search_web.params import parse_args

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-data"
SIZES = {"page_size": 20, "facet_size": 10, "snippet_chars": 160}
QUERIES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("q", "改革"),),
    (("q", "疫情 防控"),),
    (("q", '"一带一路"'),),
    (("q", "北京 OR 上海"),),
    (("q", "经济 -股市"),),
    (("q", "新冠肺炎"),),
    (("q", "人工智能"),),
    (("q", "足球"),),
    (("q", "经济"), ("source", "人民日报"), ("year", "2019")),
    (("q", "教育"), ("sort", "newest")),
    (("q", "发展"), ("p", "3")),
    (("q", "title:国庆"),),
    (),
    (("month", "2020-02"),),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(files: list[Path]) -> Callable[[Path], None]:
    def run(folder: Path) -> None:
        summary = index_articles(create_or_open(folder), read_paths(files))
        log("baoku: " + summary.line())
    return run


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def start_waitress(app) -> str:
    """The app under waitress in a daemon thread, which ends with the process; its
    address."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--index", type=Path, default=None,
                        help="An index of the shared corpus already built (default: build "
                             "one, or reuse the one cached under bench/out/).")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.jsonl"))
    folder = args.index or cached("web-latency", indexer_version(files), build(files), log)
    index = open_index(folder)
    app = create_app({"index": str(folder), **SIZES})
    client = app.test_client()
    base = start_waitress(app)

    def fetch(url: str) -> None:
        with urllib.request.urlopen(url) as response:
            response.read()

    ways: dict[str, Callable[[tuple[tuple[str, str], ...]], object]] = {
        "library": lambda q: search(index, parse_args(MultiDict(q)).request(**SIZES)),
        "/api/search": lambda q: client.get("/api/search?" + urlencode(q)).get_data(),
        "/search": lambda q: client.get("/search?" + urlencode(q)).get_data(),
        "http /search": lambda q: fetch(f"{base}/search?{urlencode(q)}"),
    }
    times: dict[str, list[float]] = {way: [] for way in ways}
    per_query: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    for call in ways.values():  # warm-up: segmenter, facet columns, searchers
        for q in QUERIES:
            call(q)
    for _round in range(args.rounds):
        for way, call in ways.items():
            for i, q in enumerate(QUERIES):
                ms = timed(lambda call=call, q=q: call(q))
                times[way].append(ms)
                if way == "http /search":
                    per_query[i].append(ms)

    articles = search(index, parse_args(MultiDict()).request(**SIZES)).total
    print(f"/search latency: {articles:,} articles, {len(QUERIES)} queries x {args.rounds} "
          "rounds, 20 hits with snippets and 5 facets each\n")
    baseline = statistics.median(times["library"])
    print(f"{'way':<14}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'x library':>11}")
    for way, values in times.items():
        median = statistics.median(values)
        print(f"{way:<14}{len(values):>9}{median:>11.1f}{percentile(values, 0.95):>9.1f}"
              f"{median / baseline:>11.2f}")
    print(f"\n{'query (http /search)':<40}{'hits':>8}{'median ms':>11}")
    for i, q in enumerate(QUERIES):
        total = search(index, parse_args(MultiDict(q)).request(**SIZES)).total
        label = " ".join(f"{k}={v}" for k, v in q) or "(everything)"
        print(f"{label[:39]:<40}{total:>8,}{statistics.median(per_query[i]):>11.1f}")


if __name__ == "__main__":
    main()
