"""The editors' commands: ``baoku remove``, ``baoku watch`` and ``baoku check``. Each parses
its options, calls the archive's backend and formats the result."""
from __future__ import annotations

import json
import signal
import sys
import threading

import click

from indexer.cores import forking_workers
from indexer.editing.watch import Watcher
from indexer.errors import InvalidRequest
from indexer.query.dates import issue_day

from .options import (
    dry_run_option,
    index_option,
    json_option,
    open_archive_option,
    print_summary,
    translate_errors,
    wait_option,
)


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--issue", "date", metavar="DATE",
              help="Withdraw every article of the issue of DATE (YYYY-MM-DD).")
@click.option("--source", metavar="NAME", help="With --issue: only this paper's articles.")
@index_option
@dry_run_option
@wait_option
@json_option
@translate_errors
def remove(ids: tuple[str, ...], date: str | None, source: str | None, index_dir: str | None,
           dry_run: bool, wait: float, as_json: bool) -> None:
    """Withdraw the articles IDS, or a whole issue with --issue DATE [--source NAME], in one
    commit. Ids that are not in the index are named on stderr."""
    if bool(ids) == bool(date):
        raise InvalidRequest("give either article ids or --issue DATE")
    if source and not date:
        raise InvalidRequest("--source goes with --issue DATE")
    if date:
        issue_day(date)
    archive = open_archive_option(index_dir)
    summary = (archive.remove_issue(date, source, dry_run=dry_run, wait=wait) if date
               else archive.remove_articles(ids, dry_run=dry_run, wait=wait))
    print_summary(summary, as_json)


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@index_option
@click.option("--settle", type=click.FloatRange(min=0), default=10.0, show_default=True,
              metavar="SECONDS",
              help="How long an issue must stay unchanged before it is indexed.")
@click.option("--interval", type=click.FloatRange(min=0.05), default=2.0, show_default=True,
              metavar="SECONDS", help="How often to look for new issues.")
@wait_option
@click.option("--once", is_flag=True,
              help="Index what is new now (waiting for it to settle), then exit; exits 1 "
                   "when a run failed.")
@translate_errors
def watch(folder: str, index_dir: str | None, settle: float, interval: float, wait: float,
          once: bool) -> None:
    """Index each new issue folder (or file) that lands in FOLDER once it is complete, and
    again when it changes. Each run is logged here and to watch.log in the index folder.
    Stops on Ctrl-C or SIGTERM, after the run in progress."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher = Watcher(open_archive_option(index_dir), folder, settle=settle, wait=wait,
                      log=lambda line: click.echo(line))
    if not once:
        click.echo(f"watching {folder} (settle {settle:g} s, every {interval:g} s)", err=True)
    try:
        with forking_workers():  # this thread only watches and indexes
            runs = watcher.run(interval, stop=stop, once=once)
    except KeyboardInterrupt:
        runs = []
    if any(r.error for r in runs):
        sys.exit(1)


@click.command()
@index_option
@json_option
@translate_errors
def check(index_dir: str | None, as_json: bool) -> None:
    """Verify the index: open every segment, compare its counts with the ids it stores, and
    search it. Exits 1 when there is a problem."""
    report = open_archive_option(index_dir).check()
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        click.echo("\n".join(report.lines()))
    if not report.ok:
        sys.exit(1)
