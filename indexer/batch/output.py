"""The files a batch writes, one row at a time: PREFIX.summary.csv, PREFIX.counts.csv and
PREFIX.hits.csv (or .hits.jsonl). Nothing is kept in memory; each file can be reopened at a
byte offset to continue an interrupted run.

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

from indexer.results import Hit
from indexer.searching.trend import PeriodCount

SUMMARY_COLUMNS = ("id", "query", "total", "first_date", "last_date", "error")
COUNTS_COLUMNS = ("id", "period", "count", "articles", "ratio")
HITS_COLUMNS = ("id", "rank", "article_id", "date", "source", "page", "title", "score",
                "snippet")
FORMATS = ("csv", "jsonl")
BOM = "\ufeff"  # starts every CSV file (utf-8-sig), once


def output_paths(prefix: str | os.PathLike[str], fmt: str, hits: bool = True
                 ) -> dict[str, Path]:
    """The files of a batch written with ``prefix``: summary, counts and (unless counts
    only) hits."""
    base = str(prefix)
    paths = {"summary": Path(base + ".summary.csv"), "counts": Path(base + ".counts.csv")}
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
            self.writer.writerow(columns)

    def write(self, row: Iterable) -> None:
        self.writer.writerow(row)


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


def read_summary(path: Path) -> Iterable[dict[str, str]]:
    """The rows of a summary file, one at a time."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)

