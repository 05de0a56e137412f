"""What a reader returns: articles, and the files (or records) it could not read."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from indexer.article import Article


@dataclass(frozen=True)
class Failure:
    """A file, or one record inside a file, that could not be read."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


ReadItem = Article | Failure


class Reader(Protocol):
    """A reader for one file format."""

    name: str

    def accepts(self, path: Path) -> bool:
        """True when ``path`` looks like this reader's format (by name, and by a peek at
        its first bytes where the name is not enough)."""

    def read(self, path: Path) -> Iterator[ReadItem]:
        """Yield the file's articles, and a ``Failure`` for each part that cannot be read.
        A file that cannot be read at all yields a single ``Failure``; never raises for bad
        input."""
