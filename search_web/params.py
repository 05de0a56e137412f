"""The search parameters of a URL, read into one plain state object and back.

Every state of a search is a URL: ``q``, the filters ``source``, ``year``, ``month``,
``page`` (the newspaper page, 版) and ``author`` (each repeatable; values of one filter are
ORed), ``from`` and ``to`` (YYYY, YYYY-MM or YYYY-MM-DD), ``sort``, ``p`` (the page of
results, from 1) and ``timeline`` (what the month timeline shows: ``count`` or ``ratio``).
``/search``, ``/api/search`` and ``/export.csv`` all read them here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MultiDict

from indexer.errors import InvalidRequest
from indexer.query.dates import date_bound
from indexer.query.limits import check_filters
from indexer.results import FILTER_FIELDS, SORTS, SearchRequest

# (name, description) of every parameter: the OpenAPI description is built from this list.
PARAMETERS: tuple[tuple[str, str], ...] = (
    ("q", "The query (see the query language in the README); empty: every article."),
    ("source", "Paper; repeatable, values ORed."),
    ("year", "Year, YYYY; repeatable."),
    ("month", "Month, YYYY-MM; repeatable."),
    ("page", "Newspaper page (版), e.g. 1 or A3; repeatable."),
    ("author", "Author; repeatable."),
    ("person", "A person the article names (its byline included); repeatable."),
    ("place_province", "A province the article names, itself or through a city or county "
                       "in it; repeatable."),
    ("place_city", "A city (地级) the article names, itself or through a county in it; "
                   "repeatable."),
    ("place_county", "A county or district the article names; repeatable."),
    ("org", "An organisation the article names; repeatable."),
    ("place", "A place at any level, e.g. 嘉兴市 (finds the articles naming 南湖区 too); "
              "repeatable."),
    ("from", "Earliest date: YYYY, YYYY-MM or YYYY-MM-DD."),
    ("to", "Latest date: YYYY, YYYY-MM or YYYY-MM-DD."),
    ("sort", "relevance (default), newest or oldest."),
    ("p", "Page of results, from 1."),
    ("timeline", "The month timeline: count (default, articles a month) or ratio (the share "
                 "of all articles of each month); given, the JSON carries `timeline`."),
)
TIMELINES = ("count", "ratio")
MAX_RESULT_PAGE = 10_000
_FORMATS = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}-\d{2}$")}
_PAGE_NUMBER = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only: int() refuses "²"


@dataclass(frozen=True)
class SearchState:
    """One search as the user asked for it (dates as typed)."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    p: int = 1
    timeline: str = "count"

    def chosen(self, field: str) -> tuple[str, ...]:
        return dict(self.filters).get(field, ())

    def with_filter(self, field: str, values: tuple[str, ...]) -> SearchState:
        """A copy with ``field``'s values replaced (none: the filter removed), on page 1."""
        filters = dict(self.filters)
        filters[field] = values
        ordered = tuple((f, filters[f]) for f in FILTER_FIELDS if filters.get(f))
        return replace(self, filters=ordered, p=1)

    def changed(self, **changes: Any) -> SearchState:
        return replace(self, **changes)

    def args(self, *, with_page: bool = True) -> list[tuple[str, str]]:
        """The URL parameters of this state, defaults left out, in a fixed order."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        out += [(f, v) for f, values in self.filters for v in values]
        out += [(k, v) for k, v in (("from", self.date_from), ("to", self.date_to)) if v]
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.timeline != "count":
            out.append(("timeline", self.timeline))
        if with_page and self.p != 1:
            out.append(("p", str(self.p)))
        return out

    def is_filtered(self) -> bool:
        return bool(self.filters or self.date_from or self.date_to)

    def request(self, *, page_size: int, facet_size: int, snippet_chars: int,
                facets: bool = True) -> SearchRequest:
        """The library request for this state. Raises InvalidRequest for a bad date."""
        return SearchRequest(
            query=self.q, filters=self.filters,
            date_from=date_bound(self.date_from, end=False, name="from"),
            date_to=date_bound(self.date_to, end=True, name="to"), sort=self.sort, limit=page_size,
            offset=(self.p - 1) * page_size, facets=facets, facet_limit=facet_size,
            snippet_chars=snippet_chars)


def _one(args: MultiDict, name: str) -> str:
    values = args.getlist(name)
    if len(values) > 1:
        raise InvalidRequest(f"'{name}' may be given once, not {len(values)} times")
    return values[0].strip() if values else ""


def check_names(args: MultiDict, accepted: tuple[str, ...]) -> None:
    """Raises InvalidRequest naming the first parameter of ``args`` not in ``accepted``."""
    unknown = next((name for name in args if name not in accepted), None)
    if unknown is not None:
        raise InvalidRequest(f"未知参数 '{unknown}'；可用的参数：{', '.join(accepted)}")


def check_utf8(query_string: bytes) -> None:
    """Raises InvalidRequest naming the first parameter of a raw URL query string whose
    percent-escapes are not UTF-8 text (which would otherwise be searched as something the
    user never typed)."""
    for part in re.split(rb"[&;]", query_string):
        name, _, value = part.partition(b"=")
        for piece in (name, value):
            try:
                unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                label = unquote_to_bytes(name).decode("utf-8", "replace")
                raise InvalidRequest(f"参数 '{label}' 含有不是 UTF-8 编码的字节；请用 UTF-8 "
                                     "编码网址") from None


def _check_filter_counts(args: MultiDict) -> None:
    """Raises InvalidRequest for more filter values than ``indexer.query.limits`` allows,
    counted as given (repeats included) before any other work."""
    check_filters((f, tuple(v for v in args.getlist(f) if v.strip())) for f in FILTER_FIELDS)


def parse_args(args: MultiDict) -> SearchState:
    """The state the URL parameters ``args`` describe. Raises InvalidRequest for a bad sort,
    page number, year, month or timeline, or too many filter values."""
    _check_filter_counts(args)
    filters = []
    for field in FILTER_FIELDS:
        values = tuple(dict.fromkeys(v.strip() for v in args.getlist(field) if v.strip()))
        pattern = _FORMATS.get(field)
        for value in values:
            if pattern is not None and not pattern.match(value):
                raise InvalidRequest(f"{field}='{value}' is not a {field}; write "
                                     + ("YYYY" if field == "year" else "YYYY-MM"))
        if values:
            filters.append((field, values))
    sort = _one(args, "sort") or "relevance"
    if sort not in SORTS:
        raise InvalidRequest(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
    raw_p = _one(args, "p") or "1"
    if not _PAGE_NUMBER.match(raw_p) or not 1 <= int(raw_p) <= MAX_RESULT_PAGE:
        raise InvalidRequest(f"p must be a page number from 1 to {MAX_RESULT_PAGE}, "
                             f"not '{raw_p}'")
    timeline = _one(args, "timeline") or "count"
    if timeline not in TIMELINES:
        raise InvalidRequest(f"timeline must be one of {', '.join(TIMELINES)}, "
                             f"not '{timeline}'")
    state = SearchState(q=_one(args, "q"), filters=tuple(filters),
                        date_from=_one(args, "from"), date_to=_one(args, "to"), sort=sort,
                        p=int(raw_p), timeline=timeline)
    date_bound(state.date_from, end=False, name="from")
    date_bound(state.date_to, end=True, name="to")
    return state
