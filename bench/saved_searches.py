"""What checking saved searches adds to indexing an issue (``indexer.saved.checking``).

A base archive of the 人民日报 articles of ``../shared/corpus-data/rmrb-2019-2020.jsonl``
(all but the latest issues) is built once under ``--work`` (default ``var/bench-saved``)
and kept. The "issue" is the articles of the latest days of the file, about
``--issue-size`` (default 200) of them. Each round, for 0, 10 and 100 saved searches (the
order rotated each round, so a slower moment of a shared machine weighs on all), a
private copy of the base is made (``index_copy.copy_index``: hard links, instant), the
saved searches are stored, and the issue is indexed as ``baoku index`` does
(``index_articles`` with one worker a core) and then checked (``note_commit``). Timed
apart: the indexing, and the check after it.

The saved searches are real queries: the 30 topics of ``bench/topics.json``, then words and
names cut from the base's headlines (a remembered run of 2-4 characters); every third
narrowed to 人民日报, every fifth to page 1, as journalists narrow them.

Prints the median of ``--rounds`` rounds (default 5) for each count: indexing, the check,
and the check as a share of indexing. Run: ``.venv/bin/python bench/saved_searches.py``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.index_copy import copy_index  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.engine.backend import WhooshBackend  # noqa: E402
from indexer.readers import read_paths  # noqa: E402
from indexer.saved import SavedStore, new_saved_search  # noqa: E402
from indexer.saved.checking import note_commit  # noqa: E402
from indexer.saved.location import store_path  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus-data" / "rmrb-2019-2020.jsonl"
TOPICS = REPO / "bench" / "topics.json"


def split_corpus(issue_size: int) -> tuple[list[Article], list[Article]]:
    """(base, issue): the issue is the articles of the latest days, at least
    ``issue_size`` of them; the base is every other article."""
    articles = [a for a in read_paths([CORPUS]) if isinstance(a, Article) and a.date]
    per_day = Counter(a.date for a in articles)
    days: set[str] = set()
    for day in sorted(per_day, reverse=True):
        if sum(per_day[d] for d in days) >= issue_size:
            break
        days.add(day)
    return ([a for a in articles if a.date not in days],
            [a for a in articles if a.date in days])


def saved_queries(base: list[Article], count: int) -> list[tuple[str, tuple]]:
    """``count`` (query, filters) pairs: the topics, then runs cut from headlines."""
    queries = [t["query"] for t in json.loads(TOPICS.read_text("utf-8"))["topics"]]
    for article in base[::37]:
        title = "".join(c for c in article.title if "\u4e00" <= c <= "\u9fff")
        if len(title) >= 6:
            size = 2 + len(queries) % 3
            start = len(title) // 2 - size // 2
            queries.append(title[start:start + size])
        if len(queries) >= count:
            break
    out = []
    for i, query in enumerate(queries[:count]):
        filters: list[tuple[str, tuple[str, ...]]] = []
        if i % 3 == 2:
            filters.append(("source", ("人民日报",)))
        if i % 5 == 4:
            filters.append(("page", ("1",)))
        out.append((query, tuple(filters)))
    return out


def build_base(folder: Path, base: list[Article]) -> None:
    if (folder / "baoku.json").exists():
        return
    print(f"building the base archive of {len(base):,} articles in {folder}", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    WhooshBackend(folder).index_articles(base)


def one_run(base_folder: Path, run: Path, issue: list[Article],
            searches: list[tuple[str, tuple]]) -> tuple[float, float, int]:
    """(indexing seconds, check seconds, matches recorded) of indexing ``issue`` into a copy
    of the base with ``searches`` saved."""
    shutil.rmtree(run, ignore_errors=True)
    copy_index(base_folder, run / "index")
    archive = WhooshBackend(run / "index")
    store = SavedStore(store_path(archive))
    for i, (query, filters) in enumerate(searches):
        store.add(new_saved_search(f"s{i}", query, filters))
    started = time.perf_counter()
    summary = archive.index_articles(iter(issue))
    indexed = time.perf_counter()
    check = note_commit(archive, summary)
    checked = time.perf_counter()
    return indexed - started, checked - indexed, check.recorded if check else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--searches", type=int, nargs="+", default=[0, 10, 100])
    parser.add_argument("--issue-size", type=int, default=200)
    parser.add_argument("--work", type=Path, default=REPO / "var" / "bench-saved")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"no corpus at {CORPUS}: the shared corpus beside the repository")
    base, issue = split_corpus(args.issue_size)
    base_folder = args.work / "base"
    build_base(base_folder, base)
    queries = saved_queries(base, max(args.searches))
    times: dict[int, list[tuple[float, float, int]]] = {n: [] for n in args.searches}
    for round_ in range(args.rounds):
        order = args.searches[round_ % len(args.searches):] + \
            args.searches[:round_ % len(args.searches)]
        for n in order:
            times[n].append(one_run(base_folder, args.work / "run", issue, queries[:n]))
            print(f"round {round_ + 1}, {n} saved searches: indexing "
                  f"{times[n][-1][0]:.2f} s, check {times[n][-1][1]:.3f} s", file=sys.stderr)
    shutil.rmtree(args.work / "run", ignore_errors=True)
    print(f"base {len(base):,} articles; issue {len(issue)} articles "
          f"({', '.join(sorted({a.date for a in issue}))}); medians of {args.rounds} rounds; "
          f"load average {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores")
    print("saved searches | indexing (s) | check after it (s) | check / indexing | "
          "matches recorded")
    for n in args.searches:
        index_s = statistics.median(t[0] for t in times[n])
        check_s = statistics.median(t[1] for t in times[n])
        recorded = times[n][0][2]
        print(f"{n:>14} | {index_s:12.2f} | {check_s:17.3f} | {check_s / index_s:15.1%} | "
              f"{recorded:>16}")


if __name__ == "__main__":
    main()
