"""Counts of a query's matching articles over time, with the share of all articles.

Everything comes from the date column of the matching documents (``indexer.trend_columns``:
numpy counts per segment), never from stored documents, and nothing is ranked. The ratio
of a period is the query's count over the articles of that period under the same filters
and dates (the counts of the empty query), as in Media Cloud's "attention over time".
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .errors import InvalidRequest
from .results import SearchRequest
from .search import match_query
from .store import ArchiveIndex
from .trend_columns import UNDATED, SegmentCache, Tally, count_by_period

PERIODS = ("year", "month", "day")
# A period is the first characters of the date column's YYYY-MM-DD, as the index's own
# year and month columns are.
PERIOD_WIDTH = {"year": 4, "month": 7, "day": 10}


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


@dataclass
class TrendCache:
    """What the trends of many queries on one index share (a batch keeps one): the tallies
    of the empty query (the ratios' denominators) by filters, dates and period, and each
    segment's dates as periods."""

    totals: dict[tuple, Tally] = field(default_factory=dict)
    segments: SegmentCache = field(default_factory=dict)


def trend(index: ArchiveIndex, request: SearchRequest, by: str = "month",
          cache: TrendCache | None = None) -> Trend:
    """The counts of ``request``'s matches per period (``by``: year, month or day) and the
    articles of each period. ``cache`` keeps what the next call can reuse (a batch passes
    one). Raises QuerySyntaxError, InvalidRequest."""
    if by not in PERIOD_WIDTH:
        raise InvalidRequest(f"by must be one of {', '.join(PERIODS)}, not '{by}'")
    cache = cache if cache is not None else TrendCache()
    mine = _tally(index, request, by, cache)
    key = (request.filters, request.date_from, request.date_to, by)
    everything = cache.totals.get(key)
    if everything is None:
        everything = cache.totals[key] = _tally(index, replace(request, query=""), by, cache)
    periods = tuple(PeriodCount(p, mine.per_period.get(p, 0), n)
                    for p, n in _ordered(everything.per_period).items())
    return Trend(request.query, by, mine.total, mine.first_date, mine.last_date, periods)


def timeline(index: ArchiveIndex, request: SearchRequest, by: str = "month"
             ) -> tuple[PeriodCount, ...]:
    """The dated periods of ``trend`` (no ``undated``): what a timeline draws, as counts or
    as ratios. Raises QuerySyntaxError, InvalidRequest."""
    return tuple(p for p in trend(index, request, by).periods if p.period != UNDATED)


def _tally(index: ArchiveIndex, request: SearchRequest, by: str, cache: TrendCache
           ) -> Tally:
    query = match_query(index, request)
    with index.reading() as searcher:
        return count_by_period(searcher, query, index.facet_cache, PERIOD_WIDTH[by],
                               cache.segments)


def _ordered(per_period: dict[str, int]) -> dict[str, int]:
    """The periods in date order, ``undated`` last."""
    undated = per_period.get(UNDATED, 0)
    ordered = dict(sorted((p, n) for p, n in per_period.items() if p != UNDATED))
    if undated:
        ordered[UNDATED] = undated
    return ordered
