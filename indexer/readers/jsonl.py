"""JSONL (``.jsonl``, ``.ndjson``): one article per line, UTF-8.

Fields read, as in ``../shared/corpus-data/README.md``: ``id``, ``source``, ``date``,
``page``, ``category``, ``title``, ``author``, ``body``, ``url``, ``origin``, ``pretitle``,
``subtitle``; and, so that the output of ``baoku parse --json`` reads back, ``number``,
``authors``, ``captions`` and ``continuation``. Other keys (``datetime``, ``raw_path``…) are
ignored; ``content_hash`` and ``source_file`` are recomputed.

Choices a user should know:

- Each bad line gives a ``Failure`` with its line number and the other lines are read: a
  line that is not UTF-8, not JSON or not a JSON object; a record with neither title nor
  body; a ``date`` that is not a real ``YYYY-MM-DD`` day (a time after it, as in
  "2020-03-30 08:15:00", is allowed and dropped); a field of the wrong type. Blank lines
  are skipped. A file that is missing, empty or binary gives one ``Failure``.
- A record with a title and an empty body is kept (photo items); one with a body and no
  title is kept with the title "".
- ``author`` is a string that may hold several names: a byline ("本报记者 张三 通讯员 李四")
  is read as one (role words dropped), anything else is split at 、，,;；/| and spaces
  ("毛鹏飞、高炳南" -> ("毛鹏飞", "高炳南")); names are kept as written, Latin ones too.
  A list (``authors``) is taken as it is.
- ``page`` may be a number (3 -> "3").
- A record without ``id`` gets ``derive_id`` from source, date, page and number, or from a
  hash of its text.
- Sidecar metadata (see ``metadata``) fills source, date, page and category where the
  record has none; the record's own values win.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer.article import Article, derive_id
from indexer.errors import IngestError

from .base import Failure, ReadItem
from .bylines import parse_byline
from .dates import iso_date
from .metadata import Metadata, bytes_and_metadata

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}.*)?$")
_AUTHOR_SEPARATORS = re.compile(r"[\s、，,;；/|]+")
_TEXT_FIELDS = ("id", "source", "category", "title", "body", "url", "origin", "pretitle",
                "subtitle", "continuation")


class _BadRecord(ValueError):
    """One line that cannot be read as an article; the message is the reason."""


class JsonlReader:
    """Articles from JSON Lines files."""

    name = "jsonl"

    def accepts(self, path: Path) -> bool:
        return path.suffix.lower() in (".jsonl", ".ndjson")

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            data, meta = bytes_and_metadata(path)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)
            return
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            try:
                yield _article(raw, meta, path)
            except _BadRecord as exc:
                yield Failure(str(path), str(exc), number)


def _article(raw: bytes, meta: Metadata, path: Path) -> Article:
    """The article of one line. Raises _BadRecord."""
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _BadRecord("line is not UTF-8 text") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadRecord(f"broken JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _BadRecord("line is not a JSON object")
    fields = {key: _text(record, key) for key in _TEXT_FIELDS}
    title = (fields["title"] or "").strip()
    body = fields["body"] or ""
    if not title and not body.strip():
        raise _BadRecord("record has neither title nor body")
    source = fields["source"] or meta.source
    date = _date(record.get("date")) or meta.date
    page = _page(record.get("page")) or meta.page
    number = record.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        raise _BadRecord(f"'number' must be a whole number, not {number!r}")
    article_id = fields["id"] or derive_id(
        source=source, date=date, page=page, number=number, text=f"{title}\n{body}")
    return Article(
        id=article_id, title=title, body=body, source=source, date=date, page=page,
        number=number, category=fields["category"] or meta.category,
        pretitle=fields["pretitle"], subtitle=fields["subtitle"],
        authors=_authors(record.get("authors", record.get("author"))),
        captions=_strings(record.get("captions"), "captions"),
        continuation=fields["continuation"], url=fields["url"], origin=fields["origin"],
        source_file=str(path),
    )


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is not None and not isinstance(value, str):
        raise _BadRecord(f"{key!r} must be a string, not {type(value).__name__}")
    return value or None


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    iso = match and iso_date(int(match[1]), int(match[2]), int(match[3]))
    if not iso:
        raise _BadRecord(f"date {value!r} is not a real YYYY-MM-DD date")
    return iso


def _page(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is not None and not isinstance(value, str):
        raise _BadRecord(f"'page' must be a string or a number, not {type(value).__name__}")
    return (value or "").strip() or None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        names = parse_byline(value) or _AUTHOR_SEPARATORS.split(value)
        return tuple(dict.fromkeys(n for n in names if n))
    return _strings(value, "authors")


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _BadRecord(f"{key!r} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())
