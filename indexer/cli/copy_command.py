"""``baoku copy``: every article of one archive into another (a folder to an OpenSearch
cluster, or back), with a progress bar and the counts of both sides checked at the end."""
from __future__ import annotations

import json
import sys

import click
from tqdm import tqdm

from indexer.archive import open_archive
from indexer.editing.copy import copy_archive

from .options import json_option, translate_errors, wait_option


@click.command()
@click.option("--from", "source", required=True, metavar="ARCHIVE",
              help="The archive to copy: an index folder or an opensearch:// address.")
@click.option("--to", "target", required=True, metavar="ARCHIVE",
              help="The archive to copy into (created when missing).")
@wait_option
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Processes building a folder's index (default: one per CPU core).")
@json_option
@translate_errors
def copy(source: str, target: str, wait: float, workers: int | None, as_json: bool) -> None:
    """Copy every article of one archive into another, with its metadata, user dictionary
    and synonyms. Stopped and run again, it goes on where it stopped (articles already
    copied are unchanged). Exits 1 when the target does not hold every article."""
    from_archive, to_archive = open_archive(source), open_archive(target)
    with tqdm(unit="article", desc="copying", disable=None, file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = copy_archive(from_archive, to_archive, wait=wait, workers=workers,
                              progress=progress)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        click.echo(report.line())
