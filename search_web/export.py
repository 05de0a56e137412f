"""CSV export of every hit of a search (up to the ``export_cap`` setting), streamed row by
row so that a large export never sits in memory. Each row links its article on the site's
public address (``links.absolute_url``), never on a Host header the client chose."""
from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from urllib.parse import quote

from flask import Blueprint, Response, request, stream_with_context, url_for

from indexer.csv_safety import csv_cell as _cell
from indexer.results import Hit

from .archive import handle, search_sizes, setting
from .links import absolute_url
from .params import parse_args

bp = Blueprint("export", __name__)

COLUMNS = ("id", "title", "source", "date", "page", "authors", "score", "snippet", "url")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
NAME_CHARS = 40  # of the query, in the file name


def file_name(query: str, day: datetime.date) -> str:
    """The export's file name: ``baoku-口罩-2026-12-05.csv`` (the query, its characters
    that a file name cannot hold and its spaces made ``_``, at most NAME_CHARS of them;
    no query: ``baoku-2026-12-05.csv``)."""
    words = "_".join(_UNSAFE.sub(" ", query).split())[:NAME_CHARS].strip("_.")
    return f"baoku-{words + '-' if words else ''}{day.isoformat()}.csv"


def content_disposition(name: str) -> str:
    """An attachment named ``name``: plain ``filename`` for old clients (its ASCII
    characters only), ``filename*`` (RFC 5987, UTF-8) for the rest."""
    ascii_name = re.sub(r"[^\x20-\x7e]+", "", name).replace('"', "")
    ascii_name = re.sub(r"-[-_]*-|-_+|_+-", "-", ascii_name)
    return (f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")


def _row(hit: Hit) -> list[str]:
    url = absolute_url(url_for("pages.article", article_id=hit.id))
    return [_cell(v) for v in (hit.id, hit.title, hit.source, hit.date, hit.page,
                               " ".join(hit.authors), f"{hit.score:.4f}", hit.snippet.text,
                               url)]


def csv_lines(hits: Iterable[Hit]) -> Iterator[str]:
    """The CSV text, a line at a time: a byte-order mark (for spreadsheets), the header,
    then one row per hit."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for hit in hits:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_row(hit))
        yield buffer.getvalue()


@bp.get("/export.csv")
def export_csv():
    state = parse_args(request.args).changed(p=1)
    cap = setting("export_cap")
    hits = handle().backend.iter_hits(state.request(**search_sizes(), facets=False), cap)
    first = next(hits, None)  # runs the query now: a bad one is an error page, not a CSV
    rows = chain([first] if first is not None else [], hits)
    response = Response(stream_with_context(csv_lines(rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = content_disposition(
        file_name(state.q, datetime.date.today()))
    response.headers["X-Baoku-Export-Cap"] = str(cap)
    return response
