"""A query's counts over time on the cluster, with the articles of each period (the counts
of the empty query under the same filters and dates): the ``Trend`` every backend gives
(``indexer.searching.trend``).

A period is the first characters of an article's ``date`` (year, month or day), as in the
Whoosh index: each is counted exactly by a composite aggregation over the ``year``,
``month`` or ``date`` keyword; undated articles by a ``missing`` aggregation.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from indexer.errors import InvalidRequest
from indexer.results import SearchRequest
from indexer.searching.trend import (
    PERIOD_WIDTH,
    PERIODS,
    UNDATED,
    PeriodCount,
    Tally,
    Trend,
    TrendCache,
    in_date_order,
)

from .paging import every_bucket
from .searching import plan
from .store import Archive

PERIOD_FIELD = {"year": "year", "month": "month", "day": "date"}


def trend(archive: Archive, request: SearchRequest, by: str = "month",
          cache: TrendCache | None = None) -> Trend:
    """The counts of ``request``'s matches per period (``by``: year, month or day) and the
    articles of each period; ``cache`` keeps the empty query's counts for the next call (a
    batch passes one). Raises QuerySyntaxError, InvalidRequest."""
    if by not in PERIOD_WIDTH:
        raise InvalidRequest(f"by must be one of {', '.join(PERIODS)}, not '{by}'")
    cache = cache if cache is not None else TrendCache()
    mine = tally(archive, request, by)
    key = (archive.address.text, request.filters, request.date_from, request.date_to, by)
    everything = cache.totals.get(key)
    if everything is None:
        everything = cache.totals[key] = tally(archive, replace(request, query=""), by)
    periods = tuple(PeriodCount(p, mine.per_period.get(p, 0), n)
                    for p, n in in_date_order(everything.per_period).items())
    return Trend(request.query, by, mine.total, mine.first_date, mine.last_date, periods)


def tally(archive: Archive, request: SearchRequest, by: str) -> Tally:
    """The matches of ``request`` counted by period."""
    query = plan(archive, request).matching()
    counts: Counter[str] = Counter()
    for bucket in every_bucket(archive, query, [
            {"period": {"terms": {"field": PERIOD_FIELD[by]}}}]):
        counts[bucket["key"]["period"]] += bucket["doc_count"]
    answer = archive.cluster.search({
        "query": query, "size": 0, "track_total_hits": True,
        "aggs": {"undated": {"missing": {"field": "date"}},
                 "first": {"terms": {"field": "date", "size": 1, "order": {"_key": "asc"}}},
                 "last": {"terms": {"field": "date", "size": 1, "order": {"_key": "desc"}}}}})
    found = answer["aggregations"]
    if found["undated"]["doc_count"]:
        counts[UNDATED] = found["undated"]["doc_count"]
    first = found["first"]["buckets"]
    last = found["last"]["buckets"]
    return Tally(answer["hits"]["total"]["value"], counts,
                 first[0]["key"] if first else None, last[0]["key"] if last else None)
