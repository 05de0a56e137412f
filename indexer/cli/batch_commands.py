"""`baoku batch` (a file of queries -> summary, counts, wide and hits files) and `baoku trend`
(counts over time of a few queries side by side)."""
from __future__ import annotations

import functools
import json
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import click
from tqdm import tqdm

from indexer.batch.input import QuerySpec
from indexer.batch.output import FORMATS
from indexer.batch.runner import BATCH_BY, BatchOptions, BatchReport, run_batch
from indexer.cores import forking_workers
from indexer.query.dates import date_bound
from indexer.results import FILTER_FIELDS, SearchRequest
from indexer.searching.trend import PERIODS, Trend, TrendCache
from indexer.settings import load_settings

from .options import (
    index_option,
    json_option,
    open_archive_option,
    parse_filters,
    translate_errors,
)


def period_options(func, by_choices: tuple[str, ...] = PERIODS):
    func = click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
                        help=f"Only articles with this value ({', '.join(FILTER_FIELDS)}); "
                             "repeatable.")(func)
    func = click.option("--to", "date_to", metavar="DATE",
                        help="Latest date (YYYY[-MM[-DD]]).")(func)
    func = click.option("--from", "date_from", metavar="DATE",
                        help="Earliest date (YYYY[-MM[-DD]]).")(func)
    help_text = ("Period of the counts." if by_choices == PERIODS else
                 "Period of the counts, or a facet whose values the counts are by (place "
                 "counts a place at every level: 南湖区 also under 嘉兴市 and 浙江省).")
    return click.option("--by", type=click.Choice(by_choices), default="month",
                        show_default=True, help=help_text)(func)


@click.command()
@click.argument("queries", type=click.Path(dir_okay=False))
@index_option
@click.option("--out", "prefix", metavar="PREFIX",
              help="Write PREFIX.summary.csv, PREFIX.counts.csv, PREFIX.wide.csv and "
                   "PREFIX.hits.csv (default: the query file's path without its "
                   "extension).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="Format of the hits file.")
@click.option("--limit", default=100, show_default=True,
              help="Hits written per query; 0 for all.")
@click.option("--counts-only", is_flag=True, help="Write no hits file (fastest).")
@functools.partial(period_options, by_choices=BATCH_BY)
@click.option("--workers", default=1, show_default=True,
              help="Processes running queries at once.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run with the same file and options.")
@json_option
@translate_errors
def batch(queries: str, index_dir: str | None, prefix: str | None, fmt: str, limit: int,
          counts_only: bool, by: str, date_from: str | None, date_to: str | None,
          filters: tuple[str, ...], workers: int, resume: bool, as_json: bool) -> None:
    """Run every query of QUERIES (one a line, or a CSV with columns id,query and optional
    from,to,source) and write its total, its counts per period (also as a table of one
    column per query) and its hits to files."""
    settings = load_settings({"index": index_dir})
    options = BatchOptions(by=by, limit=limit, hits=not counts_only, fmt=fmt,
                           date_from=date_bound(date_from, end=False, name="--from"),
                           date_to=date_bound(date_to, end=True, name="--to"),
                           filters=parse_filters(filters),
                           snippet_chars=settings["snippet_chars"], workers=workers)
    out = prefix or str(Path(queries).with_suffix(""))
    with tqdm(unit="query", desc="batch", disable=None, file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        def on_error(spec: QuerySpec, message: str) -> None:
            bar.write(f"line {spec.line}: {message}", file=sys.stderr)

        with forking_workers():
            report = run_batch(settings["index"], queries, out, options, resume=resume,
                               progress=progress, on_error=on_error)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        click.echo(format_report(report))


def format_report(report: BatchReport) -> str:
    """The end-of-run report: counts, files, and the queries without results."""
    resumed = f" ({report.resumed_from} done before)" if report.resumed_from else ""
    lines = [f"{report.queries} queries{resumed}: {len(report.errors)} invalid, "
             f"{len(report.no_results)} without results, in {report.seconds:.1f} s",
             "wrote " + ", ".join(str(p) for p in report.files.values())]
    if report.no_results:
        lines.append("without results:")
        lines.extend(f"  {qid}\t{query}" for qid, query in report.no_results)
    return "\n".join(lines)


@click.command()
@click.argument("queries", nargs=-1, required=True)
@index_option
@period_options
@click.option("--ratio", is_flag=True, help="Show each count as a share of all articles of "
                                            "the period.")
@json_option
@translate_errors
def trend(queries: tuple[str, ...], index_dir: str | None, by: str, date_from: str | None,
          date_to: str | None, filters: tuple[str, ...], ratio: bool, as_json: bool) -> None:
    """Print the counts over time of each QUERY side by side."""
    archive = open_archive_option(index_dir)
    base = SearchRequest(filters=parse_filters(filters),
                         date_from=date_bound(date_from, end=False, name="--from"),
                         date_to=date_bound(date_to, end=True, name="--to"), limit=0, facets=False)
    cache = TrendCache()
    trends = [archive.trend(replace(base, query=q), by, cache) for q in queries]
    if as_json:
        click.echo(json.dumps([t.to_json() for t in trends], ensure_ascii=False))
    else:
        click.echo(format_trends(trends, ratio))


def format_trends(trends: list[Trend], ratio: bool = False) -> str:
    """A table: one row per period, one column per query, a total row last."""
    header = ["period", *(t.query for t in trends)]
    rows = []
    for i, period in enumerate(trends[0].periods):
        cells = [period.period]
        for t in trends:
            p = t.periods[i]
            cells.append(f"{p.ratio:.2%}" if ratio else str(p.count))
        rows.append(cells)
    rows.append(["total", *(str(t.total) for t in trends)])
    table = [header, *rows]
    widths = [max(_width(r[c]) for r in table) for c in range(len(header))]
    return "\n".join("  ".join(_pad(cell, widths[c], left=c == 0) for c, cell in enumerate(r))
                     .rstrip() for r in table)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    space = " " * (width - _width(text))
    return text + space if left else space + text
