"""Plain result objects: what a search returns, outliving the searcher that produced it.

Views, the CLI and the batch runner format these; none of them ever sees a Whoosh object.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal, NamedTuple

from .errors import InvalidRequest
from .query.language import check_encoded
from .query.limits import check_filters, check_length

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")
# What a search can be narrowed by and counted by (its facets), as users name them.
# person, place_* and org: the people, places (by level) and organisations articles name
# (``indexer.entities``).
FACET_FIELDS: tuple[str, ...] = ("source", "year", "month", "page", "author", "person",
                                 "place_province", "place_city", "place_county", "org")
# What a search can be narrowed by: the facets, and ``place`` (a place at any level).
FILTER_FIELDS: tuple[str, ...] = (*FACET_FIELDS, "place")
# The most hits one page of results may ask for.
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Snippet:
    """Text plus the ranges (start, end) of it that matched the query."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def html(self) -> str:
        """The text HTML-escaped, with ``<mark>`` around each matched range."""
        out, last = [], 0
        for start, end in self.marks:
            out.append(escape(self.text[last:start]))
            out.append(f"<mark>{escape(self.text[start:end])}</mark>")
            last = end
        out.append(escape(self.text[last:]))
        return "".join(out)

    def marked(self) -> list[str]:
        """The matched pieces of text, in order."""
        return [self.text[s:e] for s, e in self.marks]


class Printing(NamedTuple):
    """Another printing of a hit's text (the same body): where it appeared (a tuple: a hit
    of a reprinted text has dozens)."""

    id: str
    source: str | None = None
    date: str | None = None
    page: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "date": self.date, "page": self.page}


def in_print_order(printings) -> tuple[Printing, ...]:
    """``printings`` in date order, then by page number, then by id."""
    return tuple(sorted(printings, key=_print_order))


def _print_order(p: Printing) -> tuple:
    digits = "".join(ch for ch in p.page or "" if ch.isdecimal())
    return (p.date or "", (int(digits) if digits else 0, p.page or ""), p.id)


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: str | None
    source: str | None
    page: str | None
    authors: tuple[str, ...]
    score: float
    snippet: Snippet
    title_marks: Snippet
    pretitle: str | None = None
    subtitle: str | None = None
    also_on: tuple[str, ...] = ()  # ids of identical articles collapsed into this hit
    printings: tuple[Printing, ...] = ()  # the same, with their paper, date and page
    missing: tuple[str, ...] = ()  # after a looser retry: the query terms this hit lacks

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source,
                "page": self.page, "authors": list(self.authors),
                "score": round(self.score, 4), "snippet": self.snippet.html(),
                "also_on": list(self.also_on),
                "printings": [p.to_json() for p in self.printings],
                "missing": list(self.missing)}


def where_printed(source: str | None, date: str | None, page: str | None, *more: str) -> str:
    """An article's paper, date and 版, then ``more`` (its bylines…), the empty ones left
    out, as the command line and the feeds print them: "人民日报 · 2020-02-01 · 4版"."""
    return " · ".join(x for x in (source, date, page and f"{page}版", *more) if x)


class FacetValue(NamedTuple):
    """One value of a facet and how many matching articles have it (a tuple: a search
    makes hundreds, one for each month of a long archive)."""

    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    """Counts of one field's values over the matching articles, most frequent first (months
    and years in date order); ``truncated`` when more values exist than are listed."""

    name: str
    values: tuple[FacetValue, ...]
    truncated: bool = False

    def counts(self) -> dict[str, int]:
        return {v.value: v.count for v in self.values}


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search needs. ``filters`` maps a filter field (``FILTER_FIELDS``) to
    the values chosen; several values of one field are ORed. Dates are ISO."""

    query: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    facets: bool = True
    facet_limit: int = 10
    snippets: bool = True
    snippet_chars: int = 160
    collapse: bool = True  # a text printed several times as one hit, with its printings

    def filter_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    def validate(self) -> None:
        """Raises InvalidRequest for a sort, page size, offset or filter field that no
        backend supports, or more filter values than ``indexer.query.limits`` allows;
        QuerySyntaxError for a query or filter value that is not text, QueryTooLarge for a
        query too long. Cheap: run before any search work."""
        check_length(self.query)
        check_filters(self.filters)
        if self.sort not in SORTS:
            raise InvalidRequest(f"sort must be one of {', '.join(SORTS)}, not '{self.sort}'")
        if not 0 <= self.limit <= MAX_LIMIT:
            raise InvalidRequest(f"limit must be between 0 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise InvalidRequest(f"offset must not be negative, not {self.offset}")
        for name, values in self.filters:
            if name not in FILTER_FIELDS:
                raise InvalidRequest(f"cannot filter on '{name}'; the filters are "
                                     + ", ".join(FILTER_FIELDS))
            for value in values:
                check_encoded(value, f"the value of the filter '{name}'")


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: tuple[Facet, ...] = ()
    took_ms: float = 0.0
    offset: int = 0
    limit: int = 10
    notice: str | None = None  # e.g. that a looser match was used
    loose: bool = False  # no article had every term: the hits have most of them
    collapsed: int = 0  # matching articles folded into another hit (total - collapsed hits)
    highlight_terms: tuple[str, ...] = field(default=())

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "offset": self.offset,
                "limit": self.limit, "took_ms": round(self.took_ms, 1), "notice": self.notice,
                "loose": self.loose, "collapsed": self.collapsed,
                "hits": [h.to_json() for h in self.hits],
                "facets": {f.name: f.counts() for f in self.facets}}


@dataclass(frozen=True)
class ArchiveStats:
    articles: int
    first_date: str | None
    last_date: str | None
    sources: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "first_date": self.first_date,
                "last_date": self.last_date, "sources": self.sources, "months": self.months}


@dataclass(frozen=True)
class WarmUp:
    """What ``warm_up`` loaded, and how long it took."""

    segments: int
    articles: int
    columns: tuple[str, ...]
    lengths: tuple[str, ...]
    words: tuple[str, ...]  # searched in advance, most frequent first
    postings: int  # postings the cache holds afterwards
    seconds: float

    def to_json(self) -> dict:
        return {"segments": self.segments, "articles": self.articles,
                "columns": list(self.columns), "lengths": list(self.lengths),
                "words": list(self.words), "postings": self.postings,
                "seconds": round(self.seconds, 3)}
