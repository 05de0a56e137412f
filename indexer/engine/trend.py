"""Counts of a query's matching articles over time, with the share of all articles.

Everything comes from the date column of the matching documents (``indexer.engine.trend_columns``:
numpy counts per segment), never from stored documents, and nothing is ranked. The ratio
of a period is the query's count over the articles of that period under the same filters
and dates (the counts of the empty query), as in Media Cloud's "attention over time".
"""
from __future__ import annotations

from dataclasses import replace

from indexer.errors import InvalidRequest
from indexer.results import SearchRequest
from indexer.searching.trend import (
    PERIOD_WIDTH,
    PERIODS,
    PeriodCount,
    Trend,
    TrendCache,
    in_date_order,
)

from .search import match_query
from .store import ArchiveIndex
from .trend_columns import Tally, count_by_period


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
                    for p, n in in_date_order(everything.per_period).items())
    return Trend(request.query, by, mine.total, mine.first_date, mine.last_date, periods)


def _tally(index: ArchiveIndex, request: SearchRequest, by: str, cache: TrendCache
           ) -> Tally:
    query = match_query(index, request)
    with index.reading() as searcher:
        return count_by_period(searcher, query, index.facet_cache, PERIOD_WIDTH[by],
                               cache.segments)


