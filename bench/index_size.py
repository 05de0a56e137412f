"""Index size and query latency of the postings' storage formats, side by side in one run.

The first N articles of the corpus (``bench/build_archive.py`` says where it is) are indexed
by the segment builder (one worker, a fresh index each) in each storage format of
``--formats`` (``indexer.engine.codec``; by default 2, packed positions in Whoosh's term
index, and 3, the compact terms file). For each: build time, the index's size over the
text's size (title and body, UTF-8), what its terms file, postings file and stored fields
weigh, and the query mix of ``bench/scale.py`` (top 10 with facets and snippets) run cold
once, then ``--repeat`` times warm, alternating between the indexes so all see the same
machine.

Run: ``.venv/bin/python bench/index_size.py 2000`` (``--formats 1,2,3`` for all).
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
from indexer.engine.whoosh_private import index_segments  # noqa: E402
from indexer.engine.writing import index_articles  # noqa: E402
from indexer.readers import Failure, read_paths  # noqa: E402
from indexer.results import SearchRequest  # noqa: E402

FORMATS = (2, STORAGE_FORMAT)
# The parts of a segment, by the extension of its files.
PARTS = {"terms": (".trm", ".tcb"), "postings": (".pst",), "stored": ("_stored.col",)}


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


def parts(index) -> dict[str, int]:
    """Bytes of each of ``PARTS`` in the index's segments (inside compound files too), and
    of everything else ("other")."""
    sizes = dict.fromkeys([*PARTS, "other"], 0)
    storage = index.whoosh.storage
    for segment in index_segments(index.whoosh):
        files = segment.open_compound_file(storage) if segment.is_compound() else storage
        prefix = segment.make_filename("")
        for name in files.list():
            if name.startswith(prefix):
                part = next((p for p, ends in PARTS.items() if name.endswith(ends)), "other")
                sizes[part] += files.file_length(name)
    return sizes


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
    parser.add_argument("--formats", default=",".join(map(str, FORMATS)),
                        help="storage formats to compare, the first the baseline")
    args = parser.parse_args()
    formats = tuple(int(f) for f in args.formats.split(","))
    sample = corpus_sample(args.articles)
    articles = [a for a in read_paths([sample]) if not isinstance(a, Failure)]
    text = text_of(articles)
    indexes, figures = {}, {}
    for fmt in formats:
        indexes[fmt], figures[fmt] = build(sample, fmt, args.articles)
        figures[fmt]["parts"] = parts(indexes[fmt])
        figures[fmt]["cold"] = [run_query(indexes[fmt], q, f) for _, q, f, *_ in MIX]
        figures[fmt]["warm"] = []
    for _ in range(args.repeat):
        for fmt in formats:
            figures[fmt]["warm"].extend(run_query(indexes[fmt], q, f) for _, q, f, *_ in MIX)
    print(f"{len(articles)} articles, {text / 1e6:.1f} MB of title and body text; "
          f"load {os.getloadavg()[0]:.1f}; {args.repeat} warm rounds of {len(MIX)} queries")
    print("| format | build s | CPU s | index MB | index / text | terms / postings / stored / "
          "other MB | cold p50 / p95 ms | warm p50 / p95 ms | warm CPU p50 / p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for fmt in formats:
        f = figures[fmt]
        cold, warm = f["cold"], f["warm"]
        split = " / ".join(f"{f['parts'][p] / 1e6:.1f}" for p in [*PARTS, "other"])
        print(f"| {fmt} | {f['build_s']:.1f} | {f['cpu_s']:.1f} | {f['bytes'] / 1e6:.1f} "
              f"| {f['bytes'] / text:.2f}x | {split} "
              f"| {_p(cold, 0, 50):.1f} / {_p(cold, 0, 95):.1f} "
              f"| {_p(warm, 0, 50):.1f} / {_p(warm, 0, 95):.1f} "
              f"| {_p(warm, 1, 50):.1f} / {_p(warm, 1, 95):.1f} |")
    base = formats[0]
    for fmt in formats[1:]:
        ratio = figures[fmt]["bytes"] / figures[base]["bytes"]
        print(f"format {fmt} / format {base}: {ratio:.2f}x the disk")


if __name__ == "__main__":
    main()
