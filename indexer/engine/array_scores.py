"""``RunsQuery`` (``collector_ranking``) over whole posting arrays: its matches in one pass,
their BM25F scores at once, and the "together as typed" bonus only where it is asked for.

The figures are those of ``collector_ranking._RunsMatcher.score``, computed with numpy for every
match of a segment instead of one Whoosh matcher step at a time:

* a run's count in a part is its term frequency (one bigram or character) or its number of
  phrase positions (several bigrams: positions where every bigram follows the previous one,
  what Whoosh's ``Phrase`` finds);
* the base score sums, per run, ``idf · Σ_part weight · saturate(count, length)``;
* the bonus of runs standing together needs their positions: ``bonus(docnum)`` computes it
  for one article; ``bound`` is an upper limit of it for every match (the runs cannot stand
  together more often than the first of them occurs), so that a ranking can compute the
  bonus only for the articles that might still reach its top.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

import numpy as np

from .collector_ranking import _PARTS, _estimate, _grams, _idf, _together, saturate
from .postings import (
    EMPTY,
    Postings,
    cached_postings,
    kept_postings,
    read_postings,
    segment_key,
)

_SHIFT = np.int64(1 << 32)


class _Span(NamedTuple):
    """What ``collector_ranking._together`` reads of a Whoosh span; a tuple sorts in C (a run's
    spans have distinct starts, so they sort by start as Whoosh's spans do)."""

    start: int
    end: int


@dataclass
class _PartHits:
    """One run in one part (title or body) of one segment: the articles having it, how
    often, and how to find its spans in one of them."""

    ids: np.ndarray
    counts: np.ndarray
    field: str
    weight: float
    b: float
    average: float
    width: int  # positions a span covers minus one (bigrams of the run minus one)
    source: Postings | None = None  # one bigram: its postings, positions encoded
    starts: np.ndarray | None = None  # several bigrams: document index << 32 | start

    def saturate(self, counts, lengths):
        """BM25's saturated, length-normalised frequency, weighted by the part (arrays, or
        one count and length as floats: the same operations in the same order)."""
        return saturate(counts, lengths, self.weight, self.b, self.average)

    def spans(self, local: int) -> list[_Span] | None:
        """The run's spans in article ``local`` (in order), None when it does not have the
        run here."""
        i = int(np.searchsorted(self.ids, local))
        if i == len(self.ids) or self.ids[i] != local:
            return None
        if self.starts is not None:
            lo, hi = np.searchsorted(self.starts, [i * _SHIFT, (i + 1) * _SHIFT])
            width = self.width
            return [_Span(s, s + width) for s in (self.starts[lo:hi] - i * _SHIFT).tolist()]
        return [_Span(p, p) for p in self.source.positions(i)]


def _phrase(reader, field: str, grams: list[str], df, within: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Articles of the segment (of ``within``, when given) having the bigrams ``grams`` one
    after another in ``field``: their ids, how many times, and every start (document index
    << 32 | position). The rarest bigram is read first, of the others only the blocks
    holding its articles."""
    lists: list[Postings] = [EMPTY] * len(grams)
    if not min(df(field, g) for g in grams):
        return np.empty(0, dtype=np.int64), np.empty(0), np.empty(0, dtype=np.int64)
    ids = within
    for i in sorted(range(len(grams)), key=lambda i: df(field, grams[i])):
        lists[i] = read_postings(reader, field, grams[i], values=True, within=ids,
                                 present=True)
        ids = lists[i].ids if ids is None else np.intersect1d(ids, lists[i].ids,
                                                              assume_unique=True)
    if not len(ids):
        return ids, np.empty(0), np.empty(0, dtype=np.int64)
    keys = None
    for offset, p in enumerate(lists):
        picked = np.searchsorted(p.ids, ids)
        gaps = list(map(p.gaps, [p.values[i] for i in picked.tolist()]))
        sizes = np.fromiter(map(len, gaps), dtype=np.int64, count=len(gaps))
        flat = np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=int(sizes.sum()))
        ends = np.cumsum(sizes)
        running = np.cumsum(flat)
        before = np.concatenate(([0], running[ends[:-1] - 1]))
        starts = running - np.repeat(before, sizes) - offset
        mine = np.repeat(np.arange(len(ids), dtype=np.int64), sizes) * _SHIFT + starts
        keys = mine if keys is None else np.intersect1d(keys, mine, assume_unique=True)
    counts = np.bincount(keys // _SHIFT, minlength=len(ids)).astype(np.float64)
    found = counts > 0
    if not found.all():  # renumber the documents that keep a start
        new_index = np.cumsum(found) - 1
        keys = new_index[keys // _SHIFT] * _SHIFT + keys % _SHIFT
        ids, counts = ids[found], counts[found]
    return ids, counts, keys


def _postings(cache, reader, name: str, text: str, values: bool,
              within: np.ndarray | None, df) -> Postings:
    """The whole list, cached; within candidates, the cached whole list or else the blocks
    holding them (not cached), unless the candidates are so many that most blocks would be
    read anyway."""
    if not df(name, text):
        return EMPTY
    if within is None or _most(within, df(name, text)):
        return cached_postings(cache.postings, reader, name, text, values, present=True)
    whole = kept_postings(cache.postings, reader, name, text, values)
    return whole if whole is not None else read_postings(reader, name, text, values, within,
                                                         present=True)


def _most(within: np.ndarray, frequency: int) -> bool:
    """Whether candidates this many would have most blocks of a list this long read (a
    block holds 128 postings or fewer)."""
    return len(within) * 8 >= frequency


def _part_hits(reader, run: str, part: str, searcher, boost_of, cache,
               within: np.ndarray | None, df) -> _PartHits:
    """``run`` in ``part`` of the segment: in all its articles, or at least in those of
    ``within``."""
    weight, b = _PARTS[part]
    if len(run) == 1:
        name = f"{part}_c"
        p = _postings(cache, reader, name, run, False, within, df)
        return _PartHits(p.ids, p.weights / boost_of(name), name, weight, b,
                         searcher.avg_field_length(name) or 1.0, 0)
    name = f"{part}_g"
    grams = _grams(run)
    average = searcher.avg_field_length(name) or 1.0
    if len(grams) == 1:
        p = _postings(cache, reader, name, grams[0], True, within, df)
        return _PartHits(p.ids, p.weights / boost_of(name), name, weight, b, average, 0,
                         source=p)
    key = (segment_key(reader), name, tuple(grams))
    if within is None or _most(within, min(df(name, g) for g in grams)):
        ids, counts, starts = cache.postings.get(
            key, lambda: _phrase(reader, name, grams, df),
            lambda found: len(found[0]) + len(found[2]))
    else:
        ids, counts, starts = (cache.postings.peek(key)
                               or _phrase(reader, name, grams, df, within))
    return _PartHits(ids, counts, name, weight, b, average, len(grams) - 1, starts=starts)


@dataclass
class _Segment:
    """The runs' hits in one segment, and their matches (local ids) with base scores and
    bonus bounds."""

    runs: list[list[_PartHits]]
    ids: np.ndarray
    base: np.ndarray
    bound: np.ndarray


@dataclass
class RunScores:
    """Every match of a RunsQuery in a searcher: global ids (ascending), base scores, an
    upper bound of each one's bonus, and ``bonus(docnum)``."""

    ids: np.ndarray
    base: np.ndarray
    bound: np.ndarray
    _segments: list[_Segment] = field(repr=False, default_factory=list)
    _offsets: list[int] = field(repr=False, default_factory=list)
    _chain: list[int] = field(repr=False, default_factory=list)  # runs of 2+ characters
    _idf: float = 0.0
    _boost: float = 1.0
    _lengths: object = None

    def bonus(self, docnum: int) -> float:
        """The bonus of article ``docnum`` for its runs standing together (0.0 when it
        does not match this query)."""
        if len(self._chain) < 2:
            return 0.0
        at = int(np.searchsorted(self.ids, docnum))
        if at == len(self.ids) or self.ids[at] != docnum:
            return 0.0  # not a match of this query (another clause of an Or)
        seg = bisect_right(self._offsets, docnum) - 1
        local = docnum - self._offsets[seg]
        segment = self._segments[seg]
        total = 0.0
        for k in range(len(segment.runs[0])):
            together = [segment.runs[r][k] for r in self._chain]
            spans = [p.spans(local) for p in together]
            if any(s is None for s in spans):
                continue
            found = _together(spans)
            if found:
                length = float(self._lengths(seg, together[0].field)[local])
                total += self._idf * together[0].saturate(found, length)
        return self._boost * total


def run_scores(searcher, query, cache) -> RunScores:
    """The RunScores of ``query`` (a RunsQuery) in ``searcher`` (the top searcher), with
    ``cache`` (``facets.FacetCache``: a segment's field lengths, and recent postings)."""
    lengths = cache.lengths
    parent = searcher.get_parent()
    schema = parent.schema

    def boost_of(name: str) -> float:
        return schema[name].format.field_boost

    leaves = [(s.reader(), offset) for s, offset in parent.leaf_searchers()]
    frequencies = _Frequencies([reader for reader, _ in leaves])
    idfs = [_idf(parent, _estimate(frequencies, r, query.where)) for r in query.runs]
    chain_runs = [i for i, r in enumerate(query.runs) if len(r) > 1]
    chain_idf = min((idfs[i] for i in chain_runs), default=0.0)
    segments, ids, base, bound = [], [], [], []
    for seg, (reader, offset) in enumerate(leaves):
        runs = _runs_in(reader, query, parent, boost_of, cache, frequencies.of_segment(seg))
        segment = _score_segment(runs, idfs, chain_runs, chain_idf, query.boost,
                                 lambda name, reader=reader: lengths(reader, name),
                                 reader.doc_count_all())
        segments.append(segment)
        ids.append(segment.ids + offset)
        base.append(segment.base)
        bound.append(segment.bound)
    readers = [reader for reader, _ in leaves]
    return RunScores(
        np.concatenate(ids) if ids else np.empty(0, dtype=np.int64),
        np.concatenate(base) if base else np.empty(0),
        np.concatenate(bound) if bound else np.empty(0),
        segments, [offset for _, offset in leaves], chain_runs, chain_idf, query.boost,
        lambda seg, name: lengths(readers[seg], name))


def _runs_in(reader, query, searcher, boost_of, cache, df) -> list[list[_PartHits]]:
    """Each run's hits in each part of the segment. The rarest run is read whole; of the
    others only what the articles having all the runs read so far need."""
    runs: list[list[_PartHits]] = [[] for _ in query.runs]
    order = sorted(range(len(query.runs)),
                   key=lambda i: _frequency(df, query.runs[i], query.where))
    n = reader.doc_count_all()
    matching = None
    for i in order:
        within = None if matching is None else np.flatnonzero(matching)
        runs[i] = [_part_hits(reader, query.runs[i], part, searcher, boost_of, cache, within,
                              df)
                   for part in query.where]
        if i != order[-1]:
            having = _having(runs[i], n)
            matching = having if matching is None else matching & having
    return runs


def _frequency(df, run: str, where: tuple[str, ...]) -> int:
    """About how many articles of the segment have ``run`` (in any part of ``where``)."""
    if len(run) == 1:
        return sum(df(f"{part}_c", run) for part in where)
    return sum(min(df(f"{part}_g", g) for g in _grams(run)) for part in where)


class _Frequencies:
    """Document frequencies of terms, each looked up once in a search (a lookup reads the
    term index): per segment (``of_segment``), and summed over the segments as the index's
    own (``doc_frequency``, what ``collector_ranking._estimate`` asks a reader)."""

    def __init__(self, readers: list) -> None:
        self._readers = readers
        self._known: list[dict[tuple[str, str], int]] = [{} for _ in readers]

    def of_segment(self, seg: int):
        """``df(field, text)`` in segment ``seg``."""
        known, reader = self._known[seg], self._readers[seg]

        def df(field: str, text: str) -> int:
            found = known.get((field, text))
            if found is None:
                found = known[(field, text)] = reader.doc_frequency(field, text)
            return found
        return df

    def doc_frequency(self, field: str, text: str) -> int:
        return sum(self.of_segment(seg)(field, text) for seg in range(len(self._readers)))


def _score_segment(runs: list[list[_PartHits]], idfs: list[float], chain_runs: list[int],
                   chain_idf: float, boost: float, lengths, n: int) -> _Segment:
    """The matches of a segment of ``n`` documents: those having every run (in one part or
    another), scored. Sums run over all the segment's documents (dense arrays)."""
    matching = np.ones(n, dtype=bool)
    for parts in runs:
        matching &= _having(parts, n)
    base, bound = np.zeros(n), np.zeros(n)
    for idf, parts in zip(idfs, runs, strict=True):
        for p in parts:
            keep = matching[p.ids]
            docs = p.ids[keep]
            base[docs] += idf * p.saturate(p.counts[keep], lengths(p.field)[docs])
    if len(chain_runs) > 1:
        for k in range(len(runs[0])):
            first = runs[chain_runs[0]][k]
            everywhere = matching.copy()
            for r in chain_runs:
                everywhere &= _having([runs[r][k]], n)
            keep = everywhere[first.ids]
            docs = first.ids[keep]
            bound[docs] += chain_idf * first.saturate(first.counts[keep],
                                                      lengths(first.field)[docs])
    ids = np.flatnonzero(matching)
    return _Segment(runs, ids, boost * base[ids], boost * bound[ids])


def _having(parts: list[_PartHits], n: int) -> np.ndarray:
    """Which of the segment's ``n`` documents have the run in one of ``parts``."""
    having = np.zeros(n, dtype=bool)
    for p in parts:
        having[p.ids] = True
    return having
