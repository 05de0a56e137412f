"""Counts of a query's matching articles over time, with the share of all articles.

Everything comes from column values of the matching documents (the index's FacetCache over
the date column), never from stored documents. The ratio of a period is
the query's count over the articles of that period under the same filters and dates (the
counts of the empty query), as in Media Cloud's "attention over time".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from typing import Any

from .errors import InvalidRequest
from .facets import count_facets
from .results import SearchRequest
from .search import match_query
from .store import ArchiveIndex

PERIODS = ("year", "month", "day")
# A period is the first characters of the date column's YYYY-MM-DD, as the index's own
# year and month columns are.
PERIOD_WIDTH = {"year": 4, "month": 7, "day": 10}
UNDATED = "undated"  # the period of articles without a date, listed last


@dataclass(frozen=True)
class PeriodCount:
    period: str
    count: int  # matching articles of the period
    articles: int  # all articles of the period (under the same filters and dates)

    @property
    def ratio(self) -> float:
        return self.count / self.articles if self.articles else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "count": self.count, "articles": self.articles,
                "ratio": round(self.ratio, 6)}


@dataclass(frozen=True)
class Trend:
    """A query's total, first and last dates, and one PeriodCount for every period that has
    articles (zeros included), in date order, ``undated`` last when some articles have no
    date; the counts add up to ``total``."""

    query: str
    by: str
    total: int
    first_date: str | None
    last_date: str | None
    periods: tuple[PeriodCount, ...]

    def counts(self) -> dict[str, int]:
        return {p.period: p.count for p in self.periods}

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "by": self.by, "total": self.total,
                "first_date": self.first_date, "last_date": self.last_date,
                "periods": [p.to_json() for p in self.periods]}


@dataclass(frozen=True)
class _Tally:
    total: int
    per_period: dict[str, int]  # undated under UNDATED
    first_date: str | None
    last_date: str | None


# Tallies of the empty query, by (filters, date_from, date_to, by): the ratio's denominators.
TotalsCache = MutableMapping[tuple, _Tally]


def trend(index: ArchiveIndex, request: SearchRequest, by: str = "month",
          totals: TotalsCache | None = None) -> Trend:
    """The counts of ``request``'s matches per period (``by``: year, month or day) and the
    articles of each period. ``totals`` keeps the denominators between calls (a batch
    passes a dict). Raises QuerySyntaxError, InvalidRequest."""
    if by not in PERIOD_WIDTH:
        raise InvalidRequest(f"by must be one of {', '.join(PERIODS)}, not '{by}'")
    mine = _tally(index, request, by)
    key = (request.filters, request.date_from, request.date_to, by)
    everything = totals.get(key) if totals is not None else None
    if everything is None:
        everything = _tally(index, replace(request, query=""), by)
        if totals is not None:
            totals[key] = everything
    periods = tuple(PeriodCount(p, mine.per_period.get(p, 0), n)
                    for p, n in everything.per_period.items())
    return Trend(request.query, by, mine.total, mine.first_date, mine.last_date, periods)


def timeline(index: ArchiveIndex, request: SearchRequest, by: str = "month"
             ) -> tuple[PeriodCount, ...]:
    """The dated periods of ``trend`` (no ``undated``): what a timeline draws, as counts or
    as ratios. Raises QuerySyntaxError, InvalidRequest."""
    return tuple(p for p in trend(index, request, by).periods if p.period != UNDATED)


def _tally(index: ArchiveIndex, request: SearchRequest, by: str) -> _Tally:
    """One pass over the date column of the matching documents: the days, then the
    periods (a month is the day's first seven characters, as the index's month column)."""
    query = match_query(index, request)
    with index.reading() as searcher:
        docs = list(searcher.docs_for_query(query))
        (dates,) = count_facets(searcher, index.facet_cache, {"date": docs}, {}, limit=0)
    days = dates.counts()
    width = PERIOD_WIDTH[by]
    per_period: Counter[str] = Counter()
    for day, n in days.items():
        per_period[day[:width]] += n
    ordered = dict(sorted(per_period.items()))
    undated = len(docs) - sum(days.values())
    if undated:
        ordered[UNDATED] = undated
    return _Tally(len(docs), ordered, min(days) if days else None,
                  max(days) if days else None)
