"""How many articles ``read_paths`` will yield, counted cheaply before reading (for an
honest progress bar).

Nothing is parsed or decoded: a JSONL file counts its non-blank lines and a SogouCS/CA
file its ``<doc>`` records, both by scanning the bytes in blocks (a few milliseconds for
tens of megabytes, against seconds to read the articles); any other file counts one (an
HTML page or e-paper file is one article; a plain page text holding several is
undercounted, and the bar corrects its total while indexing). A path that does not exist
or a file that cannot be opened counts one: it gives one Failure.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from . import list_files
from .base import Failure
from .registry import reader_for

_BLOCK = 1 << 20


def count_articles(paths: Iterable[str | Path],
                   on_file: Callable[[int], None] | None = None) -> tuple[int, int]:
    """(articles, files) below ``paths``; ``on_file`` gets each file's count as it is made."""
    articles = files = 0
    for item in list_files(paths):
        count = 1 if isinstance(item, Failure) else articles_in(item)
        articles += count
        files += 1
        if on_file is not None:
            on_file(count)
    return articles, files


def articles_in(path: Path) -> int:
    """The articles ``path`` holds, as counted without reading them (at least 1)."""
    reader = reader_for(path)
    name = reader.name if reader is not None else ""
    try:
        if name == "jsonl":
            return max(1, _count_lines(path))
        if name == "sogou":
            return max(1, _count_bytes(path, b"<doc>"))
    except OSError:
        return 1
    return 1


def _count_lines(path: Path) -> int:
    """Lines holding something besides white space."""
    lines = 0
    blank = True  # the current line has nothing but white space so far
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            for part_number, part in enumerate(block.split(b"\n")):
                if part_number:  # a line ended before this part
                    lines += not blank
                    blank = True
                blank = blank and not part.strip()
    return lines + (not blank)


def _count_bytes(path: Path, marker: bytes) -> int:
    """Occurrences of ``marker`` (blocks overlap so that none is cut in two)."""
    found, tail = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            data = tail + block
            found += data.count(marker)
            tail = data[-(len(marker) - 1):]  # too short to hold a whole marker
    return found
