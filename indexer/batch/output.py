"""The files a batch writes: PREFIX.summary.csv, PREFIX.counts.csv and PREFIX.hits.csv (or
.hits.jsonl) one row at a time, nothing kept in memory, each reopened at a byte offset to
continue an interrupted run; and at the end PREFIX.wide.csv, the counts as a table of one
row per period and one column per query, made from the counts file.

Every text cell of a CSV file goes through ``indexer.csv_safety.csv_cell``, so that a
headline or a query that looks like a formula is not run by a spreadsheet; JSONL stays raw.

CSV files are UTF-8 with a byte-order mark (``utf-8-sig``), written once at the start of the
file before its header, so that Excel reads the Chinese right; JSONL files have none. Rows
written without a header (a worker's part, appended later) and a continued file get no mark,
so a resumed run is byte for byte an uninterrupted one.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from indexer.csv_safety import csv_row, plain_cell
from indexer.results import Hit
from indexer.searching.trend import PeriodCount

SUMMARY_COLUMNS = ("id", "query", "total", "first_date", "last_date", "error")
COUNTS_COLUMNS = ("id", "period", "count", "articles", "ratio")
HITS_COLUMNS = ("id", "rank", "article_id", "date", "source", "page", "title", "score",
                "snippet")
FORMATS = ("csv", "jsonl")
UNDATED = "undated"  # the period of the articles without a date, last
BOM = "\ufeff"  # starts every CSV file (utf-8-sig), once


def output_paths(prefix: str | os.PathLike[str], fmt: str, hits: bool = True
                 ) -> dict[str, Path]:
    """The files of a batch written with ``prefix``: summary, counts, wide and (unless
    counts only) hits."""
    base = str(prefix)
    paths = {"summary": Path(base + ".summary.csv"), "counts": Path(base + ".counts.csv"),
             "wide": Path(base + ".wide.csv")}
    if hits:
        paths["hits"] = Path(f"{base}.hits.{fmt}")
    return paths


def ratio_text(ratio: float) -> str:
    return f"{ratio:.6f}"


def hit_record(qid: str, rank: int, hit: Hit) -> dict:
    """One row of the hits file: the snippet as plain text."""
    return {"id": qid, "rank": rank, "article_id": hit.id, "date": hit.date or "",
            "source": hit.source or "", "page": hit.page or "", "title": hit.title,
            "score": round(hit.score, 4), "snippet": hit.snippet.text}


class _Rows:
    """A text file written row by row, flushed on request."""

    def __init__(self, path: Path, offset: int | None) -> None:
        """Start ``path`` anew (``offset`` None) or continue it from byte ``offset``."""
        if offset is None:
            self.file: IO[str] = open(path, "w", encoding="utf-8", newline="")
            self.fresh = True
        else:
            with open(path, "r+b") as raw:
                raw.truncate(offset)
            self.file = open(path, "a", encoding="utf-8", newline="")
            self.fresh = False

    def offset(self) -> int:
        self.file.flush()
        return self.file.tell()

    def close(self) -> None:
        self.file.close()


class CsvRows(_Rows):
    def __init__(self, path: Path, columns: tuple[str, ...], offset: int | None = None,
                 header: bool = True) -> None:
        super().__init__(path, offset)
        self.writer = csv.writer(self.file, lineterminator="\n")
        if self.fresh and header:
            self.file.write(BOM)
            self.write(columns)

    def write(self, row: Iterable) -> None:
        self.writer.writerow(csv_row(row))


class JsonlRows(_Rows):
    def __init__(self, path: Path, columns: tuple[str, ...], offset: int | None = None,
                 header: bool = True) -> None:
        super().__init__(path, offset)
        self.columns = columns

    def write(self, row: Iterable) -> None:
        self.file.write(json.dumps(dict(zip(self.columns, row, strict=True)),
                                   ensure_ascii=False) + "\n")


def hits_rows(path: Path, fmt: str, offset: int | None = None, header: bool = True):
    """The writer of hit rows in ``fmt`` (csv or jsonl)."""
    kind = CsvRows if fmt == "csv" else JsonlRows
    return kind(path, HITS_COLUMNS, offset, header)


def write_hits(rows, qid: str, hits: Iterable[Hit]) -> int:
    """Write ``hits`` ranked from 1; returns how many."""
    n = 0
    for n, hit in enumerate(hits, 1):
        rows.write(hit_record(qid, n, hit).values())
    return n


def counts_row(qid: str, period: PeriodCount) -> tuple:
    return (qid, period.period, period.count, period.articles, ratio_text(period.ratio))


def append_file(rows: _Rows, part: Path) -> None:
    """Copy the text of ``part`` (rows written by a worker) to the end of ``rows``."""
    with open(part, encoding="utf-8", newline="") as f:
        while chunk := f.read(1 << 16):
            rows.file.write(chunk)


def read_rows(path: Path) -> Iterable[dict[str, str]]:
    """The rows of a CSV file a batch wrote, one at a time, each cell's text as it was
    before ``csv_cell``."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            yield {k: plain_cell(v) for k, v in row.items()}


def period_key(period: str) -> tuple[bool, str]:
    """Periods in date order, ``undated`` last."""
    return (period == UNDATED, period)


def write_wide(paths: dict[str, Path]) -> None:
    """Write the wide table: a row per period (every period of any query, in date order),
    a column per query that ran (headed with its text, in file order), the counts in the
    cells; a cell is empty where the query's own dates leave out the period. Holds the
    non-zero counts and each query's first and last period, not the whole table."""
    columns = [(row["id"], row["query"]) for row in read_rows(paths["summary"])
               if not row["error"]]
    nonzero: dict[tuple[str, str], str] = {}
    spans: dict[str, tuple[tuple[bool, str], tuple[bool, str]]] = {}
    periods: set[str] = set()
    for row in read_rows(paths["counts"]):
        qid, period, key = row["id"], row["period"], period_key(row["period"])
        periods.add(period)
        if row["count"] != "0":
            nonzero[qid, period] = row["count"]
        first, last = spans.get(qid, (key, key))
        spans[qid] = (min(first, key), max(last, key))
    rows = CsvRows(paths["wide"], ("period", *(query for _, query in columns)))
    try:
        for period in sorted(periods, key=period_key):
            key = period_key(period)
            rows.write((period, *(nonzero.get((qid, period), "0")
                                  if qid in spans and spans[qid][0] <= key <= spans[qid][1]
                                  else "" for qid, _ in columns)))
    finally:
        rows.close()
