"""Speed at archive scale: indexing throughput, index size, memory and query latency.

Phases (each stores its figures in ``bench/out/scale-results.json``; ``report`` prints the
tables from there, so a long build can run on its own, in the background):

``build N``
    Index the synthetic archive of N articles (``bench/build_archive.py``) with
    ``baoku index --workers W`` as a user would (a fresh index, a subprocess): wall time,
    KB/s and articles/s of title+body text, index size against text size, peak resident
    memory of the whole process tree (main process and workers, sampled from /proc).
    ``--resume`` indexes the archive a file at a time (``--files F``: F at a time), one run
    (one commit) each, and keeps each run's figures: an interrupted build of hours goes on
    when run again. ``--nice K`` runs the indexer at niceness K (a long build beside other
    work).

``compare M``
    On the first M articles of the archive, in one run: the baseline a user builds from
    the jieba README (``bench/baseline.py``: ChineseAnalyzer in a default Whoosh writer)
    against Baoku with 1 worker and with W workers, and the segmentation limit (jieba
    alone, ``cut`` of every heading and body, on one core; times the cores for N
    workers); then the query mix on both indexes of those M articles. ``--rounds R``
    times the builds R times in alternating order (the machine's speed drifts by a fifth
    within minutes on a shared host) and keeps each round's ratios to the baseline.

``queries N``
    The query mix on the index built by ``build N``, in a fresh process that first runs the
    server's start-up warm-up (``indexer.engine.warm``, timed): cold (the first run of each query
    after it, as the first user of a freshly started server sees it; the OS file cache may
    hold the index) and warm (``--repeat`` runs after that; p50/p95/p99 over all of them),
    plus the peak memory of that process (what a server holding the index uses).

``paths N``
    The query mix on the index of ``build N`` ranked both ways in one process, alternately:
    by Whoosh's collector (every match scored by ``indexer.engine.collector_ranking``'s
    matcher, as before) and over posting arrays (``indexer.engine.array_ranking``, what
    ``search`` uses); warm CPU and wall milliseconds of each, and whether both showed the
    same results.

``report``
    Print the tables.

The query mix: each query as a user types it, top 10 hits with snippets and the five
facets (``search(index, SearchRequest(...))``, exactly what the web page does).

Timings are wall-clock on a machine that may be shared: the load average is recorded with
each phase and printed. Run:

    .venv/bin/python bench/build_archive.py 100000
    .venv/bin/python bench/scale.py build 100000
    .venv/bin/python bench/scale.py queries 100000
    .venv/bin/python bench/scale.py compare 10000 --rounds 3
    .venv/bin/python bench/scale.py report
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_archive import OUT, manifest_file  # noqa: E402
from bench.build_archive import build as build_archive  # noqa: E402
from bench.memory import PeakMemory  # noqa: E402
from indexer.readers import Failure  # noqa: E402

RESULTS = OUT / "scale-results.json"
BAOKU = Path(sys.executable).parent / "baoku"

# (label, query, filters, date_from, date_to): one of each kind the issue lists.
MIX = (
    ("one word", "改革", (), None, None),
    ("two words", "经济 发展", (), None, None),
    ("phrase", '"人民代表大会"', (), None, None),
    ("name", "习近平", (), None, None),
    ("filtered", "教育", (("source", ("浙江日报",)),), None, None),
    ("common word", "中国", (), None, None),
    ("date range", "疫情 date:2010..2014", (), None, None),
)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def load() -> float:
    return round(os.getloadavg()[0], 1)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def text_of(articles) -> int:
    return sum(len(a.title.encode("utf-8")) + len(a.body.encode("utf-8")) for a in articles)


# --- results file -------------------------------------------------------------------------

def save(key: str, figures: dict) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[key] = figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


# --- build --------------------------------------------------------------------------------

def index_folder(articles: int, workers: int) -> Path:
    return OUT / f"index-{articles}-w{workers}"


def phase_build(articles: int, workers: int, resume: bool = False, nice: int = 0,
                files: int = 1) -> dict:
    """Index the archive of ``articles`` with the CLI; the figures of that run.

    With ``resume``, the archive's files are indexed ``files`` at a time, by a run of their
    own (one commit each), and the figures of every finished run are kept in
    ``parts_file``: a build of hours that is interrupted goes on where it stopped when the
    same command is run again, and its figures are the sums (wall, CPU) and the maximum
    (memory) over its runs. ``nice`` runs the indexer at that niceness (a long build beside
    other work)."""
    archive = build_archive(articles)
    manifest = json.loads(manifest_file(archive).read_text())
    folder = index_folder(articles, workers)
    parts_path = OUT / f"build-{articles}-w{workers}-parts.json"
    parts = json.loads(parts_path.read_text()) if resume and parts_path.exists() else {}
    if not parts:
        shutil.rmtree(folder, ignore_errors=True)
    load_before = load()
    done = {name for key in parts for name in key.split(RUN_JOIN)}  # a run's files
    todo = ([p for p in sorted(archive.glob("*.jsonl")) if p.name not in done] if resume
            else [archive])
    for start in range(0, len(todo), files):
        paths = todo[start:start + files]
        key = RUN_JOIN.join(path.name for path in paths)
        parts[key] = _index_run(paths, folder, workers, nice)
        parts_path.write_text(json.dumps(parts, indent=2) + "\n")
    wall = sum(p["wall_seconds"] for p in parts.values())
    cpu = sum(p["cpu_seconds"] for p in parts.values())
    shown = f"{archive}/*.jsonl (runs of one or more files)" if resume else str(archive)
    figures = {
        "articles": articles, "workers": workers, "cores": cores(),
        "command": f"baoku index {shown} --index {folder} --workers {workers} --json"
                   .replace(str(Path.cwd()) + "/", ""),
        "runs": len(parts), "nice": nice,
        "text_bytes": manifest["text_bytes"], "wall_seconds": round(wall, 1),
        "kb_per_second": round(manifest["text_bytes"] / 1024 / wall, 1),
        "articles_per_second": round(articles / wall, 1),
        "cpu_seconds": round(cpu, 1),
        "kb_per_cpu_second": round(manifest["text_bytes"] / 1024 / cpu, 1),
        "index_bytes": folder_bytes(folder),
        "peak_rss_bytes": max(p["peak_rss_bytes"] for p in parts.values()),
        "summary": {key: sum(p["summary"][key] for p in parts.values())
                    for key in ("added", "replaced", "unchanged", "removed", "failed")},
        "load_before": load_before, "load_after": load(),
    }
    save(f"build-{articles}-w{workers}", figures)
    return figures


RUN_JOIN = "+"  # between the names of the files of one run, in the parts file


def _index_run(paths: list[Path], folder: Path, workers: int, nice: int) -> dict:
    """One ``baoku index`` run of ``paths`` into ``folder``, as a user would run it (a
    subprocess): wall and CPU seconds, peak memory of its process tree, its summary."""
    command = [str(BAOKU), "index", *map(str, paths), "--index", str(folder),
               "--workers", str(workers), "--json"]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    log = (OUT / f"build-{folder.name}.log").open("a")
    with Timer() as timer:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
        with PeakMemory(process.pid) as peak:
            output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}); see {log.name}")
    return {"wall_seconds": timer.wall, "cpu_seconds": timer.cpu,
            "peak_rss_bytes": peak.bytes,
            "summary": json.loads(output.strip().splitlines()[-1]), "load": load()}


# --- CPU time ------------------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time of this process and of its finished (waited-for) child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timer:
    """``with Timer() as t: ...`` then ``t.wall`` and ``t.cpu`` (seconds)."""

    def __enter__(self) -> Timer:
        self._wall, self._cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = cpu_seconds() - self._cpu


# --- query latency -------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def latency(run, repeat: int) -> dict:
    """Run each query of ``MIX`` once cold, then ``repeat`` times warm (round robin);
    ``run(label, query, filters, date_from, date_to)`` returns the total. Milliseconds of
    wall-clock time, and of this process's CPU time (fairer on a shared machine: another
    job's load does not count)."""
    cold, cold_cpu, totals = {}, {}, {}
    warm = {label: [] for label, *_ in MIX}
    warm_cpu = {label: [] for label, *_ in MIX}
    for label, *query in MIX:
        started, cpu = time.perf_counter(), time.process_time()
        totals[label] = run(label, *query)
        cold[label] = (time.perf_counter() - started) * 1000
        cold_cpu[label] = (time.process_time() - cpu) * 1000
    for _ in range(repeat):
        for label, *query in MIX:
            started, cpu = time.perf_counter(), time.process_time()
            run(label, *query)
            warm[label].append((time.perf_counter() - started) * 1000)
            warm_cpu[label].append((time.process_time() - cpu) * 1000)
    every = [ms for values in warm.values() for ms in values]
    every_cpu = [ms for values in warm_cpu.values() for ms in values]
    return {
        "per_query": {label: {"total": totals[label], "cold_ms": round(cold[label], 1),
                              "cold_cpu_ms": round(cold_cpu[label], 1),
                              "warm_p50_ms": round(statistics.median(warm[label]), 1),
                              "cpu_p50_ms": round(statistics.median(warm_cpu[label]), 1)}
                      for label in cold},
        "cold_p50_ms": round(statistics.median(cold.values()), 1),
        "cold_max_ms": round(max(cold.values()), 1),
        "cold_cpu_max_ms": round(max(cold_cpu.values()), 1),
        "warm_p50_ms": round(percentile(every, 50), 1),
        "warm_p95_ms": round(percentile(every, 95), 1),
        "warm_p99_ms": round(percentile(every, 99), 1),
        "cpu_p50_ms": round(percentile(every_cpu, 50), 1),
        "cpu_p95_ms": round(percentile(every_cpu, 95), 1),
        "runs": len(every),
    }


def baoku_runner(folder: Path):
    """The mix through Baoku's library, as the web page calls it, after the server's
    start-up warm-up (``IndexHandle.warm_up``, what ``baoku serve`` runs before it listens),
    run in another thread as there: the searches then open their own thread's searcher, as
    a server thread does. ``run.warm_up`` holds what the warm-up loaded, its wall time and
    the process's peak memory just after it."""
    from concurrent.futures import ThreadPoolExecutor

    from indexer.engine.search import search
    from indexer.results import SearchRequest
    from search_web.archive import IndexHandle

    handle = IndexHandle(folder)
    started = time.perf_counter()
    with ThreadPoolExecutor(1) as starting:
        loaded = starting.submit(handle.warm_up).result()
    seconds = time.perf_counter() - started
    index = handle.backend.index  # the folder archive's ArchiveIndex

    def run(label, query, filters, date_from, date_to) -> int:
        results = search(index, SearchRequest(query=query, filters=filters,
                                              date_from=date_from, date_to=date_to))
        assert all(h.snippet.text for h in results.hits) or not results.hits, label
        return results.total
    run.warm_up = {**loaded.to_json(), "seconds": round(seconds, 2),
                   "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    return run


# The same questions in the baseline's query syntax (Whoosh's parser; a date range is a
# range of the ``date`` field).
BASELINE_QUERIES = {
    "one word": "改革", "two words": "经济 发展", "phrase": '"人民代表大会"',
    "name": "习近平", "filtered": "教育", "common word": "中国",
    "date range": "疫情 date:[2010-01-01 TO 2014-12-31]",
}


def baseline_runner(folder: Path):
    from bench.baseline import BaselineSearch

    baseline = BaselineSearch(folder)

    def run(label, query, filters, date_from, date_to) -> int:
        return baseline.search(BASELINE_QUERIES[label],
                               {k: v[0] for k, v in filters})["total"]
    return run


def phase_queries(articles: int, workers: int, repeat: int) -> dict:
    """The mix on the index of ``build``, in a fresh process that first warms up as the
    server does (cold means the first run of each query after the server started)."""
    load_before = load()
    figures = _latency_in_subprocess("baoku", index_folder(articles, workers), repeat)
    figures = {"articles": articles, "load_before": load_before, **figures,
               "load_after": load()}
    save(f"queries-{articles}", figures)
    return figures


def _latency(kind: str, folder: Path, repeat: int) -> None:
    run = baoku_runner(folder) if kind == "baoku" else baseline_runner(folder)
    figures = latency(run, repeat)
    if hasattr(run, "warm_up"):  # Baoku's server warms up before its first user
        figures["warm_up"] = run.warm_up
    figures["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(figures, ensure_ascii=False))


# --- the two ranking paths ----------------------------------------------------------------

def phase_paths(articles: int, workers: int, repeat: int) -> dict:
    """The mix ranked by Whoosh's collector and over arrays, alternately, one process."""
    import indexer.engine.search
    from indexer.engine.store import open_index
    from indexer.results import SearchRequest

    index = open_index(index_folder(articles, workers))
    arrays = indexer.engine.search._found
    ways = {"whoosh_collector": lambda *args: None, "arrays": arrays}
    cpu = {way: [] for way in ways}
    wall = {way: [] for way in ways}
    same = True
    load_before = load()
    for round_ in range(repeat + 1):  # the first round warms both up, not counted
        for _label, query, filters, date_from, date_to in MIX:
            request = SearchRequest(query=query, filters=filters, date_from=date_from,
                                    date_to=date_to)
            shown = []
            for way, found in ways.items():
                indexer.engine.search._found = found
                started, used = time.perf_counter(), time.process_time()
                results = indexer.engine.search.search(index, request)
                if round_:
                    wall[way].append((time.perf_counter() - started) * 1000)
                    cpu[way].append((time.process_time() - used) * 1000)
                shown.append([(h.id, round(h.score, 6)) for h in results.hits]
                             + [results.total, results.collapsed, results.facets])
            same = same and shown[0] == shown[1]
    indexer.engine.search._found = arrays
    figures = {"articles": articles, "load_before": load_before, "runs": len(cpu["arrays"]),
               "same_results": same, "load_after": load()}
    for way in ways:
        figures[way] = {"cpu_p50_ms": round(percentile(cpu[way], 50), 1),
                        "cpu_p95_ms": round(percentile(cpu[way], 95), 1),
                        "wall_p50_ms": round(percentile(wall[way], 50), 1),
                        "wall_p95_ms": round(percentile(wall[way], 95), 1)}
    save(f"paths-{articles}", figures)
    return figures


# --- compare ------------------------------------------------------------------------------

def first_articles(count: int) -> list:
    """The first ``count`` articles of the smallest built archive holding that many."""
    from indexer.readers import read_paths

    archive = build_archive(max(count, 100_000))
    items = []
    for item in read_paths([archive]):
        if isinstance(item, Failure):
            raise SystemExit(f"unreadable archive: {item}")
        items.append(item)
        if len(items) == count:
            return items
    raise SystemExit(f"the archive has fewer than {count} articles")


def jieba_limit(articles: list) -> Timer:
    """jieba alone on the text Baoku segments (normalised heading and body), one core."""
    import jieba

    from indexer.text.normalize import normalize

    texts = [normalize(t) for a in articles for t in (a.heading, a.searchable_body())]
    seg = jieba.Tokenizer()
    seg.initialize()
    with Timer() as timer:
        for text in texts:
            for _ in seg.cut(text, HMM=True):
                pass
    return timer


def phase_compare(count: int, workers: int, repeat: int, rounds: int = 1) -> dict:
    """Baseline, Baoku with 1 and with ``workers`` workers and jieba alone on the same
    ``count`` articles; then the query mix on the baseline's and Baoku's indexes.

    With ``rounds`` > 1 the three builds are timed that many times, the order reversed
    every other round (baseline first, then last), so that a drift of the machine's speed
    during the run weighs on both sides; each system's row is its median round, and each
    round's ratios to the baseline are kept under "rounds"."""
    from bench import baseline
    from indexer.engine.store import create_or_open
    from indexer.engine.writing import index_articles
    from indexer.text.segmentation import segmenter

    articles = first_articles(count)
    kb = text_of(articles) / 1024
    figures = {"articles": count, "text_bytes": round(kb * 1024), "cores": cores(),
               "workers": workers, "load_before": load()}
    segmenter(None)  # jieba's dictionary is loaded once, outside every timing

    def row(timer: Timer, folder: Path | None = None, **extra) -> dict:
        out = {"wall_seconds": round(timer.wall, 1), "cpu_seconds": round(timer.cpu, 1),
               "kb_per_second": round(kb / timer.wall, 1),
               "articles_per_second": round(count / timer.wall, 1),
               "kb_per_cpu_second": round(kb / timer.cpu, 1), **extra}
        if folder is not None:
            out["index_bytes"] = folder_bytes(folder)
        return out

    figures["jieba"] = row(jieba_limit(articles))
    folder = OUT / f"compare-{count}-baseline"

    def build_baseline() -> dict:
        with Timer() as timer:
            baseline.build(folder, articles)
        return row(timer, folder)

    def build_baoku(n: int) -> dict:
        target = OUT / f"compare-{count}-w{n}"
        shutil.rmtree(target, ignore_errors=True)
        index = create_or_open(target)
        with Timer() as timer:  # a list: shared out evenly over the workers
            index_articles(index, articles, workers=n)
        return row(timer, target)

    builds = {"baseline": build_baseline} | {
        f"baoku_w{n}": (lambda n=n: build_baoku(n)) for n in sorted({1, workers})}
    timed: dict[str, list[dict]] = {name: [] for name in builds}
    for number in range(rounds):
        order = list(builds) if number % 2 == 0 else list(reversed(builds))
        for name in order:
            timed[name].append(builds[name]())
    for name, rows in timed.items():
        figures[name] = sorted(rows, key=lambda r: r["wall_seconds"])[(len(rows) - 1) // 2]
    if rounds > 1:
        figures["rounds"] = [
            {name: round(timed[name][i]["kb_per_second"]
                         / timed["baseline"][i]["kb_per_second"], 2)
             for name in timed if name != "baseline"} for i in range(rounds)]
    figures["latency_baseline"] = _latency_in_subprocess("baseline", folder, repeat)
    figures["latency_baoku"] = _latency_in_subprocess(
        "baoku", OUT / f"compare-{count}-w{workers}", repeat)
    figures["load_after"] = load()
    save(f"compare-{count}", figures)
    return figures


def _latency_in_subprocess(kind: str, folder: Path, repeat: int) -> dict:
    """``_latency`` in a new process: its searcher, caches and memory are its own."""
    done = subprocess.run([sys.executable, __file__, "_latency", kind, str(folder),
                           "--repeat", str(repeat)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the query mix on {folder} failed:\n{done.stderr}")
    return json.loads(done.stdout)


# --- report -------------------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: dict) -> str:
    """The tables of every phase run so far, as Markdown."""
    out = []
    for key in sorted(k for k in results if k.startswith("compare-")):
        r = results[key]
        n, base, jieba = r["workers"], r["baseline"], r["jieba"]
        limit = jieba["kb_per_cpu_second"]
        rows = []
        for name, label, cores_used in (
                ("baseline", "baseline (jieba README: ChineseAnalyzer, default writer)", 1),
                ("baoku_w1", "Baoku, 1 worker", 1), (f"baoku_w{n}", f"Baoku, {n} workers", n)):
            f = r[name]
            rows.append([label, f["wall_seconds"], f["kb_per_second"],
                         f["articles_per_second"], f["kb_per_cpu_second"],
                         f"{f['kb_per_second'] / base['kb_per_second']:.2f}x",
                         f"{f['kb_per_second'] / (limit * cores_used):.0%}",
                         f"{f['index_bytes'] / r['text_bytes']:.2f}"])
        rows.append([f"jieba alone (segmentation limit), 1 core; x{r['cores']} cores = "
                     f"{limit * r['cores']:.0f} KB/s", jieba["wall_seconds"],
                     jieba["kb_per_second"], jieba["articles_per_second"], limit, "", "", ""])
        out.append(f"### Indexing the first {r['articles']:,} articles "
                   f"({_mb(r['text_bytes'])} of text), {r['cores']} cores, load average "
                   f"{r['load_before']} -> {r['load_after']}\n")
        out.append(_table(["", "wall s", "KB/s", "articles/s", "KB per CPU-s",
                           "vs baseline", "share of jieba limit", "index/text"], rows))
        if "rounds" in r:
            each = "; ".join(", ".join(f"{name.removeprefix('baoku_')} {ratio:.2f}x"
                                       for name, ratio in rnd.items()) for rnd in r["rounds"])
            out.append(f"\nRounds (each system's row above is its median round), "
                       f"throughput over the same round's baseline: {each}\n")
        lb, lo = r["latency_baseline"], r["latency_baoku"]
        rows = []
        for label, b in lb["per_query"].items():
            o = lo["per_query"][label]
            rows.append([label, b["total"], o["total"], b["warm_p50_ms"], o["warm_p50_ms"],
                         f"{b['warm_p50_ms'] / max(o['warm_p50_ms'], 0.1):.1f}x"])
        rows.append(["all (p50 / p95 / p99)", "", "",
                     f"{lb['warm_p50_ms']} / {lb['warm_p95_ms']} / {lb['warm_p99_ms']}",
                     f"{lo['warm_p50_ms']} / {lo['warm_p95_ms']} / {lo['warm_p99_ms']}",
                     f"{lb['warm_p95_ms'] / max(lo['warm_p95_ms'], 0.1):.1f}x (p95)"])
        out.append(f"\nQuery mix on these {r['articles']:,} articles, top 10 with facets and "
                   f"snippets, warm ms ({lo['runs']} runs each):\n")
        out.append(_table(["query", "hits baseline", "hits Baoku", "baseline p50 ms",
                           "Baoku p50 ms", "Baoku faster by"], rows))
    for key in sorted(k for k in results if k.startswith("build-")):
        r = results[key]
        out.append(f"\n### Building the {r['articles']:,}-article archive "
                   f"({_mb(r['text_bytes'])} of text): `{r['command']}`, load average "
                   f"{r['load_before']} -> {r['load_after']}\n")
        out.append(_table(
            ["wall", "KB/s", "articles/s", "index size", "index/text", "peak memory"],
            [[f"{r['wall_seconds'] / 60:.1f} min", r["kb_per_second"],
              r["articles_per_second"], _mb(r["index_bytes"]),
              f"{r['index_bytes'] / r['text_bytes']:.2f}", _mb(r["peak_rss_bytes"])]]))
    for key in sorted(k for k in results if k.startswith("paths-")):
        r = results[key]
        out.append(f"\n### Ranking paths at {r['articles']:,} articles (the mix, {r['runs']} "
                   f"warm runs each way, alternately in one process; same results: "
                   f"{'yes' if r['same_results'] else 'NO'}; load average "
                   f"{r['load_before']} -> {r['load_after']})\n")
        out.append(_table(
            ["ranking", "CPU p50 ms", "CPU p95 ms", "wall p50 ms", "wall p95 ms"],
            [[label, r[way]["cpu_p50_ms"], r[way]["cpu_p95_ms"], r[way]["wall_p50_ms"],
              r[way]["wall_p95_ms"]]
             for way, label in (("whoosh_collector", "Whoosh's collector (before)"),
                                ("arrays", "posting arrays (now)"))]))
    for key in sorted(k for k in results if k.startswith("queries-")):
        r = results[key]
        rows = [[label, q["total"], q["cold_ms"], q["warm_p50_ms"], q.get("cpu_p50_ms", "")]
                for label, q in r["per_query"].items()]
        rows.append(["all: cold p50 / max; warm p50 / p95 / p99; CPU p50 / p95", "",
                     f"{r['cold_p50_ms']} / {r['cold_max_ms']}",
                     f"{r['warm_p50_ms']} / {r['warm_p95_ms']} / {r['warm_p99_ms']}",
                     f"{r['cpu_p50_ms']} / {r['cpu_p95_ms']}" if "cpu_p50_ms" in r else ""])
        start = r.get("warm_up")
        started = (f"start-up warm-up {start['seconds']} s, peak memory after it "
                   f"{_mb(start['peak_rss_bytes'])}; " if start else "")
        out.append(f"\n### Query mix at {r['articles']:,} articles (top 10, facets, "
                   f"snippets; {r['runs']} warm runs; {started}server process peak memory "
                   f"{_mb(r['peak_rss_bytes'])}; load average {r['load_before']} -> "
                   f"{r['load_after']})\n")
        out.append(_table(["query", "hits", "cold ms", "warm p50 ms", "warm CPU p50 ms"],
                          rows))
    return "\n".join(out)


# --- main ---------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="phase", required=True)
    b = sub.add_parser("build", help="index the archive of N articles")
    b.add_argument("articles", type=int)
    b.add_argument("--workers", type=int, default=cores())
    b.add_argument("--resume", action="store_true",
                   help="a run per archive file; run again to go on after an interruption")
    b.add_argument("--nice", type=int, default=0, help="niceness of the indexer")
    b.add_argument("--files", type=int, default=1,
                   help="with --resume: archive files a run indexes (fewer, longer runs)")
    q = sub.add_parser("queries", help="the query mix on the index of 'build N'")
    q.add_argument("articles", type=int)
    q.add_argument("--workers", type=int, default=cores(), help="which build's index")
    q.add_argument("--repeat", type=int, default=30)
    c = sub.add_parser("compare", help="baseline, Baoku and jieba on the first M articles")
    c.add_argument("articles", type=int)
    c.add_argument("--workers", type=int, default=cores())
    c.add_argument("--repeat", type=int, default=20)
    c.add_argument("--rounds", type=int, default=1,
                   help="time the builds this many times, alternating their order")
    p = sub.add_parser("paths", help="the mix ranked by Whoosh's collector and by arrays")
    p.add_argument("articles", type=int)
    p.add_argument("--workers", type=int, default=cores(), help="which build's index")
    p.add_argument("--repeat", type=int, default=5)
    sub.add_parser("report", help="print the tables")
    hidden = sub.add_parser("_latency")  # the query mix in a fresh process
    hidden.add_argument("kind", choices=("baoku", "baseline"))
    hidden.add_argument("folder", type=Path)
    hidden.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if args.phase == "compare" and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.phase == "build" and args.files < 1:
        parser.error("--files must be at least 1")
    if args.phase == "build":
        figures = phase_build(args.articles, args.workers, args.resume, args.nice,
                              args.files)
    elif args.phase == "queries":
        figures = phase_queries(args.articles, args.workers, args.repeat)
    elif args.phase == "paths":
        figures = phase_paths(args.articles, args.workers, args.repeat)
    elif args.phase == "compare":
        figures = phase_compare(args.articles, args.workers, args.repeat, args.rounds)
    elif args.phase == "_latency":
        _latency(args.kind, args.folder, args.repeat)
        return
    else:
        print(report(load_results()))
        return
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
