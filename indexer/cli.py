"""The `baoku` command: each subcommand parses options, calls one library function and
formats the result. Errors of the library are translated here, once."""
from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click
from tqdm import tqdm

from .documents import get_article
from .errors import BaokuError, IndexLocked, InvalidRequest, QuerySyntaxError
from .parallel import default_workers
from .query import parse_date_range
from .readers import Failure, list_files, read_paths
from .results import SORTS, SearchRequest, SearchResults
from .schema import FACET_FIELDS
from .search import search as run_search
from .settings import load_settings
from .stats import archive_stats
from .store import open_index
from .writing import WRITE_LOCK_TIMEOUT, IndexSummary, index_articles, open_for_writing


def translate_errors(func: Callable) -> Callable:
    """Turn Baoku's errors into a one-line message and an exit status (2 for a bad query or
    option, 3 when another process holds the index's write lock, 1 otherwise), never a
    traceback."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (QuerySyntaxError, InvalidRequest) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except IndexLocked as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(3)
        except BaokuError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
    return wrapper


def index_option(func: Callable) -> Callable:
    return click.option("--index", "index_dir", metavar="DIR", default=None,
                        help="Index folder (default: $BAOKU_INDEX, else "
                             "~/.local/share/baoku/index).")(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def dry_run_option(func: Callable) -> Callable:
    return click.option("--dry-run", is_flag=True,
                        help="Print what would change; write nothing.")(func)


def wait_option(func: Callable) -> Callable:
    return click.option("--wait", type=click.FloatRange(min=0), default=WRITE_LOCK_TIMEOUT,
                        show_default=True, metavar="SECONDS",
                        help="How long to wait for another writer to finish.")(func)


def _index_dir(index_dir: str | None) -> str:
    return load_settings({"index": index_dir})["index"]


def _date(value: str | None, end: bool) -> str | None:
    if value is None:
        return None
    try:
        rng = parse_date_range(value)
    except QuerySyntaxError:
        raise InvalidRequest(f"'{value}' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)") \
            from None
    return rng.end if end else rng.start


def parse_filters(values: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``FIELD=VALUE`` options grouped by field. Raises InvalidRequest."""
    grouped: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not value or name not in FACET_FIELDS:
            raise InvalidRequest(f"--filter takes FIELD=VALUE with FIELD one of "
                                 f"{', '.join(FACET_FIELDS)}, not '{item}'")
        grouped.setdefault(name, []).append(value)
    return tuple((k, tuple(v)) for k, v in grouped.items())


@click.group()
@click.version_option(package_name="baoku")
def main() -> None:
    """Baoku 报库: full-text search for Chinese newspaper archives."""


@main.command()
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
@translate_errors
def index(paths: tuple[str, ...], index_dir: str | None, userdict: str | None,
          synonyms: str | None, dry_run: bool, wait: float, workers: int | None,
          as_json: bool) -> None:
    """Index the articles in PATHS (files or folders): new ones are added, changed ones
    replaced, unchanged ones skipped, unreadable ones reported. Exits 3 when another
    process kept the index locked for the whole --wait."""
    folder = _index_dir(index_dir)
    files = sum(1 for _ in list_files(paths))
    with contextlib.ExitStack() as stack:
        if dry_run:
            archive, lock = open_index(folder), None
        else:  # the lock covers creating the index and copying its dictionaries too
            archive, lock = stack.enter_context(open_for_writing(
                folder, wait, userdict=userdict, synonyms=synonyms))
        bar = stack.enter_context(tqdm(total=files, unit="file", desc="indexing",
                                       disable=None, file=sys.stderr))
        summary = index_articles(archive, read_paths(paths, on_file=lambda _p: bar.update()),
                                 dry_run=dry_run, timeout=wait, lock=lock,
                                 workers=default_workers() if workers is None else workers)
    for failure in summary.failures:
        click.echo(f"skipped {failure}", err=True)
    print_summary(summary, as_json)


def print_summary(summary: IndexSummary, as_json: bool) -> None:
    """A writing run's notes (stderr), the changes of a dry run, then its summary line."""
    for note in summary.notes:
        click.echo(note, err=True)
    for article_id in summary.missing:
        click.echo(f"not in the index: {article_id}", err=True)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    if summary.dry_run:
        for action, article_id in summary.changes:
            click.echo(f"would {action} {article_id}")
    click.echo(summary.line())


@main.command()
@click.argument("query", default="")
@index_option
@json_option
@click.option("--limit", default=10, show_default=True, help="Hits to print.")
@click.option("--offset", default=0, show_default=True, help="Hits to skip.")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help=f"Keep only hits with this value ({', '.join(FACET_FIELDS)}); repeatable.")
@click.option("--from", "date_from", metavar="DATE", help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Latest date (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@translate_errors
def search(query: str, index_dir: str | None, as_json: bool, limit: int, offset: int,
           filters: tuple[str, ...], date_from: str | None, date_to: str | None,
           sort: str) -> None:
    """Search the archive for QUERY (see the README for the query language)."""
    request = SearchRequest(query=query, filters=parse_filters(filters),
                            date_from=_date(date_from, end=False), date_to=_date(date_to,
                                                                                 end=True),
                            sort=sort, limit=limit, offset=offset)
    results = run_search(open_index(_index_dir(index_dir)), request)
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False))
    else:
        click.echo(format_results(results))


def format_results(results: SearchResults) -> str:
    """Results as text for a terminal: matched words in bold."""
    lines = [f"{results.total} articles ({results.took_ms:.0f} ms)"]
    if results.notice:
        lines.append(results.notice)
    for rank, hit in enumerate(results.hits, results.offset + 1):
        meta = " · ".join(x for x in (hit.source, hit.date, hit.page and f"{hit.page}版",
                                      " ".join(hit.authors)) if x)
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


@main.command()
@index_option
@json_option
@translate_errors
def stats(index_dir: str | None, as_json: bool) -> None:
    """What the archive holds: articles, date range, papers."""
    result = archive_stats(open_index(_index_dir(index_dir)))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    click.echo(f"{result.articles} articles, {result.first_date} .. {result.last_date}")
    for name, count in result.sources.items():
        click.echo(f"  {name}: {count}")


@main.command()
@click.argument("article_id")
@index_option
@json_option
@translate_errors
def show(article_id: str, index_dir: str | None, as_json: bool) -> None:
    """Print one indexed article."""
    article = get_article(open_index(_index_dir(index_dir)), article_id)
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        return
    click.echo("\n".join(x for x in (article.pretitle, article.title, article.subtitle) if x))
    click.echo(" · ".join(x for x in (article.source, article.date, article.byline) if x))
    click.echo()
    click.echo(article.body)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@json_option
def parse(paths: tuple[str, ...], as_json: bool) -> None:
    """Print the articles the readers extract from PATHS, without indexing them. Exits 1
    when some file or record could not be read."""
    failures = 0
    for item in read_paths(paths):
        if isinstance(item, Failure):
            failures += 1
            click.echo(f"skipped {item}", err=True)
        elif as_json:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            meta = " · ".join(x for x in (item.source, item.date, item.page and f"{item.page}版",
                                          item.byline) if x)
            click.echo(f"[{item.id}] {item.title}\n  {meta}\n  {item.body[:80]}…")
    if failures:
        sys.exit(1)


from .cli_batch import batch, trend  # noqa: E402

main.add_command(batch)
main.add_command(trend)


from .cli_serve import serve  # noqa: E402

main.add_command(serve)


from .cli_editing import check, remove, watch  # noqa: E402

main.add_command(remove)
main.add_command(watch)
main.add_command(check)
