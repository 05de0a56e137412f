"""Readers turn the files newspapers produce into Articles.

``read_paths`` walks files and folders, picks the reader for each file and yields Articles
and Failures; it never raises for bad input.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from .base import Failure, ReadItem, Reader
from .registry import READERS, reader_for

__all__ = ["Failure", "ReadItem", "Reader", "READERS", "reader_for", "read_paths", "list_files"]


def list_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Every file below ``paths`` in a stable order (hidden files skipped); a Failure for a
    path that does not exist."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def read_paths(paths: Iterable[str | Path]) -> Iterator[ReadItem]:
    """Articles and Failures from every file below ``paths``."""
    for item in list_files(paths):
        if isinstance(item, Failure):
            yield item
            continue
        reader = reader_for(item)
        if reader is None:
            yield Failure(str(item), "unknown file format (not JSONL, e-paper text, page text,"
                                     " HTML or SogouCS .dat)")
            continue
        try:
            yield from reader.read(item)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)
