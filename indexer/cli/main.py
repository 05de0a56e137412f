"""The `baoku` command: each subcommand parses options, calls the library through an
archive's backend (``indexer.backend.SearchBackend``) and formats the result."""
from __future__ import annotations

import click

from .archive_commands import index, parse, search, show, stats
from .batch_commands import batch, trend
from .copy_command import copy
from .editing_commands import check, remove, watch
from .saved_commands import alerts, saved
from .serve_command import serve


@click.group()
@click.version_option(package_name="baoku")
def main() -> None:
    """Baoku 报库: full-text search for Chinese newspaper archives."""


for command in (index, search, stats, show, parse, batch, trend, serve, remove, watch, check,
                copy, saved, alerts):
    main.add_command(command)
