"""The commands over an archive's articles: ``baoku index``, ``search``, ``stats``, ``show``,
and ``parse`` (what the readers extract, without an archive)."""
from __future__ import annotations

import json
import sys

import click

from indexer.cores import forking_workers
from indexer.editing.progress import ProgressBar
from indexer.entities import ENTITY_FIELDS
from indexer.query.dates import date_bound
from indexer.readers import Failure, read_paths
from indexer.readers.counting import count_articles
from indexer.results import FILTER_FIELDS, SORTS, SearchRequest, SearchResults, where_printed
from indexer.saved.checking import note_commit
from indexer.settings import load_settings

from .options import (
    dry_run_option,
    index_option,
    json_option,
    open_archive_option,
    parse_filters,
    print_summary,
    translate_errors,
    wait_option,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--userdict", type=click.Path(exists=True, dir_okay=False),
              help="jieba user dictionary (place names, new words), copied into the index.")
@click.option("--synonyms", type=click.Path(exists=True, dir_okay=False),
              help="Synonyms file (one group a line), copied into the index.")
@dry_run_option
@wait_option
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Processes building the index (default: one per CPU core); 0 writes "
                   "with Whoosh's own writer, several times slower.")
@json_option
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Draw the progress on stderr: counting, indexing (articles, with an "
                   "ETA), committing (default: when stderr is a terminal).")
@translate_errors
def index(paths: tuple[str, ...], index_dir: str | None, userdict: str | None,
          synonyms: str | None, dry_run: bool, wait: float, workers: int | None,
          as_json: bool, show_progress: bool | None) -> None:
    """Index the articles in PATHS (files or folders): new ones are added, changed ones
    replaced, unchanged ones skipped, unreadable ones reported. Exits 3 when another
    process kept the index locked for the whole --wait."""
    archive = open_archive_option(index_dir)
    disable = None if show_progress is None else not show_progress
    with ProgressBar(sys.stderr, disable=disable) as progress, forking_workers():
        progress.counted(*count_articles(paths))
        summary = archive.index_articles(
            read_paths(paths), dry_run=dry_run, wait=wait, workers=workers,
            userdict=userdict, synonyms=synonyms, progress=progress)
    note_commit(archive, summary)  # the saved searches' new matches
    for failure in summary.failures:
        click.echo(f"skipped {failure}", err=True)
    print_summary(summary, as_json)


@click.command()
@click.argument("query", default="")
@index_option
@json_option
@click.option("--limit", default=10, show_default=True, help="Hits to print.")
@click.option("--offset", default=0, show_default=True, help="Hits to skip.")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help=f"Keep only hits with this value ({', '.join(FILTER_FIELDS)}); repeatable.")
@click.option("--from", "date_from", metavar="DATE", help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Latest date (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--facets", "with_facets", is_flag=True,
              help="Print the facet counts after the hits (papers, years, months, pages, "
                   "authors, people, places by level, organisations).")
@translate_errors
def search(query: str, index_dir: str | None, as_json: bool, limit: int, offset: int,
           filters: tuple[str, ...], date_from: str | None, date_to: str | None,
           sort: str, with_facets: bool) -> None:
    """Search the archive for QUERY (see the README for the query language)."""
    request = SearchRequest(query=query, filters=parse_filters(filters),
                            date_from=date_bound(date_from, end=False, name="--from"),
                            date_to=date_bound(date_to, end=True, name="--to"),
                            sort=sort, limit=limit, offset=offset,
                            snippet_chars=load_settings()["snippet_chars"])
    archive = open_archive_option(index_dir)
    results = archive.search(request)
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False))
    else:
        click.echo(format_results(results))
        if with_facets:
            click.echo(format_facets(results))
    notice = archive.entity_notice()
    if notice and (with_facets or any(n in ENTITY_FIELDS for n, _ in request.filters)):
        click.echo(notice, err=True)


def format_facets(results: SearchResults) -> str:
    """Each facet as one line: its name, then its values with their counts."""
    return "\n".join(f"{facet.name}: " + ", ".join(f"{v.value} {v.count}" for v in facet.values)
                     for facet in results.facets)


def format_results(results: SearchResults) -> str:
    """Results as text for a terminal: matched words in bold."""
    lines = [f"{results.total} articles ({results.took_ms:.0f} ms)"]
    if results.notice:
        lines.append(results.notice)
    for rank, hit in enumerate(results.hits, results.offset + 1):
        meta = where_printed(hit.source, hit.date, hit.page, " ".join(hit.authors))
        lines.append(f"{rank}. {_bold(hit.title_marks)}  [{hit.id}]")
        lines.append(f"   {meta}")
        lines.append(f"   {_bold(hit.snippet)}")
    return "\n".join(lines)


def _bold(snippet) -> str:
    out, last = [], 0
    for start, end in snippet.marks:
        out.append(snippet.text[last:start])
        out.append(click.style(snippet.text[start:end], bold=True))
        last = end
    out.append(snippet.text[last:])
    return "".join(out)


@click.command()
@index_option
@json_option
@translate_errors
def stats(index_dir: str | None, as_json: bool) -> None:
    """What the archive holds: articles, date range, papers."""
    archive = open_archive_option(index_dir)
    result = archive.stats()
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    click.echo(f"{result.articles} articles, {result.first_date} .. {result.last_date}")
    for name, count in result.sources.items():
        click.echo(f"  {name}: {count}")
    notice = archive.entity_notice()
    if notice:
        click.echo(notice, err=True)


@click.command()
@click.argument("article_id")
@index_option
@json_option
@translate_errors
def show(article_id: str, index_dir: str | None, as_json: bool) -> None:
    """Print one indexed article."""
    article = open_archive_option(index_dir).article(article_id)
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        return
    click.echo("\n".join(x for x in (article.pretitle, article.title, article.subtitle) if x))
    click.echo(" · ".join(x for x in (article.source, article.date, article.byline) if x))
    click.echo()
    click.echo(article.body)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@json_option
def parse(paths: tuple[str, ...], as_json: bool) -> None:
    """Print the articles the readers extract from PATHS, without indexing them, and for a
    web page the rule that found its date and authors. Exits 1 when some file or record
    could not be read."""
    failures = 0
    for item in read_paths(paths):
        if isinstance(item, Failure):
            failures += 1
            click.echo(f"skipped {item}", err=True)
        elif as_json:
            found_by = {"found_by": dict(item.found_by)} if item.found_by else {}
            click.echo(json.dumps(item.to_dict() | found_by, ensure_ascii=False))
        else:
            meta = where_printed(item.source, item.date, item.page, item.byline)
            click.echo(f"[{item.id}] {item.title}\n  {meta}\n  {item.body[:80]}…")
            rules = dict(item.found_by)
            for name, value in (("date", item.date), ("authors", item.byline)):
                if name in rules:
                    click.echo(f"  {name}: {value} ({rules[name]})")
    if failures:
        sys.exit(1)


