"""Facet counts over matching articles, from columns and postings, never stored documents.

For each segment and facet field a list "document number -> value(s)" is built once and
cached by segment id (segments never change once written; deleted documents never match).
Counting uses the same values as integer codes in numpy arrays: the matching document
numbers are sorted once, cut by segment, and each field is one ``bincount`` per segment, so
a facet over a hundred thousand matches costs milliseconds, not a Python loop per match.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from threading import Lock

import numpy as np

from .results import Facet, FacetValue

# Facets whose values are dates in text form are listed in date order, the others by count.
DATE_ORDERED = ("year", "month")
MULTI_VALUED = ("author",)


class FacetCache:
    """Per-segment value lists for the facet fields; safe to share between threads."""

    def __init__(self, max_segments: int = 256) -> None:
        self._lists: dict[tuple[str, str], list] = {}
        self._codes: dict[tuple[str, str], _Codes] = {}
        self._lock = Lock()
        self._max = max_segments

    def codes(self, reader, field: str) -> _Codes:
        """The segment's values of ``field`` as integer codes (see ``_Codes``)."""
        segment = reader.segment()
        key = (segment.segment_id() if segment is not None else "", field)
        cached = self._codes.get(key)
        if cached is None:
            cached = _Codes.of(self.values(reader, field), field in MULTI_VALUED)
            with self._lock:
                if len(self._codes) > self._max * 8:
                    self._codes.clear()
                self._codes[key] = cached
        return cached

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


@dataclass(frozen=True)
class _Codes:
    """One segment's values of a field as codes: ``labels[codes[d]]`` is document d's value;
    for a multi-valued field document d has the codes ``codes[offsets[d]:offsets[d + 1]]``
    (``offsets`` is None for a single-valued field)."""

    labels: list[str]
    codes: np.ndarray
    offsets: np.ndarray | None = None

    @classmethod
    def of(cls, values: list, multi: bool) -> _Codes:
        index: dict[str, int] = {}
        if not multi:
            codes = np.fromiter((index.setdefault(v, len(index)) for v in values),
                                dtype=np.int32, count=len(values))
            return cls(list(index), codes)
        lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        codes = np.fromiter((index.setdefault(v, len(index)) for vs in values for v in vs),
                            dtype=np.int32, count=int(offsets[-1]))
        return cls(list(index), codes, offsets)

    def count(self, docs: np.ndarray) -> np.ndarray:
        """How many of the (local) ``docs`` have each label."""
        if self.offsets is None:
            picked = self.codes[docs]
        else:
            starts, ends = self.offsets[docs], self.offsets[docs + 1]
            sizes = ends - starts
            # Every position starts[i] .. ends[i] - 1, for all i at once.
            firsts = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
            picked = self.codes[firsts + np.arange(int(sizes.sum()))]
        return np.bincount(picked, minlength=len(self.labels))


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
    bounds = np.array([offset for _, offset in leaves] + [searcher.doc_count_all()])
    split: dict[int, list[np.ndarray]] = {}  # id(docs) -> its local numbers per segment
    facets = []
    for field, docs in docs_by_field.items():
        if id(docs) not in split:  # the same set usually serves several fields
            ordered = np.sort(np.fromiter(docs, dtype=np.int64))
            cuts = np.searchsorted(ordered, bounds)
            split[id(docs)] = [ordered[cuts[i]:cuts[i + 1]] - bounds[i]
                               for i in range(len(leaves))]
        counter: Counter[str] = Counter()
        for (reader, _), local in zip(leaves, split[id(docs)], strict=True):
            if not len(local):
                continue
            codes = cache.codes(reader, field)
            counts = codes.count(local)
            for code in np.flatnonzero(counts):
                counter[codes.labels[code]] += int(counts[code])
        counter.pop("", None)
        facets.append(_facet(field, counter, selected.get(field, ()), limit))
    return tuple(facets)


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
