"""CSV export of every hit of a search (up to the ``export_cap`` setting), streamed row by
row so that a large export never sits in memory. Each row links its article on the site's
public address (``links.absolute_url``), never on a Host header the client chose."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain

from flask import Blueprint, Response, request, stream_with_context, url_for

from indexer.csv_safety import csv_cell as _cell
from indexer.results import Hit

from .archive import handle, search_sizes, setting
from .links import absolute_url
from .params import parse_args

bp = Blueprint("export", __name__)

COLUMNS = ("id", "title", "source", "date", "page", "authors", "score", "snippet", "url")


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
    response.headers["Content-Disposition"] = "attachment; filename=baoku-export.csv"
    response.headers["X-Baoku-Export-Cap"] = str(cap)
    return response
