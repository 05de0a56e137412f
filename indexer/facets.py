"""Facet counts over matching articles, from columns and postings, never stored documents.

For each segment and facet field a list "document number -> value(s)" is built once and
cached by segment id (segments never change once written; deleted documents never match), so
a count is a pass over the matching document numbers.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from threading import Lock

from .results import Facet, FacetValue

# Facets whose values are dates in text form are listed in date order, the others by count.
DATE_ORDERED = ("year", "month")
MULTI_VALUED = ("author",)


class FacetCache:
    """Per-segment value lists for the facet fields; safe to share between threads."""

    def __init__(self, max_segments: int = 256) -> None:
        self._lists: dict[tuple[str, str], list] = {}
        self._lock = Lock()
        self._max = max_segments

    def values(self, reader, field: str) -> list:
        """For each document number of the segment ``reader``: its value ("" when none), or
        for a multi-valued field the tuple of its values."""
        segment = reader.segment()
        if segment is None:  # an empty index has no segment
            return []
        key = (segment.segment_id(), field)
        cached = self._lists.get(key)
        if cached is None:
            cached = _build(reader, field)
            with self._lock:
                if len(self._lists) > self._max * 8:
                    self._lists.clear()
                self._lists[key] = cached
        return cached


def _build(reader, field: str) -> list:
    n = reader.doc_count_all()
    if field in MULTI_VALUED:
        lists: list = [() for _ in range(n)]
        for btext in reader.lexicon(field):
            value = btext.decode("utf-8")
            for docnum in reader.postings(field, btext).all_ids():
                lists[docnum] = lists[docnum] + (value,)
        return lists
    if not reader.has_column(field):
        return [""] * n
    column = reader.column_reader(field)
    return [column[d] for d in range(n)]


def count_facets(
    searcher,
    cache: FacetCache,
    docs_by_field: Mapping[str, Iterable[int]],
    selected: Mapping[str, tuple[str, ...]],
    limit: int = 10,
) -> tuple[Facet, ...]:
    """One Facet per field of ``docs_by_field`` (field -> the global document numbers to
    count over). ``limit`` caps the values listed (0 = all); selected values are always
    listed."""
    leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
    starts = [offset for _, offset in leaves]
    facets = []
    for field, docs in docs_by_field.items():
        tables = [cache.values(reader, field) for reader, _ in leaves]
        counter: Counter[str] = Counter()
        _count(counter, sorted(docs), tables, starts, field in MULTI_VALUED)
        counter.pop("", None)
        facets.append(_facet(field, counter, selected.get(field, ()), limit))
    return tuple(facets)


def _count(counter: Counter, docs: list[int], tables: list[list], starts: list[int],
           multi: bool) -> None:
    seg = 0
    bounds = starts[1:] + [float("inf")]
    for docnum in docs:
        while docnum >= bounds[seg]:
            seg += 1
        value = tables[seg][docnum - starts[seg]]
        if multi:
            counter.update(value)
        else:
            counter[value] += 1


def _facet(field: str, counter: Counter, chosen: tuple[str, ...], limit: int) -> Facet:
    if field in DATE_ORDERED:
        ordered = sorted(counter.items(), key=lambda kv: kv[0])
    else:
        ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    truncated = bool(limit) and len(ordered) > limit
    if limit and field not in DATE_ORDERED:
        shown = ordered[:limit]
        shown += [(v, counter.get(v, 0)) for v in chosen if v not in dict(shown)]
    else:
        shown = ordered
        truncated = False
    values = tuple(FacetValue(v, c, v in chosen) for v, c in shown)
    return Facet(field, values, truncated)
