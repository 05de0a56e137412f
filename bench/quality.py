"""Search quality: does the remembered article come first, and is nothing ever missing?

Builds (or reuses, see ``bench/quality_cache.py``) an index of every JSONL file of
``../shared/corpus-data`` with Baoku and with the baseline of the jieba README
(``bench/quality_baseline.py``), generates queries from the indexed articles with a fixed
seed (``bench/quality_queries.py``), runs each on both in the same run and prints one
table, then every miss of ours.

Measures:

- MRR@10 and success@1 for known items (headlines): the reciprocal rank of the first hit
  that is the article or one of its identical printings (in Baoku a printing collapsed
  into a hit's "also on" counts), 0 beyond rank 10.
- recall: the share of queries whose article is in the result set (every article the query
  matches, not only the first page; Baoku's exact match, never its looser retry).
- headline MRR@10 and success@1: a headline typed whole (``quality_queries``: listed and
  drawn headlines), where any article with that headline is the right first hit; the
  target is MRR@10 of 0.99 or more. Listed headlines that no article has are named.
- nDCG@10 for the topics of ``bench/topics.json``: graded gains (2^grade - 1) of the first
  ten hits over the ideal ordering of every judged article. Identical printings (same
  ``body_key``) are one result: a second printing in a list gains nothing. Unjudged hits
  gain nothing and are counted, per system, under the table.
- latency: median and 90th percentile of one first page of ten hits, in milliseconds
  (Baoku: ``search()`` with snippets and no facets; baseline: the parsed query, its ten
  hits and their stored fields), and the ratio of the two medians (below 1: Baoku faster).
- under the table, for the topics: on how many Baoku's nDCG@10 is higher, equal, lower.

Run: ``.venv/bin/python bench/quality.py [--seed 7] [--per-kind 300] [--misses 40]``;
``--pool 20`` prints, instead, the pooled first 20 hits of both systems for each topic that
are not judged yet, for judging by reading.
"""
from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import quality_baseline  # noqa: E402
from bench.quality_cache import baseline_version, cached, indexer_version  # noqa: E402
from bench.quality_queries import (  # noqa: E402
    KINDS,
    Query,
    Topic,
    absent_headlines,
    by_kind,
    generate,
    load_topics,
)
from indexer.article import Article  # noqa: E402
from indexer.cores import usable_cores  # noqa: E402
from indexer.engine.search import match_query, search  # noqa: E402
from indexer.engine.store import ArchiveIndex, create_or_open, open_index  # noqa: E402
from indexer.engine.writing import index_articles  # noqa: E402
from indexer.errors import BaokuError  # noqa: E402
from indexer.readers import read_paths  # noqa: E402
from indexer.results import SearchRequest  # noqa: E402

DATA = REPO.parent / "shared" / "corpus-data"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the two systems -----------------------------------------------------------------

@dataclass
class Outcome:
    """One query on one system."""

    ranked: list[list[str]]  # the first ten hits, each with its collapsed printings
    ms: float
    found: bool  # the target is in the result set
    error: str | None = None


class Ours:
    name = "Baoku"

    def __init__(self, index: ArchiveIndex) -> None:
        self.index = index

    def run(self, text: str, target: str | None = None) -> Outcome:
        request = SearchRequest(query=text, limit=10, facets=False)
        started = time.perf_counter()
        try:
            results = search(self.index, request)
        except BaokuError as exc:
            return Outcome([], (time.perf_counter() - started) * 1000, False, str(exc))
        ms = (time.perf_counter() - started) * 1000
        ranked = [[h.id, *h.also_on] for h in results.hits]
        found = target is not None and self._matches(request, target)
        return Outcome(ranked, ms, found, results.notice)

    def _matches(self, request: SearchRequest, target: str) -> bool:
        with self.index.reading() as searcher:
            docnum = searcher.document_number(id=target)
            return docnum is not None and docnum in set(
                searcher.docs_for_query(match_query(self.index, request)))


class Base:
    name = "baseline"

    def __init__(self, baseline: quality_baseline.Baseline) -> None:
        self.baseline = baseline

    def run(self, text: str, target: str | None = None) -> Outcome:
        try:
            ids, ms = self.baseline.search(text)
            found = target is not None and self.baseline.contains(text, target)
        except Exception as exc:  # noqa: BLE001 - whatever the baseline raises is a miss
            return Outcome([], 0.0, False, f"{type(exc).__name__}: {exc}")
        return Outcome([[i] for i in ids], ms, found)


# --- measures ------------------------------------------------------------------------

def rank_of(ranked: list[list[str]], targets: frozenset[str]) -> int | None:
    """1-based rank of the first hit that is one of ``targets``, or None."""
    for i, ids in enumerate(ranked, 1):
        if targets.intersection(ids):
            return i
    return None


def ndcg(ranked: list[list[str]], topic: Topic, group_of: dict[str, str]) -> tuple[float, int]:
    """nDCG@10 of ``ranked`` and how many of its hits are unjudged."""
    grades: dict[str, int] = {}
    for doc, grade in topic.judgments.items():
        g = group_of.get(doc, doc)
        grades[g] = max(grades.get(g, 0), grade)
    seen: set[str] = set()
    dcg, unjudged = 0.0, 0
    for i, ids in enumerate(ranked[:10], 1):
        groups = {group_of.get(d, d) for d in ids}
        if not groups & grades.keys():
            unjudged += 1
        gain = 0 if groups & seen else max((grades.get(g, 0) for g in groups), default=0)
        seen |= groups
        dcg += (2 ** gain - 1) / math.log2(i + 1)
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return (dcg / idcg if idcg else 0.0), unjudged


@dataclass
class Tally:
    """The outcomes of one kind of query on one system."""

    ranks: list[int | None] = field(default_factory=list)
    found: list[bool] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    unjudged: int = 0

    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks) if self.ranks else 0.0

    def success1(self) -> float:
        return sum(r == 1 for r in self.ranks) / len(self.ranks) if self.ranks else 0.0

    def recall(self) -> float:
        return sum(self.found) / len(self.found) if self.found else 0.0

    def latency(self) -> str:
        if not self.ms:
            return ""
        ordered = sorted(self.ms)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        return f"{statistics.median(ordered):.1f} / {p90:.1f}"

    def median_ms(self) -> float:
        return statistics.median(self.ms) if self.ms else 0.0


@dataclass
class Miss:
    query: Query
    detail: str


def evaluate(systems, queries: Sequence[Query]) -> list[tuple[Tally, list[Miss]]]:
    """Each query on each system in turn (so that both see the same machine load)."""
    out = [(Tally(), []) for _ in systems]
    for q in queries:
        for system, (tally, misses) in zip(systems, out, strict=True):
            _record(tally, misses, q, system.run(q.text, q.target))
    return out


def _record(tally: Tally, misses: list[Miss], q: Query, out: Outcome) -> None:
    tally.ms.append(out.ms)
    tally.found.append(out.found)
    rank = rank_of(out.ranked, q.targets) if q.known_item else None
    if q.known_item:
        tally.ranks.append(rank)
    if not out.found:
        misses.append(Miss(q, "not in the result set" + (f" ({out.error})" if out.error else "")))
    elif q.known_item and rank != 1:
        first = out.ranked[0][0] if out.ranked else "nothing"
        misses.append(Miss(q, f"rank {rank or '>10'}; first: {first}"))


def evaluate_topics(systems, topics: Sequence[Topic], group_of: dict[str, str]
                    ) -> list[Tally]:
    tallies = [Tally() for _ in systems]
    for t in topics:
        for system, tally in zip(systems, tallies, strict=True):
            out = system.run(t.query)
            tally.ms.append(out.ms)
            score, unjudged = ndcg(out.ranked, t, group_of)
            tally.ndcg.append(score)
            tally.unjudged += unjudged
    return tallies


# --- the table -----------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def table(rows: list[tuple[str, int, str, str, str, str, str, str]]) -> str:
    head = ("kind", "queries", "measure", "Baoku", "baseline", "Baoku ms", "baseline ms",
            "ms ratio")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for r in [head, *rows]:
        cells = [str(c).ljust(w) if i < 3 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        lines.append("| " + " | ".join(cells) + " |")
    lines.insert(1, "|" + "|".join("-" * (w + 2) if i < 3 else "-" * (w + 1) + ":"
                                   for i, w in enumerate(widths)) + "|")
    return "\n".join(lines)


def _ratio(ours: Tally, base: Tally) -> str:
    """Baoku's median latency over the baseline's (below 1: Baoku is faster)."""
    return f"{ours.median_ms() / base.median_ms():.2f}x" if base.median_ms() else ""


def rows_for(kind: str, n: int, ours: Tally, base: Tally) -> list[tuple]:
    lat = (ours.latency(), base.latency(), _ratio(ours, base))
    if kind in ("title", "headline"):
        return [(kind, n, "MRR@10", f"{ours.mrr():.3f}", f"{base.mrr():.3f}", *lat),
                ("", "", "success@1", _pct(ours.success1()), _pct(base.success1()),
                 "", "", "")]
    if kind == "traditional":
        return [(kind, n, "recall", _pct(ours.recall()), _pct(base.recall()), *lat),
                ("", len(ours.ranks), "MRR@10 (headlines)", f"{ours.mrr():.3f}",
                 f"{base.mrr():.3f}", "", "", "")]
    if kind == "topic":
        return [(kind, n, "nDCG@10", f"{statistics.mean(ours.ndcg):.3f}",
                 f"{statistics.mean(base.ndcg):.3f}", *lat)]
    return [(kind, n, "recall", _pct(ours.recall()), _pct(base.recall()), *lat)]


def wins(ours: Sequence[float], base: Sequence[float]) -> tuple[int, int, int]:
    """How many paired scores are higher, equal (to three decimals), lower for Baoku."""
    diffs = [round(o - b, 3) for o, b in zip(ours, base, strict=True)]
    return (sum(d > 0 for d in diffs), sum(d == 0 for d in diffs), sum(d < 0 for d in diffs))


# --- building and running ------------------------------------------------------------

def data_files(data: Path) -> list[Path]:
    files = sorted(data.glob("*.jsonl"))
    if not files:  # a run on nothing would print a table of zeros
        raise SystemExit(f"no JSONL files in {data}: give the corpus folder with --data")
    return files


def read_articles(files: list[Path]) -> list[Article]:
    return [a for a in read_paths(files) if isinstance(a, Article)]


def build_ours(files: list[Path]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        summary = index_articles(create_or_open(folder), read_paths(files),
                                 workers=usable_cores())
        log("baoku: " + summary.line())
    return build


def build_baseline(articles: Callable[[], list[Article]]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        quality_baseline.build(folder, articles())
    return build


def body_groups(index: ArchiveIndex) -> dict[str, str]:
    """Article id -> its group: the body_key, or the id itself when it has none."""
    out: dict[str, str] = {}
    with index.reading() as searcher:
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if not reader.has_column("id"):
                continue
            ids, keys = reader.column_reader("id"), reader.column_reader("body_key")
            for d in reader.all_doc_ids():
                out[ids[d]] = keys[d] or ids[d]
    return out


def print_pool(systems, topics: Sequence[Topic], depth: int,
               articles: dict[str, Article], group_of: dict[str, str]) -> None:
    """The pooled first ``depth`` hits of every system per topic that are not judged yet
    (one printing per body), as JSON lines for judging by reading."""
    for t in topics:
        judged = {group_of.get(d, d) for d in t.judgments}
        pool: dict[str, set[str]] = {}
        for system in systems:
            for ids in _deep(system, t.query, depth):
                g = group_of.get(ids[0], ids[0])
                if g not in judged:
                    pool.setdefault(ids[0], set()).add(system.name)
                    judged.add(g)
        for doc, names in pool.items():
            a = articles[doc]
            print(json.dumps({"topic": t.query, "id": doc, "by": sorted(names),
                              "title": a.heading, "date": a.date,
                              "body": a.body[:400]}, ensure_ascii=False))


def _deep(system, text: str, depth: int) -> list[list[str]]:
    if isinstance(system, Ours):
        results = search(system.index, SearchRequest(query=text, limit=depth, facets=False))
        return [[h.id, *h.also_on] for h in results.hits]
    ids, _ = system.baseline.search(text, limit=depth)
    return [[i] for i in ids]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--misses", type=int, default=40,
                        help="misses to print per kind (0: none)")
    parser.add_argument("--pool", type=int, default=0, metavar="DEPTH",
                        help="print unjudged pooled topic hits instead of the table")
    args = parser.parse_args(argv)
    files = data_files(args.data)
    articles = read_articles(files)
    ours_dir = cached("quality-baoku", indexer_version(files), build_ours(files), log)
    base_dir = cached("quality-baseline", baseline_version(files),
                      build_baseline(lambda: articles), log)
    index = open_index(ours_dir)
    ours = Ours(index)
    base = Base(quality_baseline.Baseline(base_dir))
    group_of = body_groups(index)
    topics = load_topics()
    if args.pool:
        print_pool([ours, base], topics, args.pool, {a.id: a for a in articles}, group_of)
        return 0
    indexed = [a for a in articles if a.id in group_of]
    queries = by_kind(generate(indexed, args.per_kind, args.seed))
    systems = [ours, base]
    for system in systems:  # load jieba and open files before timing anything
        system.run("新闻 报道")
    rows, all_misses = [], {}
    for kind in KINDS:
        log(f"running {len(queries[kind])} {kind} queries …")
        (tally_ours, misses), (tally_base, _) = evaluate(systems, queries[kind])
        rows += rows_for(kind, len(queries[kind]), tally_ours, tally_base)
        all_misses[kind] = misses
    t_ours, t_base = evaluate_topics(systems, topics, group_of)
    rows += rows_for("topic", len(topics), t_ours, t_base)
    print(f"Search quality on {len(indexed):,} articles ({len(files)} JSONL files), seed "
          f"{args.seed}; latency: median / 90th percentile of a first page, ms; ms ratio: "
          "Baoku's median over the baseline's\n")
    print(table(rows))
    absent = absent_headlines(indexed)
    if absent:
        print(f"\nlisted headlines no article has (left out): {', '.join(absent)}")
    print(f"\nunjudged hits among the first ten of the topics: Baoku {t_ours.unjudged}, "
          f"baseline {t_base.unjudged}")
    print("topics where Baoku's nDCG@10 is higher / equal / lower than the baseline's: "
          + " / ".join(str(n) for n in wins(t_ours.ndcg, t_base.ndcg)))
    for kind, misses in all_misses.items():
        if not misses or not args.misses:
            continue
        print(f"\n{kind}: {len(misses)} misses of Baoku")
        for m in misses[:args.misses]:
            extra = f" [{m.query.variant}]" if m.query.variant else ""
            print(f"  {m.query.text!r}{extra} -> {m.query.target}: {m.detail}")
    base.baseline.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
