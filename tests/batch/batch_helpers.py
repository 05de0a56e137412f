"""What the batch files should hold, worked out another way: with `baoku search` and the
library's hits (stored documents), never with the batch's own column counts."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import main
from indexer.engine.search import iter_hits, search
from indexer.engine.store import ArchiveIndex
from indexer.results import SearchRequest

QUERIES = """# 研究课题：2019—2020 年的报道
中国
疫情
"脱贫攻坚"
习近平
肺炎 OR 疫情
title:经济
春节 -北京
source:搜狐
xyz无此词
"没有结束
武汉
"""
# line -> (id, query) of the good queries of QUERIES; line 11 is invalid.
GOOD = [(2, "中国"), (3, "疫情"), (4, '"脱贫攻坚"'), (5, "习近平"), (6, "肺炎 OR 疫情"),
        (7, "title:经济"), (8, "春节 -北京"), (9, "source:搜狐"), (10, "xyz无此词"),
        (12, "武汉")]
BAD = (11, '"没有结束', "the quote opened at position 1 is never closed")


def baoku(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def search_total(index: ArchiveIndex, query: str) -> int:
    """The total `baoku search --json` prints for ``query``."""
    code, out, err = baoku("search", query, "--index", str(index.path), "--json",
                           "--limit", "0")
    assert code == 0, err
    data = json.loads(out)
    if data["loose"]:
        # No exact match: `baoku search` retries loosely and says so; its exact total, the
        # one a batch counts, is 0.
        return 0
    return data["total"]


def search_ids(index: ArchiveIndex, query: str, limit: int) -> list[str]:
    code, out, err = baoku("search", query, "--index", str(index.path), "--json",
                           "--limit", str(limit))
    assert code == 0, err
    return [h["id"] for h in json.loads(out)["hits"]]


BOM = "\ufeff".encode()


def rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file the batch wrote: UTF-8 with a byte-order mark (for Excel),
    once, at the very start, and nowhere else."""
    data = path.read_bytes()
    assert data.startswith(BOM) and data.count(BOM) == 1, path
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def expected_counts(index: ArchiveIndex, qid: str, query: str) -> list[list[str]]:
    """Rows of the counts file for one query (by month), from the dates of its hits and the
    month facet of the empty query."""
    dates = [h.date for h in iter_hits(index, SearchRequest(query=query, limit=0))]
    per_month = Counter(d[:7] for d in dates if d)
    everything = search(index, SearchRequest(limit=0, facet_limit=0))
    months = everything.facet("month").counts()
    periods = dict(sorted(months.items()))
    undated_all = everything.total - sum(months.values())
    if undated_all:
        periods["undated"] = undated_all
        per_month["undated"] = sum(1 for d in dates if not d)
    return [[qid, p, str(per_month.get(p, 0)), str(n), f"{per_month.get(p, 0) / n:.6f}"]
            for p, n in periods.items()]


def expected_summary(index: ArchiveIndex, qid: str, query: str) -> list[str]:
    dates = sorted(h.date for h in iter_hits(index, SearchRequest(query=query, limit=0))
                   if h.date)
    return [qid, query, str(search_total(index, query)), dates[0] if dates else "",
            dates[-1] if dates else "", ""]


def expected_hits(index: ArchiveIndex, qid: str, query: str, limit: int) -> list[list[str]]:
    results = search(index, SearchRequest(query=query, limit=limit, collapse=False))
    hits = () if results.loose else results.hits  # a batch lists exact matches only
    return [[qid, str(rank), h.id, h.date or "", h.source or "", h.page or "", h.title,
             str(round(h.score, 4)), h.snippet.text] for rank, h in enumerate(hits, 1)]


TEXT = ("新华社北京电 国务院总理主持召开国务院常务会议，部署进一步做好疫情防控和经济社会发展工作，"
        "要求各地区各部门坚持以人民为中心，统筹推进脱贫攻坚、乡村振兴和民生保障，春节期间保障"
        "市场供应，稳定物价，加强交通运输和医疗卫生服务，支持湖北武汉抗击新冠肺炎疫情，"
        "推动企业复工复产，扩大对外开放，深化改革创新，保护生态环境，发展文化教育科技事业。")


def many_queries() -> str:
    """About 250 two-character queries (some of them without results) and a few phrases."""
    pairs = [TEXT[i:i + 2] for i in range(len(TEXT) - 1)]
    words = [p for p in dict.fromkeys(pairs) if all("\u4e00" <= ch <= "\u9fff" for ch in p)]
    return "\n".join(words + ['"脱贫攻坚"', '"乡村振兴"', "疫情 OR 肺炎"]) + "\n"
