"""A query's counts over time, the same for every backend: periods (year, month, day), the
count of each with the articles of the period (the share's denominator), and the cache a
batch keeps across its queries.

The ratio of a period is the query's count over the articles of that period under the same
filters and dates (the counts of the empty query), as in Media Cloud's "attention over time".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

UNDATED = "undated"  # the period of articles without a date
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

    totals: dict[tuple, Any] = field(default_factory=dict)  # a backend's tallies
    segments: dict = field(default_factory=dict)  # a backend's per-segment periods


def in_date_order(per_period: dict[str, int]) -> dict[str, int]:
    """The periods in date order, ``undated`` last."""
    undated = per_period.get(UNDATED, 0)
    ordered = dict(sorted((p, n) for p, n in per_period.items() if p != UNDATED))
    if undated:
        ordered[UNDATED] = undated
    return ordered


@dataclass
class Tally:
    """A query's matches counted by period, as a backend counts them; ``total`` includes
    the undated ones."""

    total: int = 0
    per_period: Counter[str] = field(default_factory=Counter)
    first_date: str | None = None
    last_date: str | None = None
