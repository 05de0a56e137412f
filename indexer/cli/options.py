"""What the commands share: their common options, the archive they name, ``--filter``
values, a writing run's summary, and the one translation of Baoku's errors into a message
and an exit status."""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from indexer.archive import open_archive
from indexer.backend import WRITE_WAIT, SearchBackend
from indexer.editing.summary import IndexSummary
from indexer.errors import BaokuError, IndexLocked, InvalidRequest, QuerySyntaxError
from indexer.results import FILTER_FIELDS
from indexer.settings import load_settings


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
    return click.option("--index", "index_dir", metavar="ARCHIVE", default=None,
                        help="The archive: an index folder or an opensearch://HOST:PORT/NAME "
                             "address (default: $BAOKU_INDEX, else "
                             "~/.local/share/baoku/index).")(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def dry_run_option(func: Callable) -> Callable:
    return click.option("--dry-run", is_flag=True,
                        help="Print what would change; write nothing.")(func)


def wait_option(func: Callable) -> Callable:
    return click.option("--wait", type=click.FloatRange(min=0), default=WRITE_WAIT,
                        show_default=True, metavar="SECONDS",
                        help="How long to wait for another writer to finish.")(func)


def archive_address(index_dir: str | None) -> str:
    """The archive the ``--index`` option names, else the configured one."""
    return load_settings({"index": index_dir})["index"]


def open_archive_option(index_dir: str | None) -> SearchBackend:
    """The backend of the archive the ``--index`` option names. Raises ConfigError."""
    return open_archive(archive_address(index_dir))


def parse_filters(values: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``FIELD=VALUE`` options grouped by field. Raises InvalidRequest."""
    grouped: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not value or name not in FILTER_FIELDS:
            raise InvalidRequest(f"--filter takes FIELD=VALUE with FIELD one of "
                                 f"{', '.join(FILTER_FIELDS)}, not '{item}'")
        grouped.setdefault(name, []).append(value)
    return tuple((k, tuple(v)) for k, v in grouped.items())


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
