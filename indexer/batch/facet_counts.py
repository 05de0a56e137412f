"""A query's counts by a facet's values (``baoku batch --by place``), in the shape of its
counts over time (``Trend``), so that the batch writes them into the same files.

Each "period" is a value of the facet (嘉兴市, 李小文, 人民日报): its count is the query's
matching articles with that value, its ``articles`` all the articles with it under the same
filters and dates (the share's denominator, counted once per batch in its ``TrendCache``).
Every value the archive has under those filters is listed, with 0 where the query has none.
``place`` counts a place at every level: an article naming 南湖区 counts under 南湖区,
嘉兴市 and 浙江省.
"""
from __future__ import annotations

from dataclasses import replace

from indexer.entities import PLACE_LEVEL_FIELDS
from indexer.results import SearchRequest
from indexer.searching.trend import PeriodCount, Trend, TrendCache

# What a batch may count by besides periods of time.
FACET_BY = ("source", "author", "person", "place", *PLACE_LEVEL_FIELDS, "org")


def facet_counts(archive, request: SearchRequest, by: str) -> dict[str, int]:
    """The matching articles of ``request`` per value of the facet ``by``."""
    results = archive.search(replace(request, limit=0, offset=0, facets=True, facet_limit=0,
                                     snippets=False))
    fields = PLACE_LEVEL_FIELDS if by == "place" else (by,)
    counts: dict[str, int] = {}
    for name in fields:
        facet = results.facet(name)
        for value, count in (facet.counts() if facet is not None else {}).items():
            counts[value] = max(counts.get(value, 0), count)  # 北京市: province and city
    return counts


def facet_trend(archive, request: SearchRequest, by: str, cache: TrendCache) -> Trend:
    """The query's counts by the values of ``by``, every value of the archive listed."""
    key = ("facet", by, request.filters, request.date_from, request.date_to)
    totals = cache.totals.get(key)
    if totals is None:
        totals = cache.totals[key] = facet_counts(archive, replace(request, query=""), by)
    counts = facet_counts(archive, request, by)
    total = archive.count(request)
    values = sorted(set(totals) | set(counts))
    return Trend(query=request.query, by=by, total=total, first_date=None, last_date=None,
                 periods=tuple(PeriodCount(v, counts.get(v, 0), totals.get(v, 0))
                               for v in values))
