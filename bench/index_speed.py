"""Indexing speed at every size, in one table: the jieba-README recipe, Baoku and jieba alone.

For each size (200, 1,500 and 10,000 articles; 100,000 with ``--large``) the first N
articles of the 人民日报 file of the shared corpus (cycled under new ids past its end, as
``bench/build_archive.py`` does) are written to one JSONL file, then indexed three ways,
each as a whole process, as a user runs it (interpreter start, imports and jieba's
dictionary included):

- **recipe**: the jieba README's Whoosh recipe (``bench/baseline.py``: ChineseAnalyzer in
  Whoosh's default writer), reading the JSONL file itself;
- **Baoku**: ``baoku index FILE --index DIR --workers W`` (default: one per usable core);
- **jieba alone**: jieba's ``cut`` of every title and body in W processes forked after the
  dictionary is loaded, writing nothing: the segmentation limit on the same cores.

Each row: wall and CPU seconds (the process and every child it waited for), KB of text
(title and body, UTF-8) per wall second, index size over text size, peak resident memory of
the process tree, and the speed over the recipe's and as a share of jieba alone's.
``--rounds R`` runs the three R times in alternating order (the machine's speed drifts on a
shared host) and keeps each one's median-wall round. The load average is printed with the
table. Run::

    .venv/bin/python bench/index_speed.py            # 200, 1,500 and 10,000 articles
    .venv/bin/python bench/index_speed.py --large    # and 100,000
    .venv/bin/python bench/index_speed.py --sizes 200 1500 --rounds 3
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_archive import DATA, OUT  # noqa: E402
from bench.memory import PeakMemory  # noqa: E402

# Nothing of Baoku is imported at the top: the recipe's and jieba's processes run this file
# too, and must not pay for Baoku's imports.

SOURCE = "rmrb-2019-2020.jsonl"
FOLDER = OUT / "index-speed"
SIZES = (200, 1_500, 10_000)
LARGE = 100_000
BAOKU = Path(sys.executable).parent / "baoku"
SYSTEMS = ("recipe", "baoku", "jieba")
LABELS = {"recipe": "recipe (jieba README + Whoosh)", "baoku": "Baoku (`baoku index`)",
          "jieba": "jieba alone (limit)"}


# --- the articles --------------------------------------------------------------------------

def articles_file(count: int) -> tuple[Path, int]:
    """A JSONL file of the first ``count`` articles of ``SOURCE`` (cycled under new ids past
    its end), and its bytes of title and body text."""
    path = FOLDER / f"articles-{count}.jsonl"
    records = []
    with (DATA / SOURCE).open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    text = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            record = dict(records[k % len(records)])
            if k >= len(records):
                record["id"] = f"{record['id']}-{k // len(records)}"
            text += len((record.get("title") or "").encode("utf-8"))
            text += len((record.get("body") or "").encode("utf-8"))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, text


def read_records(path: Path):
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


# --- the three systems, each run in a process of its own ----------------------------------

def run_recipe(path: Path, index: Path) -> None:
    """The README recipe on the articles of ``path``, as its user writes it: JSON in,
    ``bench.baseline``'s schema and default writer."""
    from types import SimpleNamespace

    from bench import baseline

    baseline.build(index, (SimpleNamespace(
        id=r["id"], title=r.get("title") or "", body=r.get("body") or "",
        source=r.get("source"), page=r.get("page"), date=r.get("date"),
        authors=[r["author"]] if r.get("author") else []) for r in read_records(path)))


def _cut_all(texts: list[str]) -> None:
    import jieba

    for text in texts:
        for _ in jieba.cut(text, HMM=True):
            pass


def run_jieba(path: Path, workers: int) -> None:
    """jieba alone: every title and body cut by ``workers`` processes forked once the
    dictionary is loaded (a share of the texts each)."""
    import logging
    import multiprocessing

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [t for r in read_records(path) for t in (r.get("title"), r.get("body")) if t]
    shares = [texts[k::workers] for k in range(workers)]
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_cut_all, args=(share,)) for share in shares[1:]]
    for process in processes:
        process.start()
    _cut_all(shares[0])
    for process in processes:
        process.join()


def command(system: str, path: Path, index: Path, workers: int) -> list[str]:
    if system == "baoku":
        return [str(BAOKU), "index", str(path), "--index", str(index),
                "--workers", str(workers), "--no-progress", "--json"]
    extra = [str(index)] if system == "recipe" else ["--workers", str(workers)]
    return [sys.executable, __file__, f"_{system}", str(path), *extra]


def cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(system: str, path: Path, workers: int) -> dict:
    """One whole-process run of ``system`` on ``path``: wall and CPU seconds, peak memory
    of its process tree, the size of the index it wrote."""
    index = FOLDER / f"index-{system}"
    shutil.rmtree(index, ignore_errors=True)
    cpu, started = cpu_of_children(), time.perf_counter()
    process = subprocess.Popen(command(system, path, index, workers),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakMemory(process.pid, interval=0.1) as peak:
        _, errors = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{system} failed ({process.returncode}):\n{errors}")
    return {"wall": wall, "cpu": cpu_of_children() - cpu, "peak": peak.bytes,
            "index": folder_bytes(index) if index.exists() else 0}


def measure_size(count: int, workers: int, rounds: int) -> dict:
    """The three systems on ``count`` articles, ``rounds`` times in alternating order; each
    system's median-wall round."""
    path, text = articles_file(count)
    runs: dict[str, list[dict]] = {system: [] for system in SYSTEMS}
    for number in range(rounds):
        for system in SYSTEMS if number % 2 == 0 else reversed(SYSTEMS):
            runs[system].append(measure(system, path, workers))
    path.unlink()
    best = {s: sorted(r, key=lambda f: f["wall"])[(len(r) - 1) // 2] for s, r in runs.items()}
    return {"articles": count, "text": text, **best}


# --- the table -----------------------------------------------------------------------------

def table(results: list[dict], workers: int, rounds: int, loads: tuple[float, float]) -> str:
    from indexer.cores import usable_cores

    lines = [f"Indexing speed, whole process, {usable_cores()} usable cores, Baoku and jieba "
             f"with {workers} workers; {rounds} round(s), median; load average "
             f"{loads[0]:.1f} -> {loads[1]:.1f}", "",
             "| articles (text) | system | wall s | CPU s | KB/s | index/text | peak MB "
             "| vs recipe | share of jieba alone |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        kb = r["text"] / 1024
        speed = {s: kb / r[s]["wall"] for s in SYSTEMS}
        for system in SYSTEMS:
            f = r[system]
            ratio = "" if system == "recipe" else f"{speed[system] / speed['recipe']:.2f}x"
            share = "" if system == "jieba" else f"{speed[system] / speed['jieba']:.0%}"
            size = f"{f['index'] / r['text']:.1f}" if f["index"] else ""
            lines.append(f"| {r['articles']:,} ({r['text'] / 1e6:.1f} MB) | {LABELS[system]} "
                         f"| {f['wall']:.1f} | {f['cpu']:.1f} | {speed[system]:.0f} | {size} "
                         f"| {f['peak'] / 1e6:.0f} | {ratio} | {share} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="hidden")  # one system's run, in a process of its own
    recipe = sub.add_parser("_recipe")
    recipe.add_argument("path", type=Path)
    recipe.add_argument("index", type=Path)
    jieba = sub.add_parser("_jieba")
    jieba.add_argument("path", type=Path)
    jieba.add_argument("--workers", type=int, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="article counts (default: 200 1500 10000)")
    parser.add_argument("--large", action="store_true", help=f"add {LARGE:,} articles")
    parser.add_argument("--workers", type=int, default=None,
                        help="Baoku's and jieba's processes (default: the usable cores)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each system, alternating their order")
    args = parser.parse_args()
    if args.hidden == "_recipe":
        run_recipe(args.path, args.index)
        return
    if args.hidden == "_jieba":
        run_jieba(args.path, args.workers)
        return
    if args.workers is None:
        from indexer.cores import usable_cores

        args.workers = usable_cores()
    if args.rounds < 1 or args.workers < 1:
        parser.error("--rounds and --workers must be at least 1")
    FOLDER.mkdir(parents=True, exist_ok=True)
    sizes = [*args.sizes, *([LARGE] if args.large else [])]
    before = os.getloadavg()[0]
    results = [measure_size(count, args.workers, args.rounds) for count in sizes]
    print(table(results, args.workers, args.rounds, (before, os.getloadavg()[0])))


if __name__ == "__main__":
    main()
