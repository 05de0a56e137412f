"""Readers turn the files newspapers produce into Articles.

``read_paths`` walks files and folders, picks the reader for each file and yields Articles
and Failures; it never raises for bad input.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from indexer.errors import IngestError

from .base import Failure, Reader, ReadItem
from .metadata import is_metadata_file
from .registry import READERS, reader_for

__all__ = ["Failure", "ReadItem", "Reader", "READERS", "reader_for", "read_paths", "read_file",
           "list_files"]


# Documentation that archive folders carry beside the articles (corpus/NOTICE, say).
_NOT_ARTICLES = re.compile(r"^(NOTICE|README|LICENSE|LICENCE|COPYING)(\.(md|txt|rst))?$", re.I)


def list_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Every article file below ``paths`` in a stable order (hidden files, sidecar metadata
    and NOTICE/README/LICENSE files of walked folders skipped); a Failure for a path that
    does not exist."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    file = Path(root) / name
                    if not (name.startswith(".") or is_metadata_file(file)
                            or _NOT_ARTICLES.match(name)):
                        yield file
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def read_paths(paths: Iterable[str | Path],
               on_file: Callable[[Path | Failure], None] | None = None) -> Iterator[ReadItem]:
    """Articles and Failures from every file below ``paths``; ``on_file`` is called after
    each file (for progress bars)."""
    for item in list_files(paths):
        if isinstance(item, Failure):
            yield item
        else:
            yield from read_file(item)
        if on_file is not None:
            on_file(item)


def read_file(path: Path) -> Iterator[ReadItem]:
    """Articles and Failures of one file, by the reader that accepts it."""
    reader = reader_for(path)
    if reader is None:
        yield Failure(str(path), "unknown file format (not JSONL, e-paper text, page text, "
                                 "HTML or SogouCS .dat)")
        return
    try:
        yield from reader.read(path)
    except IngestError as exc:
        yield Failure(exc.path, exc.reason)
