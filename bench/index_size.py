"""Index size and query latency of the postings' storage formats, side by side in one run.

The first N articles of the corpus (``bench/build_archive.py`` says where it is) are indexed
twice by the segment builder (one worker, a fresh index each): in storage format 1
(Whoosh's pickled positions in the word and bigram fields) and in the current format
(``indexer.engine.codec``). For each: build time, the index's size over the text's size
(title and body, UTF-8), the size of the bigram/word/character postings, and the query mix
of ``bench/scale.py`` (top 10 with facets and snippets) run cold once, then ``--repeat``
times warm, alternating between the two indexes so both see the same machine.

Run: ``.venv/bin/python bench/index_size.py 3000`` (``10000`` when asked).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_archive import OUT, source_records  # noqa: E402
from bench.scale import MIX, folder_bytes, percentile, text_of  # noqa: E402
from indexer.engine.codec import STORAGE_FORMAT  # noqa: E402
from indexer.engine.search import search  # noqa: E402
from indexer.engine.store import create_or_open  # noqa: E402
from indexer.engine.writing import index_articles  # noqa: E402
from indexer.readers import Failure, read_paths  # noqa: E402
from indexer.results import SearchRequest  # noqa: E402

FORMATS = (1, STORAGE_FORMAT)


def corpus_sample(count: int) -> Path:
    """The first ``count`` articles of the corpus as one JSONL file under ``bench/out``."""
    path = OUT / f"index-size-{count}.jsonl"
    if not path.exists():
        records = source_records()[:count]
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps({"id": f"s{k:06d}", **r}, ensure_ascii=False) + "\n"
                                for k, r in enumerate(records)), encoding="utf-8")
    return path


def build(sample: Path, storage_format: int, count: int) -> tuple[object, dict]:
    folder = OUT / f"index-size-{count}-f{storage_format}"
    shutil.rmtree(folder, ignore_errors=True)
    index = create_or_open(folder, storage_format=storage_format)
    started, cpu = time.perf_counter(), time.process_time()
    summary = index_articles(index, read_paths([sample]), workers=1)
    figures = {"build_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
               "added": summary.added, "bytes": folder_bytes(folder)}
    return index, figures


def run_query(index, query: str, filters) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one search (CPU time is fairer on a shared
    machine: another job's load does not count)."""
    started, cpu = time.perf_counter(), time.process_time()
    search(index, SearchRequest(query=query, filters=filters))
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def _p(runs: list[tuple[float, float]], which: int, p: float) -> float:
    return percentile([run[which] for run in runs], p)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=int, nargs="?", default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sample = corpus_sample(args.articles)
    articles = [a for a in read_paths([sample]) if not isinstance(a, Failure)]
    text = text_of(articles)
    indexes, figures = {}, {}
    for fmt in FORMATS:
        indexes[fmt], figures[fmt] = build(sample, fmt, args.articles)
        figures[fmt]["cold"] = [run_query(indexes[fmt], q, f) for _, q, f, *_ in MIX]
        figures[fmt]["warm"] = []
    for _ in range(args.repeat):
        for fmt in FORMATS:
            figures[fmt]["warm"].extend(run_query(indexes[fmt], q, f) for _, q, f, *_ in MIX)
    print(f"{len(articles)} articles, {text / 1e6:.1f} MB of title and body text; "
          f"load {os.getloadavg()[0]:.1f}; {args.repeat} warm rounds of {len(MIX)} queries")
    print("| format | build s | CPU s | index MB | index / text | cold p50 / p95 ms "
          "| warm p50 / p95 ms | warm CPU p50 / p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for fmt in FORMATS:
        f = figures[fmt]
        cold, warm = f["cold"], f["warm"]
        print(f"| {fmt} | {f['build_s']:.1f} | {f['cpu_s']:.1f} | {f['bytes'] / 1e6:.1f} "
              f"| {f['bytes'] / text:.2f}x | {_p(cold, 0, 50):.1f} / {_p(cold, 0, 95):.1f} "
              f"| {_p(warm, 0, 50):.1f} / {_p(warm, 0, 95):.1f} "
              f"| {_p(warm, 1, 50):.1f} / {_p(warm, 1, 95):.1f} |")
    old, new = (figures[fmt]["bytes"] for fmt in FORMATS)
    print(f"format {STORAGE_FORMAT} / format 1: {new / old:.2f}x the disk")


if __name__ == "__main__":
    main()
