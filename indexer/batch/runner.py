"""Batch search: a file of queries in, three files out (summary, counts per period, hits).

``run_batch`` streams: it reads one query at a time, writes its rows, and records in
``PREFIX.run.json`` (every ``SAVE_EVERY`` seconds, and at the end) how many queries are
finished and how long each file was after the last of them, so that a killed run continues
(``resume=True``) by cutting the files back to that length and going on with the next
query; the files end up byte for byte those of an uninterrupted run. A run asked to stop
(``stop``) does so after the query it is on, leaving its files as far as it got, and the
record to continue them. With ``workers`` > 1
the queries run in that many processes (``CHUNK`` queries at a time), each opening the
archive itself, and their results are written in input order.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from indexer.archive import open_archive
from indexer.backend import SearchBackend
from indexer.cores import worker_start_method
from indexer.durable import written_whole
from indexer.errors import InvalidRequest, QuerySyntaxError
from indexer.results import Hit, SearchRequest
from indexer.searching.trend import PERIODS, Trend, TrendCache

from .facet_counts import FACET_BY, facet_trend
from .input import BatchInputError, QuerySpec, count_queries, file_digest, read_queries
from .output import (
    COUNTS_COLUMNS,
    FORMATS,
    SUMMARY_COLUMNS,
    CsvRows,
    append_file,
    counts_row,
    hits_rows,
    output_paths,
    read_rows,
    write_hits,
    write_wide,
)

# What a batch counts by: periods of time, or the values of a facet (--by place).
BATCH_BY = (*PERIODS, *FACET_BY)

STATE_VERSION = 1
# Queries a worker process is given at a time: fewer round trips between the processes
# (each query of a counts-only batch takes about a millisecond).
CHUNK = 8
# Seconds between two progress records: a record per query would cost a counts-only batch
# a tenth of its time; a resumed run redoes at most this much.
SAVE_EVERY = 0.2


@dataclass(frozen=True)
class BatchOptions:
    """How to run every query of a batch. A query's own from/to/source (CSV columns)
    replace ``date_from``/``date_to`` and a ``source`` filter."""

    by: str = "month"
    limit: int = 100  # hits written per query; 0: all
    hits: bool = True  # False: counts only, no hits file
    fmt: str = "csv"  # of the hits file: csv or jsonl
    date_from: str | None = None
    date_to: str | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    snippet_chars: int = 160
    workers: int = 1

    def check(self) -> None:
        """Raises InvalidRequest for an option out of range."""
        if self.by not in BATCH_BY:
            raise InvalidRequest(f"--by must be one of {', '.join(BATCH_BY)}, not '{self.by}'")
        if self.fmt not in FORMATS:
            raise InvalidRequest(f"--format must be one of {', '.join(FORMATS)}, "
                                 f"not '{self.fmt}'")
        if self.limit < 0:
            raise InvalidRequest(f"--limit must be 0 (all hits) or more, not {self.limit}")
        if self.workers < 1:
            raise InvalidRequest(f"--workers must be 1 or more, not {self.workers}")

    def results_key(self) -> dict[str, Any]:
        """What decides the files' contents (not ``workers``)."""
        data = asdict(self)
        data.pop("workers")
        return data


@dataclass(frozen=True)
class BatchReport:
    queries: int  # in the file, good and bad
    ran: int  # run by this call
    resumed_from: int  # finished by an earlier, interrupted call
    errors: tuple[tuple[str, str, str], ...]  # (id, query, error), whole batch
    no_results: tuple[tuple[str, str], ...]  # (id, query), whole batch
    files: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    stopped: bool = False  # asked to stop before the last query: the files are partial

    def to_json(self) -> dict[str, Any]:
        return {"queries": self.queries, "ran": self.ran, "resumed_from": self.resumed_from,
                "stopped": self.stopped,
                "errors": [list(e) for e in self.errors],
                "no_results": [list(n) for n in self.no_results],
                "files": {k: str(v) for k, v in self.files.items()},
                "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class QueryOutcome:
    """What one query gave: its trend, or why it failed; ``part`` is the file a worker
    process wrote the hit rows to."""

    spec: QuerySpec
    trend: Trend | None
    error: str | None
    part: str | None = None


Progress = Callable[[int, int], None]  # (queries finished, queries in the file)
OnError = Callable[[QuerySpec, str], None]
Stop = Callable[[], bool]  # True: stop after the current query


def state_path(prefix: str | os.PathLike[str]) -> Path:
    return Path(str(prefix) + ".run.json")


def parts_path(prefix: str | os.PathLike[str]) -> Path:
    """The folder where worker processes write their hit rows until they are copied."""
    return Path(str(prefix) + ".parts")


def read_state(prefix: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The progress record of the batch written with ``prefix``, or None."""
    try:
        return json.loads(state_path(prefix).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def run_batch(address: str | os.PathLike[str], queries_path: str | os.PathLike[str],
              prefix: str | os.PathLike[str], options: BatchOptions = BatchOptions(), *,
              resume: bool = False, progress: Progress | None = None,
              on_error: OnError | None = None, stop: Stop | None = None) -> BatchReport:
    """Run every query of ``queries_path`` on the archive at ``address`` and write
    PREFIX.summary.csv, PREFIX.counts.csv, PREFIX.hits.csv|jsonl and PREFIX.wide.csv.
    Raises InvalidRequest, BatchInputError, IndexNotFound; a query that fails is reported
    through ``on_error`` and in the summary's error column, and the batch goes on. When
    ``stop()`` turns true the run ends after the current query (``stopped`` in the
    report), its files partial."""
    started = time.perf_counter()
    options.check()
    archive = open_archive(address)
    archive.open()
    total = count_queries(queries_path)
    fingerprint = _fingerprint(queries_path, options)
    paths = output_paths(prefix, options.fmt, options.hits)
    Path(str(prefix)).parent.mkdir(parents=True, exist_ok=True)
    state = _resumable(prefix, fingerprint, paths) if resume else None
    if state is None:
        state_path(prefix).unlink(missing_ok=True)
        state = {"version": STATE_VERSION, "fingerprint": fingerprint, "queries": total,
                 "done": 0, "offsets": None, "finished": False}
    resumed_from = state["done"]
    ran = 0
    if not state["finished"]:
        ran = _run(archive, queries_path, prefix, paths, options, state, total, progress,
                   on_error, stop)
    elif progress:
        progress(total, total)
    write_wide(paths)
    errors, empty = _listing(paths["summary"])
    return BatchReport(total, ran, resumed_from, errors, empty, paths,
                       time.perf_counter() - started, stopped=not state["finished"])


def _fingerprint(queries_path: str | os.PathLike[str], options: BatchOptions) -> str:
    key = json.dumps({"queries": file_digest(queries_path), "options": options.results_key()},
                     sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _resumable(prefix, fingerprint: str, paths: dict[str, Path]) -> dict[str, Any] | None:
    """The state of an earlier run to continue, None to start anew. Raises BatchInputError
    when the earlier run read another file or used other options."""
    state = read_state(prefix)
    if state is None or state.get("version") != STATE_VERSION or not state.get("offsets"):
        return None
    if state["fingerprint"] != fingerprint:
        raise BatchInputError(f"{state_path(prefix)} is the record of a run with another "
                              "query file or other options; run without --resume to start "
                              "anew")
    for name, size in state["offsets"].items():
        path = paths[name]
        if not path.exists() or path.stat().st_size < size:
            raise BatchInputError(f"{path} is shorter than the interrupted run left it; run "
                                  "without --resume to start anew")
    return state


def _save_state(prefix, state: dict[str, Any]) -> None:
    with written_whole(state_path(prefix)) as out:
        json.dump(state, out)


def _record(prefix, state: dict[str, Any], writers: dict[str, Any]) -> None:
    """Save how many queries are done with the length of each file then (flushed)."""
    state["offsets"] = {name: w.offset() for name, w in writers.items()}
    _save_state(prefix, state)


def _run(archive: SearchBackend, queries_path, prefix, paths: dict[str, Path],
         options: BatchOptions, state: dict[str, Any], total: int,
         progress: Progress | None, on_error: OnError | None, stop: Stop | None) -> int:
    offsets = state["offsets"] or {}
    fresh = state["offsets"] is None
    summary = CsvRows(paths["summary"], SUMMARY_COLUMNS, None if fresh else offsets["summary"])
    counts = CsvRows(paths["counts"], COUNTS_COLUMNS, None if fresh else offsets["counts"])
    hits = (hits_rows(paths["hits"], options.fmt, None if fresh else offsets["hits"])
            if options.hits else None)
    writers = {"summary": summary, "counts": counts, **({"hits": hits} if hits else {})}
    skip = state["done"]
    ran = 0
    shutil.rmtree(parts_path(prefix), ignore_errors=True)  # left by a killed run
    if progress:
        progress(skip, total)
    saved = time.monotonic()
    try:
        specs = (s for i, s in enumerate(read_queries(queries_path)) if i >= skip)
        evaluator = Evaluator(archive, options)
        outcomes = _outcomes(evaluator, specs, options, prefix)
        for outcome in outcomes:
            spec = outcome.spec
            if outcome.error is not None:
                summary.write((spec.id, spec.query, "", "", "", outcome.error))
                if on_error:
                    on_error(spec, outcome.error)
            else:
                t = outcome.trend
                summary.write((spec.id, spec.query, t.total, t.first_date or "",
                               t.last_date or "", ""))
                for period in t.periods:
                    counts.write(counts_row(spec.id, period))
                if hits is not None and outcome.part is not None:
                    append_file(hits, Path(outcome.part))
                    os.unlink(outcome.part)
                elif hits is not None and t.total:
                    write_hits(hits, spec.id, evaluator.hits(spec))
            ran += 1
            state["done"] = skip + ran
            if time.monotonic() - saved >= SAVE_EVERY:
                _record(prefix, state, writers)
                saved = time.monotonic()
            if progress:
                progress(state["done"], total)
            if stop is not None and state["done"] < total and stop():
                outcomes.close()  # stops the worker processes, if any
                break
        else:
            state["finished"] = True
        _record(prefix, state, writers)
    finally:
        for w in writers.values():
            w.close()
    return ran


def _listing(summary_path: Path):
    errors, empty = [], []
    for row in read_rows(summary_path):
        if row["error"]:
            errors.append((row["id"], row["query"], row["error"]))
        elif row["total"] == "0":
            empty.append((row["id"], row["query"]))
    return tuple(errors), tuple(empty)


class Evaluator:
    """Runs the queries of a batch on one archive (one per process)."""

    def __init__(self, archive: SearchBackend, options: BatchOptions) -> None:
        self.archive = archive
        self.options = options
        self.cache = TrendCache()  # the articles per period, each segment's periods

    def request(self, spec: QuerySpec) -> SearchRequest:
        o = self.options
        filters = dict(o.filters)
        if spec.source:
            filters["source"] = (spec.source,)
        return SearchRequest(query=spec.query, filters=tuple(filters.items()),
                             date_from=spec.date_from or o.date_from,
                             date_to=spec.date_to or o.date_to, limit=0, facets=False,
                             snippet_chars=o.snippet_chars)

    def evaluate(self, spec: QuerySpec) -> QueryOutcome:
        if spec.error is not None:
            return QueryOutcome(spec, None, spec.error)
        try:
            if self.options.by in FACET_BY:
                return QueryOutcome(spec, facet_trend(self.archive, self.request(spec),
                                                      self.options.by, self.cache), None)
            return QueryOutcome(spec, self.archive.trend(self.request(spec), self.options.by,
                                                         self.cache), None)
        except (QuerySyntaxError, InvalidRequest) as exc:
            # The line's fault: it is reported and the others run. Any other error (a
            # damaged index, an unreachable cluster) is the archive's and ends the run,
            # which can be resumed once it is mended.
            return QueryOutcome(spec, None, str(exc))

    def hits(self, spec: QuerySpec) -> Iterator[Hit]:
        cap = self.options.limit or None
        return self.archive.iter_hits(self.request(spec), cap)


def _outcomes(evaluator: Evaluator, specs: Iterator[QuerySpec], options: BatchOptions,
              prefix) -> Iterator[QueryOutcome]:
    if options.workers == 1:
        yield from (evaluator.evaluate(spec) for spec in specs)
        return
    parts = parts_path(prefix)
    parts.mkdir()
    window = 2 * options.workers
    pending: deque[Future] = deque()
    context = _start_method(evaluator)
    try:
        with ProcessPoolExecutor(options.workers, mp_context=context,
                                 initializer=_start_worker,
                                 initargs=(evaluator.archive.address, options,
                                           str(parts))) as pool:
            try:
                for chunk in _chunks(specs, CHUNK):
                    pending.append(pool.submit(_work, chunk))
                    if len(pending) >= window:
                        yield from pending.popleft().result()
                while pending:
                    yield from pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _chunks(specs: Iterator[QuerySpec], size: int) -> Iterator[list[QuerySpec]]:
    chunk: list[QuerySpec] = []
    for spec in specs:
        chunk.append(spec)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start_method(evaluator: Evaluator):
    """Fork where ``indexer.cores.worker_start_method`` allows it (``baoku batch``, one
    thread): the workers start at once with the segmenter's dictionary already loaded, here,
    once. Else (a web server's thread) spawn fresh processes."""
    method = worker_start_method()
    if method == "fork":
        evaluator.evaluate(QuerySpec(0, "", "报"))  # load the segmenter before forking
    return multiprocessing.get_context(method)


# The worker process's evaluator. multiprocessing gives a worker nothing but module state
# between tasks; it is set once by the pool's initializer, in the worker process only.
_worker: dict[str, Any] = {}


def _start_worker(address: str, options: BatchOptions, parts: str) -> None:
    _worker["evaluator"] = Evaluator(open_archive(address), options)
    _worker["parts"] = Path(parts)


def _work(specs: list[QuerySpec]) -> list[QueryOutcome]:
    return [_work_one(spec) for spec in specs]


def _work_one(spec: QuerySpec) -> QueryOutcome:
    evaluator: Evaluator = _worker["evaluator"]
    outcome = evaluator.evaluate(spec)
    options = evaluator.options
    if outcome.error is None and options.hits and outcome.trend.total:
        part = _worker["parts"] / f"{spec.line}.part"
        rows = hits_rows(part, options.fmt, header=False)
        try:
            write_hits(rows, spec.id, evaluator.hits(spec))
        finally:
            rows.close()
        outcome = replace(outcome, part=str(part))
    return outcome
