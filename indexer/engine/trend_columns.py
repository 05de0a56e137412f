"""Counting documents by period from the date column, with numpy: what ``indexer.engine.trend``
tallies each query with.

A segment's dates come from the index's FacetCache (each document's date as a code into the
segment's distinct dates). For a period width (year, month or day) each distinct date is
mapped once to its period, so that a query's matches of a segment are counted with two
``bincount`` calls: by date, then those counts by period; its first and last dates are the
first and last non-zero counts in date order. No Python loop runs over the matches, and no
stored document is read; the matches themselves come from ``matching_ids``.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

import numpy as np

from indexer.searching import trend
from indexer.searching.trend import UNDATED

from .facets import FacetCache, segment_id
from .matching import matching_ids


@dataclass(frozen=True)
class SegmentPeriods:
    """One segment's dates for counting by period: document d has the date
    ``dates[codes[d]]`` ("" when undated), which falls in the period
    ``periods[period_of[codes[d]]]``; ``order`` lists the codes of the real dates in date
    order."""

    codes: np.ndarray
    dates: list[str]
    period_of: np.ndarray
    periods: list[str]
    order: np.ndarray

    @classmethod
    def of(cls, cache: FacetCache, reader, width: int) -> SegmentPeriods:
        column = cache.codes(reader, "date")
        periods: dict[str, int] = {}
        period_of = np.fromiter(
            (periods.setdefault(d[:width] if d else UNDATED, len(periods))
             for d in column.labels), dtype=np.int64, count=len(column.labels))
        dated = sorted((d, code) for code, d in enumerate(column.labels) if d)
        order = np.array([code for _, code in dated], dtype=np.int64)
        return cls(column.codes, column.labels, period_of, list(periods), order)


# SegmentPeriods by (segment id, width): segments never change once written.
SegmentCache = MutableMapping[tuple[str, int], SegmentPeriods]


class Tally(trend.Tally):
    """Matches counted by period, segment by segment."""

    def add(self, segment: SegmentPeriods, docs: np.ndarray) -> None:
        """Count the segment's documents ``docs`` (local numbers)."""
        self.total += len(docs)
        by_date = np.bincount(segment.codes[docs], minlength=len(segment.dates))
        by_period = np.bincount(segment.period_of, weights=by_date,
                                minlength=len(segment.periods))
        for i in np.flatnonzero(by_period):
            self.per_period[segment.periods[i]] += int(by_period[i])
        seen = np.flatnonzero(by_date[segment.order])
        if len(seen):
            first = segment.dates[segment.order[seen[0]]]
            last = segment.dates[segment.order[seen[-1]]]
            self.first_date = first if self.first_date is None else min(first, self.first_date)
            self.last_date = last if self.last_date is None else max(last, self.last_date)


def segment_periods(cache: FacetCache, reader, width: int,
                    segments: SegmentCache | None) -> SegmentPeriods:
    """The SegmentPeriods of the segment ``reader`` for periods of ``width`` characters of
    the date, kept in ``segments`` when given."""
    key = (segment_id(reader), width)
    found = segments.get(key) if segments is not None else None
    if found is None:
        found = SegmentPeriods.of(cache, reader, width)
        if segments is not None and key[0]:
            segments[key] = found
    return found


def count_by_period(searcher, query, cache: FacetCache, width: int,
                    segments: SegmentCache | None = None) -> Tally:
    """The matches of the Whoosh ``query`` counted by period (the first ``width``
    characters of their dates), segment by segment."""
    tally = Tally()
    docs = matching_ids(searcher, query, cache)
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
        if hi > lo:
            tally.add(segment_periods(cache, reader, width, segments), docs[lo:hi] - offset)
    return tally
