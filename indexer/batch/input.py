"""Reading a batch's query file: one query a line, or a CSV with columns ``id,query`` and
optional ``from,to,source``.

Blank lines and lines starting with ``#`` are skipped. A line that cannot be run (an
invalid query, a bad date, a repeated id) is still yielded, with the reason in ``error``,
so that the batch reports it by line number and goes on. A plain-text line's id is its line
number. The file is read as a stream: ``read_queries`` holds one line at a time (and the
ids seen so far, to refuse a repeated one).
"""
from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.errors import InvalidRequest, QuerySyntaxError
from indexer.query.dates import date_bound
from indexer.query.language import parse_query

CSV_COLUMNS = ("id", "query", "from", "to", "source")


class BatchInputError(InvalidRequest):
    """The query file as a whole cannot be read (missing, not UTF-8, bad CSV header), or
    does not match the interrupted run to resume."""


@dataclass(frozen=True)
class QuerySpec:
    """One query of a batch. Dates are ISO days; None means the batch's own option."""

    line: int
    id: str
    query: str
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    error: str | None = None  # why this line cannot be run


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of the file's bytes (to tell whether a resumed run reads the same file).
    Raises BatchInputError."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                h.update(block)
    except OSError as exc:
        raise BatchInputError(f"cannot read the query file {path}: "
                              f"{exc.strerror or exc}") from None
    return h.hexdigest()


def read_queries(path: str | os.PathLike[str]) -> Iterator[QuerySpec]:
    """The queries of the file at ``path`` in file order. Raises BatchInputError for a file
    that cannot be read as a whole; a bad line is yielded with its ``error``."""
    seen: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            first = _first_meaningful(f)
            f.seek(0)
            lines = iter(f)
            specs = _csv_specs(lines) if first is not None and _is_header(first) \
                else _text_specs(lines)
            for spec in specs:
                if spec.error is None and spec.id in seen:
                    spec = QuerySpec(spec.line, spec.id, spec.query,
                                     error=f"id '{spec.id}' was already used on line "
                                           f"{seen[spec.id]}")
                seen.setdefault(spec.id, spec.line)
                yield spec
    except FileNotFoundError:
        raise BatchInputError(f"no query file at {path}") from None
    except UnicodeDecodeError as exc:
        raise BatchInputError(f"the query file {path} is not UTF-8 text (byte {exc.start}); "
                              "save it as UTF-8") from None
    except OSError as exc:
        raise BatchInputError(f"cannot read the query file {path}: "
                              f"{exc.strerror or exc}") from None


def count_queries(path: str | os.PathLike[str]) -> int:
    """How many queries (good or bad) ``read_queries`` yields. Raises BatchInputError."""
    return sum(1 for _ in read_queries(path))


def _first_meaningful(lines) -> str | None:
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            return text
    return None


def _is_header(line: str) -> bool:
    cells = [c.strip().lower() for c in next(csv.reader([line]), [])]
    return "id" in cells and "query" in cells


def _checked(line: int, qid: str, query: str, date_from: str | None = None,
             date_to: str | None = None, source: str | None = None) -> QuerySpec:
    if not qid:
        return QuerySpec(line, f"line {line}", query, error="the id is empty")
    if not query:
        return QuerySpec(line, qid, query, error="the query is empty")
    try:
        parse_query(query)
        start, end = date_bound(date_from, end=False), date_bound(date_to, end=True)
    except (QuerySyntaxError, InvalidRequest) as exc:
        return QuerySpec(line, qid, query, error=str(exc))
    if start and end and start > end:
        return QuerySpec(line, qid, query, error=f"from {date_from} is after to {date_to}")
    return QuerySpec(line, qid, query, start, end, source or None)


def _text_specs(lines) -> Iterator[QuerySpec]:
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if text and not text.startswith("#"):
            yield _checked(number, str(number), text)


def _csv_specs(lines) -> Iterator[QuerySpec]:
    reader = csv.reader(lines)
    header: list[str] | None = None
    previous = 0
    for row in reader:
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            unknown = [c for c in header if c not in CSV_COLUMNS]
            if unknown or len(set(header)) != len(header):
                raise BatchInputError(
                    f"line {line}: the CSV columns must be id, query and optionally from, "
                    f"to, source (each once), not {', '.join(row)}")
            continue
        if len(row) != len(header):
            yield QuerySpec(line, row[0].strip() or f"line {line}", "",
                            error=f"{len(row)} cells where the header has {len(header)}")
            continue
        cells = {name: value.strip() for name, value in zip(header, row, strict=True)}
        yield _checked(line, cells["id"], cells["query"], cells.get("from"), cells.get("to"),
                       cells.get("source"))
