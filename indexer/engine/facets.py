"""Facet counts over matching articles, from columns and postings, never stored documents.

For each segment and facet field the values are read once as integer codes, cached by
segment id (segments never change once written; deleted documents never match): from the
segment's codes file (``code_files``), else a single-valued field from its column and a
multi-valued one (authors, people, places, organisations) from its terms, each with its
documents. Each segment's codes are numbered among the values of every segment and joined
into one table of the searcher's documents (kept for the last searchers), and each field is
counted by one compiled loop over the matching document numbers (``counting``): a facet
over a hundred thousand matches costs well under a millisecond.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any

import numpy as np
from whoosh.columns import VarBytesColumn

from indexer.results import FACET_FIELDS, Facet, FacetValue

from .code_files import read_codes
from .codec.compact_terms import CompactTermsReader
from .codec.term_entries import inlined_ids
from .postings import PostingsCache, field_lengths
from .whoosh_private import segment_terms, var_bytes_column

# Facets whose values are dates in text form are listed in date order, the others by count.
DATE_ORDERED = ("year", "month")
MULTI_VALUED = ("author", "person", "place_province", "place_city", "place_county", "org")
JOINED_KEPT = 2  # searchers (sets of segments) whose joined tables are kept: now and before
# The fields read as codes: the facets, collapsing (``indexer.searching.collapse``:
# ``body_key``), the timeline and statistics (``date``).
CODED = (*FACET_FIELDS, "body_key", "date")
# The fields of each segment's codes file (``code_files``): the coded ones, and the ids of
# a hit's other printings (``values`` only: one value an article, never counted).
FILED = (*CODED, "id")


class FacetCache:
    """Per-segment value lists for the facet fields, and what ranking reuses between
    searches (each segment's field lengths, recent posting lists); safe to share between
    threads."""

    def __init__(self, folder: Path | None = None, max_segments: int = 256) -> None:
        self._folder = folder  # the index's, where each segment's codes file is
        self._lists: dict[tuple[str, str], list] = {}
        self._codes: dict[tuple[str, str], _Codes] = {}
        self._filed: set[str] = set()  # segments whose codes file's tables are in _codes
        self._lengths: dict[tuple[str, str], np.ndarray] = {}
        # Every segment's values of a field numbered together: field -> label -> number,
        # and (segment, field) -> the number of each of the segment's codes.
        self._numbers: dict[str, dict[str, int]] = {}
        self._labels: dict[str, list[str]] = {}
        self._to_number: dict[tuple[str, str], np.ndarray] = {}
        # segment ids of a searcher -> field -> its joined table (``joined``)
        self._joined: dict[tuple[str, ...], dict[str, _Codes]] = {}
        self.postings = PostingsCache()  # recent posting lists, for ranking
        self._lock = Lock()
        self._max = max_segments

    def codes(self, reader, field: str) -> _Codes:
        """The segment's values of ``field`` as integer codes (see ``_Codes``): from its
        codes file when it has a usable one (``code_files``), else from the segment."""
        found = self._filed_codes(reader, field)
        if found is None:
            found = self._kept(self._codes, (segment_id(reader), field),
                               lambda: self._read_codes(reader, field))
        return found

    def _filed_codes(self, reader, field: str) -> _Codes | None:
        """The segment's kept codes of ``field``, its codes file read first when they are
        not kept; None when neither has them."""
        key = (segment_id(reader), field)
        found = self._codes.get(key)
        if found is None:
            self._keep_file(reader)
            found = self._codes.get(key)
        return found

    def _keep_file(self, reader) -> None:
        """Keep every table of the segment's codes file, when it has a usable one (looked
        for again on the next miss when it has none: a commit writes it just after)."""
        if self._folder is None or reader.segment() is None:
            return
        segment = segment_id(reader)
        if segment in self._filed:
            return  # kept already (a field the file lacks is read from the segment)
        found = read_codes(self._folder, segment, reader.doc_count_all())
        if any((offsets is None) != (field not in MULTI_VALUED)
               for field, (_, _, offsets) in found.items()):
            return  # a field coded otherwise than this code codes it: not used
        for field, tables in found.items():
            self._kept(self._codes, (segment, field), lambda t=tables: _Codes(*t))
        if found:
            self._filed.add(segment)

    def _read_codes(self, reader, field: str) -> _Codes:
        if field in MULTI_VALUED:  # from the field's terms, without a list per document
            return _Codes.of_terms(reader, field)
        return _Codes.of(self.values(reader, field))

    def numbers(self, reader, field: str) -> tuple[np.ndarray, list[str]]:
        """For each code of the segment's ``field`` (``codes``), its number among the
        values of every segment; and the values by number."""
        key = (segment_id(reader), field)
        with self._lock:
            labels = self._labels.setdefault(field, [])
            cached = self._to_number.get(key)
        if cached is None:
            codes = self.codes(reader, field)
            with self._lock:
                numbers = self._numbers.setdefault(field, {})
                new = [label for label in dict.fromkeys(codes.labels) if label not in numbers]
                numbers.update(zip(new, range(len(labels), len(labels) + len(new)), strict=True))
                labels.extend(new)
                cached = np.fromiter(map(numbers.__getitem__, codes.labels), dtype=np.int64,
                                     count=len(codes.labels))
                if len(self._to_number) > self._max * 8:
                    self._to_number.clear()
                self._to_number[key] = cached
        return cached, labels

    def joined(self, searcher, field: str) -> _Codes:
        """Every document's values of ``field`` in ``searcher`` (a top searcher), by global
        document number, as their numbers among the values of every segment (``numbers``);
        kept for the last ``JOINED_KEPT`` searchers."""
        return self.joined_tables(searcher, (field,))[0]

    def joined_tables(self, searcher, fields: Iterable[str]) -> list[_Codes]:
        """``joined`` of each of ``fields``, the searcher's segments looked up once."""
        readers = [s.reader() for s, _ in searcher.leaf_searchers()]
        segments = tuple(map(segment_id, readers))
        kept = self._joined.get(segments, {})
        return [kept.get(field) or self._join(readers, segments, field) for field in fields]

    def _join(self, readers: list, segments: tuple[str, ...], field: str) -> _Codes:
        numbered = [self.numbers(reader, field) for reader in readers]
        parts = [(to_number, self.codes(reader, field))
                 for (to_number, _), reader in zip(numbered, readers, strict=True)]
        joined = _Codes.joined(parts, numbered[0][1] if numbered else [])
        with self._lock:
            if segments not in self._joined:
                while len(self._joined) >= JOINED_KEPT:  # the oldest searcher's go
                    self._joined.pop(next(iter(self._joined)))
                self._joined[segments] = {}
            self._joined[segments][field] = joined
        return joined

    def number(self, field: str, label: str) -> int:
        """The number of ``label`` among the values of ``field`` (see ``numbers``); -1 when
        no segment counted so far has it."""
        return self._numbers.get(field, {}).get(label, -1)

    def lengths(self, reader, field: str) -> np.ndarray:
        """The segment's length of ``field`` in each document (for ranking)."""
        return self._kept(self._lengths, (segment_id(reader), field),
                          lambda: field_lengths(reader, field))

    def values(self, reader, field: str) -> list:
        """For each document number of the segment ``reader``: its value of the
        single-valued ``field`` ("" when none). A multi-valued field is read as codes only
        (``codes``). Raises ValueError for one."""
        if field in MULTI_VALUED:
            raise ValueError(f"{field} has several values an article: read its codes")
        return self._kept(self._lists, (segment_id(reader), field),
                          lambda: self._values(reader, field))

    def _values(self, reader, field: str) -> list:
        """The values of a field of the codes file (``FILED``) from the file's table when
        the segment has one (each document's label: no column read), else from its
        column."""
        found = self._filed_codes(reader, field) if field in FILED else None
        if found is not None:
            return list(map(found.labels.__getitem__, found.codes.tolist()))
        return _build(reader, field)

    def loaded(self) -> set[tuple[str, str, str]]:
        """What the cache holds, as (table, segment id, field): table "values", "codes"
        or "lengths"; or ("joined", the searcher's segment ids joined by "+", field) (to
        tell what a warm-up or a search read)."""
        with self._lock:
            return {(table, *key) for table, store in (
                ("values", self._lists), ("codes", self._codes), ("lengths", self._lengths))
                for key in store} | {("joined", "+".join(segments), field)
                                     for segments, tables in self._joined.items()
                                     for field in tables}

    def _kept(self, store: dict, key, build: Callable[[], Any]):
        """``store[key]``, built and kept when missing (the store is emptied when it holds
        too many segments' tables, e.g. after many commits)."""
        cached = store.get(key)
        if cached is None:
            cached = build()
            with self._lock:
                if len(store) > self._max * 8:
                    store.clear()
                    if store is self._codes:
                        self._filed.clear()
                store[key] = cached
        return cached


def segment_id(reader) -> str:
    """The id of the segment ``reader`` reads ("" for an empty index, which has none): what
    the per-segment tables are kept by (segments never change once written)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def _build(reader, field: str) -> list:
    n = reader.doc_count_all()
    if field not in reader.schema or not reader.has_column(field):
        return [""] * n  # e.g. an index written before the field: no values
    # Each distinct value is decoded once and shared by its documents: a server's first
    # search (or its warm-up) builds these lists for every segment, and a paper's name or a
    # date repeats thousands of times in one.
    decode = reader.schema[field].from_column_value
    distinct: dict[bytes, str] = {}
    return [distinct[raw] if raw in distinct else distinct.setdefault(raw, decode(raw))
            for raw in _raw_column(reader.column_reader(field, translate=False), n)]


def _term_documents(reader, field: str) -> Iterator[tuple[bytes, Iterable[int]]]:
    """Each term of ``field`` in the segment ``reader`` with its documents (deleted ones
    among them, at least those inlined), in one walk over the terms: a term whose postings
    are inlined in its entry (most values of a facet) is read from there, others through a
    matcher."""
    terms = segment_terms(reader)
    if isinstance(terms, CompactTermsReader):
        for btext, entry in terms.field_entries(field):
            ids = inlined_ids(entry)
            yield btext, ids if ids is not None else reader.postings(field, btext).all_ids()
        return
    for btext, info in reader.iter_field(field):  # another codec's term infos
        inlined = info.inlined_postings() if info.is_inlined() else None
        yield btext, (inlined[0] if inlined is not None
                      else reader.postings(field, btext).all_ids())


def _raw_column(column, n: int) -> list[bytes]:
    """The ``n`` raw values of a column reader: a variable-length column (what Whoosh gives
    a sortable ID field) is read in one piece and cut, not with a file read per document."""
    if not isinstance(column, VarBytesColumn.Reader):
        return [column[d] for d in range(n)]
    data, offsets, lengths = var_bytes_column(column)
    raw = [data[o:o + size] for o, size in zip(offsets, lengths, strict=True)]
    return raw[:n] + [b""] * (n - len(raw))


@dataclass(frozen=True)
class _Codes:
    """One segment's values of a field as codes (or, ``joined``, a searcher's as numbers):
    ``labels[codes[d]]`` is document d's value; for a multi-valued field document d has the
    codes ``codes[offsets[d]:offsets[d + 1]]`` (``offsets`` is None for a single-valued
    field)."""

    labels: list[str]
    codes: np.ndarray
    offsets: np.ndarray | None = None

    @classmethod
    def of(cls, values: list) -> _Codes:
        """A single-valued field's codes, from each document's value."""
        index: dict[str, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values),
                            dtype=np.int32, count=len(values))
        return cls(list(index), codes)

    @classmethod
    def of_terms(cls, reader, field: str) -> _Codes:
        """A multi-valued field's codes in the segment ``reader``, from its terms (each
        value with its documents, in one walk): a value's code is its place among the
        field's terms, and a document's codes are in that order. Deleted documents keep
        their values, as in a column: they never match, and the codes depend on the segment
        alone, not on when they were read."""
        n = reader.doc_count_all()
        labels: list[str] = []
        docs: list[int] = []
        sizes: list[int] = []
        if field in reader.schema:  # else an index written before the field: no values
            for btext, docnums in _term_documents(reader, field):
                labels.append(btext.decode("utf-8"))
                before = len(docs)
                docs.extend(docnums)
                sizes.append(len(docs) - before)
        owners = np.array(docs, dtype=np.int64)
        order = np.argsort(owners, kind="stable")  # by document, each in the terms' order
        codes = np.repeat(np.arange(len(labels), dtype=np.int32), sizes)[order]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=n), out=offsets[1:])
        return cls(labels, codes, offsets)

    @classmethod
    def joined(cls, parts: list[tuple[np.ndarray, _Codes]], labels: list[str]) -> _Codes:
        """Several segments' codes (``parts``: each segment's numbers of its codes, and its
        codes, in order) as one table of numbers, for the documents of all of them one
        after another; ``labels`` are the values by number."""
        codes = np.concatenate([np.empty(0, dtype=np.int32)]
                               + [to_number[c.codes].astype(np.int32) for to_number, c in parts])
        if not parts or parts[0][1].offsets is None:
            return cls(labels, codes)
        starts = np.cumsum([0] + [int(c.offsets[-1]) for _, c in parts[:-1]])
        offsets = np.concatenate([np.zeros(1, dtype=np.int64)] + [
            c.offsets[1:] + start for (_, c), start in zip(parts, starts, strict=True)])
        return cls(labels, codes, offsets)

    def count(self, docs: np.ndarray) -> np.ndarray:
        """How many of the ``docs`` (distinct document numbers, int64) have each label."""
        from .counting import count_code_runs, count_codes  # numba, on first use (``jit``)
        if self.offsets is None:
            return count_codes(self.codes, docs, len(self.labels))
        return count_code_runs(self.codes, self.offsets, docs, len(self.labels))


def count_facets(
    searcher,
    cache: FacetCache,
    docs_by_field: Mapping[str, Iterable[int]],
    selected: Mapping[str, tuple[str, ...]],
    limit: int = 10,
) -> tuple[Facet, ...]:
    """One Facet per field of ``docs_by_field`` (field -> the global document numbers to
    count over). ``limit`` caps the values listed (0 = all); selected values are always
    listed. A field the index lacks (one written before it) has no Facet."""
    as_array: dict[int, np.ndarray] = {}  # id(docs) -> docs (the same set serves most fields)
    fields = [field for field in docs_by_field if field in searcher.schema]
    facets = []
    for field, table in zip(fields, cache.joined_tables(searcher, fields), strict=True):
        docs = docs_by_field[field]
        if id(docs) not in as_array:
            as_array[id(docs)] = (docs.astype(np.int64, copy=False)
                                  if isinstance(docs, np.ndarray)
                                  else np.fromiter(docs, dtype=np.int64))
        chosen = selected.get(field, ())
        counter, distinct = _counts(table.count(as_array[id(docs)]), table.labels, chosen,
                                    0 if field in DATE_ORDERED else limit,
                                    lambda label, field=field: cache.number(field, label))
        facets.append(_facet(field, counter, chosen, limit, distinct))
    return tuple(facets)


def _counts(total: np.ndarray, labels: list[str], chosen: tuple[str, ...], limit: int,
            number) -> tuple[Counter, int]:
    """The counts of each value (``total``, by number; ``labels``, the values by number) as
    a Counter of the values that can be listed (with ``limit``: those counted at least as
    often as the limit-th, and the chosen ones), and how many values have a count."""
    empty = number("")
    if 0 <= empty < len(total):
        total[empty] = 0
    present = np.flatnonzero(total)
    keep = present
    if limit and len(present) > limit:
        kth = np.partition(total[present], len(present) - limit)[len(present) - limit]
        keep = present[total[present] >= kth]
    counter = Counter(dict(zip(map(labels.__getitem__, keep.tolist()), total[keep].tolist(),
                               strict=True)))
    for value in chosen:
        at = number(value)
        if value not in counter and 0 <= at < len(total) and total[at]:
            counter[value] = int(total[at])
    return counter, len(present)


def _facet(field: str, counter: Counter, chosen: tuple[str, ...], limit: int,
           distinct: int | None = None) -> Facet:
    """The Facet of ``counter`` (which may leave out values that cannot be listed:
    ``distinct`` says how many values have a count)."""
    if field in DATE_ORDERED:
        ordered = sorted(counter.items())  # by value: each is listed once
    else:
        ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    distinct = len(counter) if distinct is None else distinct
    truncated = bool(limit) and distinct > limit
    if limit and field not in DATE_ORDERED:
        shown = ordered[:limit]
        shown += [(v, counter.get(v, 0)) for v in chosen if v not in dict(shown)]
    else:
        shown = ordered
        truncated = False
    values = tuple(FacetValue(v, c, v in chosen) for v, c in shown)
    return Facet(field, values, truncated)
