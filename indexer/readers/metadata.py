"""Sidecar metadata: defaults for files whose names or contents do not say which paper,
day or page they are.

Where it is looked for (the first file found is used whole; files are not merged):

1. ``<file>.meta.json`` next to the file, e.g. ``page3.txt.meta.json`` for ``page3.txt``;
2. else ``baoku.json`` in the file's folder, or in its parent, grandparent or
   great-grandparent folder (the nearest one wins).

Either is a JSON object with any of these keys::

    {"source": "浙江日报", "date": "2020-04-14", "page": "3", "category": "要闻"}

``source`` is the paper, ``date`` is ``YYYY-MM-DD``, ``page`` is the 版次 (a string such as
"A3", or a number), ``category`` the section. Any other key, a value of the wrong type, a bad
date or broken JSON is an error (``IngestError`` naming the metadata file): a typo must not
be ignored silently.

These are defaults: a reader uses them only where the file itself says nothing. The e-paper
file name's date and page win over them, a JSONL record's own fields win, a Sogou URL's date
wins; a plain page text takes everything from here. One exception: ``source`` overrides the
e-paper reader's built-in "人民日报", since that is only a guess from the format.

``is_metadata_file`` tells the file walker which files are metadata, not articles.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.errors import IngestError

from .dates import iso_date
from .files import read_bytes

SIDECAR_SUFFIX = ".meta.json"
FOLDER_FILE = "baoku.json"
PARENT_LEVELS = 3
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Metadata:
    """Defaults for the articles of one file; ``path`` is the metadata file they came from
    (None when there is none)."""

    source: str | None = None
    date: str | None = None
    page: str | None = None
    category: str | None = None
    path: str | None = None


def is_metadata_file(path: Path) -> bool:
    """True for ``*.meta.json`` sidecars and ``baoku.json`` folder files."""
    return path.name == FOLDER_FILE or path.name.endswith(SIDECAR_SUFFIX)


def bytes_and_metadata(path: Path) -> tuple[bytes, Metadata]:
    """The bytes of the article file ``path`` and the metadata that applies to it. Raises
    IngestError when either cannot be read."""
    return read_bytes(path), metadata_for(path)


def metadata_for(path: Path) -> Metadata:
    """The metadata that applies to the article file ``path`` (empty Metadata when none
    does). Raises IngestError when the metadata file found is unreadable or invalid."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        return load_metadata(sidecar)
    folder = path.resolve().parent
    for candidate in [folder, *folder.parents][: PARENT_LEVELS + 1]:
        if (candidate / FOLDER_FILE).is_file():
            return load_metadata(candidate / FOLDER_FILE)
    return Metadata()


def load_metadata(meta_path: Path) -> Metadata:
    """Read and check one metadata file. Raises IngestError."""
    where = str(meta_path)
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise IngestError(where, f"cannot read metadata: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise IngestError(where, "metadata is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise IngestError(where, f"broken metadata JSON at line {exc.lineno}: {exc.msg}") \
            from None
    if not isinstance(data, dict):
        raise IngestError(where, "metadata must be a JSON object")
    unknown = sorted(set(data) - {"source", "date", "page", "category"})
    if unknown:
        raise IngestError(where, f"unknown metadata key(s): {', '.join(unknown)} "
                                 "(known: source, date, page, category)")
    return Metadata(
        source=_text(data, "source", where),
        date=_date(data, where),
        page=_page(data, where),
        category=_text(data, "category", where),
        path=where,
    )


def _text(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise IngestError(where, f"metadata {key!r} must be a non-empty string")
    return value.strip()


def _date(data: dict[str, Any], where: str) -> str | None:
    value = _text(data, "date", where)
    if value is None:
        return None
    match = _ISO.match(value)
    if match is None or iso_date(*(int(g) for g in match.groups())) is None:
        raise IngestError(where, f"metadata date {value!r} is not a real YYYY-MM-DD date")
    return value


def _page(data: dict[str, Any], where: str) -> str | None:
    value = data.get("page")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if value is not None and not isinstance(value, str):
        raise IngestError(where, "metadata 'page' must be a string or a positive whole number")
    return _text(data, "page", where)
