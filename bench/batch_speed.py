"""Speed of `baoku batch` against running `baoku search` once per query.

Builds (once, kept under ``bench/out/batch-index``) an index of every JSONL file of
``../shared/corpus-data``, or uses ``--index DIR``; makes 1,000 queries from the corpus with
a fixed seed (400 words from headlines, 300 quoted phrases from bodies, 200 author names,
100 pairs of words); then, in the same run:

- baseline: `baoku search QUERY --index DIR` (10 hits, its default), one process per query,
  timed on an evenly spaced sample of ``--sample`` queries; its mean times 1,000 is the
  cost of the whole list;
- `baoku batch` of the 1,000 queries with 10 hits each (``--limit 10``), 1 and 2 workers;
- `baoku batch --counts-only`, 1 and 2 workers.

Each batch is one process, timed from start to exit (process start-up, the segmenter's
dictionary and the column caches included); "steady" is the rate between the first
finished query and the last, read from the batch's progress record; "CPU s" the user and
system time of the process and its workers (of the sample for the baseline, times 1,000 /
sample), which other processes on a busy machine do not inflate. Prints one Markdown table
and the load average, since a loaded machine slows every row.

With ``--repeat N`` each batch runs N times and the table shows the medians.

Run: ``nice .venv/bin/python bench/batch_speed.py [--index DIR] [--sample N] [--repeat N]``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "corpus-data"
OUT = REPO / "bench" / "out"
BAOKU = [sys.executable, "-c", "from indexer.cli import main; main()"]
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
RUN = re.compile(r"[\u4e00-\u9fff]{4,8}")


def build_index(folder: Path, data: Path) -> None:
    from indexer.engine.store import create_or_open
    from indexer.engine.writing import index_articles
    from indexer.readers import read_paths

    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    files = sorted(data.glob("*.jsonl"))
    print(f"building {folder} from {len(files)} files (once) …", file=sys.stderr)
    summary = index_articles(create_or_open(tmp), read_paths(files))
    print(summary.line(), file=sys.stderr)
    tmp.rename(folder)


def make_queries(data: Path, n: int = 1000, seed: int = 7) -> list[str]:
    """Words, quoted phrases, names and pairs of words from the corpus, without repeats."""
    import jieba

    rng = random.Random(seed)
    records = []
    for path in sorted(data.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f)
    rng.shuffle(records)
    words: list[str] = []
    for r in records:
        words.extend(w for w in jieba.lcut(r.get("title") or "")
                     if 2 <= len(w) <= 4 and CJK.match(w))
        if len(words) > 3000:
            break
    words = list(dict.fromkeys(words))
    phrases = []
    for r in records:
        runs = RUN.findall(r.get("body") or "")
        if runs:
            phrases.append(f'"{rng.choice(runs)}"')
        if len(phrases) >= 400:
            break
    names = []
    for r in records:
        for name in re.split(r"[\s、，,]+", r.get("author") or ""):
            if 2 <= len(name) <= 3 and CJK.match(name):
                names.append(name)
    names = list(dict.fromkeys(names))
    pairs = [f"{a} {b}" for a, b in zip(words[1000:1200:2], words[1001:1200:2], strict=False)]
    chosen = (words[:400] + list(dict.fromkeys(phrases))[:300] + names[:200] + pairs[:100])
    chosen = list(dict.fromkeys(chosen))
    for w in words[400:]:  # fill up when a kind ran short
        if len(chosen) >= n:
            break
        if w not in chosen:
            chosen.append(w)
    return chosen[:n]


def child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_search(index: Path, queries: list[str]) -> list[float]:
    times = []
    for q in queries:
        started = time.perf_counter()
        subprocess.run([*BAOKU, "search", q, "--index", str(index)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def time_batch(index: Path, queries: Path, prefix: Path, *options: str
               ) -> tuple[float, float, float]:
    """Wall time of one `baoku batch` process, its steady rate in queries per second and
    the CPU seconds it and its workers used."""
    state_file = Path(f"{prefix}.run.json")
    state_file.unlink(missing_ok=True)  # an earlier run's record would read as progress
    cpu = child_cpu()
    started = time.perf_counter()
    process = subprocess.Popen([*BAOKU, "batch", str(queries), "--index", str(index),
                                "--out", str(prefix), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = None  # (time, queries done) when the first query was done
    while process.poll() is None:
        if first is None and state_file.exists():
            try:
                done = json.loads(state_file.read_text())["done"]
            except (ValueError, KeyError):
                done = 0
            if done:
                first = (time.perf_counter(), done)
        time.sleep(0.005)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"baoku batch {' '.join(options)} failed ({process.returncode})")
    total = json.loads(state_file.read_text())["done"]
    steady = (total - first[1]) / (started + wall - first[0]) if first else float("nan")
    return wall, steady, child_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an existing index to query")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each batch; the table shows the medians")
    parser.add_argument("--sample", type=int, default=40,
                        help="queries timed with one `baoku search` process each")
    args = parser.parse_args()
    index = args.index or OUT / "batch-index"
    if not index.is_dir():
        OUT.mkdir(parents=True, exist_ok=True)
        build_index(index, args.data)
    start_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    queries = make_queries(args.data)
    n = len(queries)
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "queries.txt"
        qfile.write_text("\n".join(queries) + "\n", encoding="utf-8")
        step = max(1, n // args.sample)
        cpu = child_cpu()
        sample = time_search(index, queries[::step][:args.sample])
        per_query = statistics.mean(sample)
        baseline = per_query * n
        baseline_cpu = (child_cpu() - cpu) / len(sample) * n
        rows = [("baoku search, one process per query (estimated)", baseline, n / baseline,
                 float("nan"), baseline_cpu)]
        for label, options in (
                ("baoku batch --limit 10", ("--limit", "10")),
                ("baoku batch --limit 10 --workers 2", ("--limit", "10", "--workers", "2")),
                ("baoku batch --counts-only", ("--counts-only",)),
                ("baoku batch --counts-only --workers 2", ("--counts-only", "--workers", "2")),
        ):
            runs = [time_batch(index, qfile, Path(tmp) / label.replace(" ", "_"), *options)
                    for _ in range(args.repeat)]
            wall, steady, used = (statistics.median(r[i] for r in runs) for i in range(3))
            rows.append((label, wall, n / wall, steady, used))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{n} queries; {os.cpu_count()} cores, load average {start_load} at the start, "
          f"{load} at the end; batch figures are medians of {args.repeat} runs; baseline "
          f"sample {len(sample)} queries, median {statistics.median(sample):.2f} s, mean "
          f"{per_query:.2f} s per `baoku search`")
    print("| run | seconds | queries/s | steady q/s | CPU s | CPU ms/query | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, wall, rate, steady, used in rows:
        steady_text = "" if steady != steady else f"{steady:.0f}"
        print(f"| {label} | {wall:.1f} | {rate:.1f} | {steady_text} | {used:.1f} | "
              f"{used / n * 1000:.1f} | {baseline / wall:.1f}x |")


if __name__ == "__main__":
    main()
