"""Facet counts from terms aggregations, listed as the Whoosh backend lists them.

Each facet field is one ``terms`` aggregation large enough to hold every value of the
matching articles (``shard_size`` as large, so the counts are exact), under a ``filter``
aggregation holding the request's other filters: a field with chosen values is counted as
if it were not chosen, so that its other values stay visible with their counts. Listing:
years and months in date order, all of them; the others most frequent first (then by
value), the first ``limit`` plus the chosen ones, ``truncated`` when more values exist.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.results import FACET_FIELDS, Facet, FacetValue

from .compile import Query, facet_filters

DATE_ORDERED = ("year", "month")
BUCKETS = 20_000  # values of one field counted at most (every value, in practice)


def terms(field: str, size: int = BUCKETS, **extra: Any) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size, "shard_size": size, **extra}}


def facet_aggs(filters: Mapping[str, tuple[str, ...]], own_excluded: bool = True
               ) -> dict[str, Any]:
    """The aggregations counting every facet field; with ``own_excluded`` each under the
    request's filters but its own (the filters are then the search's ``post_filter``)."""
    aggs = {}
    for field in FACET_FIELDS:
        others = facet_filters(filters, skip=field) if own_excluded else []
        values = {"values": terms(field)}
        aggs[f"facet_{field}"] = {"filter": _all(others), "aggs": values}
    return aggs


def _all(filters: list[Query]) -> Query:
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def read_facets(aggregations: dict[str, Any], selected: Mapping[str, tuple[str, ...]],
                limit: int) -> tuple[Facet, ...]:
    """The Facets of an answer to ``facet_aggs``."""
    facets = []
    for field in FACET_FIELDS:
        buckets = aggregations[f"facet_{field}"]["values"]["buckets"]
        counts = {b["key"]: b["doc_count"] for b in buckets if b["key"] != ""}
        facets.append(make_facet(field, counts, selected.get(field, ()), limit))
    return tuple(facets)


def make_facet(field: str, counts: dict[str, int], chosen: tuple[str, ...], limit: int
               ) -> Facet:
    """The Facet of ``counts`` (every value with its count): ``limit`` values (0: all)."""
    if field in DATE_ORDERED or not limit:
        ordered = sorted(counts.items()) if field in DATE_ORDERED else sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return Facet(field, tuple(FacetValue(v, c, v in chosen) for v, c in ordered), False)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ordered[:limit]
    listed = {v for v, _ in shown}
    shown += [(v, counts.get(v, 0)) for v in chosen if v not in listed]
    return Facet(field, tuple(FacetValue(v, c, v in chosen) for v, c in shown),
                 len(counts) > limit)
