"""The readers Baoku knows, in the order they are asked whether they accept a file."""
from __future__ import annotations

from pathlib import Path

from .base import Reader
from .epaper import EpaperReader
from .html import HtmlReader
from .jsonl import JsonlReader
from .page_text import PageTextReader
from .sogou import SogouReader

# Most specific first: an e-paper file is also a .txt file.
READERS: tuple[Reader, ...] = (
    JsonlReader(),
    EpaperReader(),
    SogouReader(),
    HtmlReader(),
    PageTextReader(),
)


def reader_for(path: Path) -> Reader | None:
    """The first reader that accepts ``path``, or None."""
    for reader in READERS:
        if reader.accepts(path):
            return reader
    return None
