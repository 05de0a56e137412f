"""``RunsQuery`` (``collector_ranking``) over whole posting arrays: its matches in one pass,
their BM25F scores at once, and the "together as typed" bonus only where it is asked for.

The figures are those of ``collector_ranking._RunsMatcher.score``, computed with numpy for every
match of a segment instead of one Whoosh matcher step at a time:

* a run's count in a part is its term frequency (one bigram or character) or its number of
  phrase positions (several bigrams: positions where every bigram follows the previous one,
  what Whoosh's ``Phrase`` finds);
* the base score sums, per run, ``idf · Σ_part weight · saturate(count, length)``;
* the bonus of runs standing together needs their positions: ``bonuses(docnums)`` computes
  it for a batch of articles at once (their spans as arrays of document << 32 | position,
  each run's next span found by one ``searchsorted``); ``bound`` is an upper limit of it for
  every match (the runs cannot stand together more often than the first of them occurs), so
  that a ranking can compute the bonus only for the articles that might still reach its
  top.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from itertools import chain

import numpy as np

from .bm25 import add_scores, saturate
from .collector_ranking import _PARTS, NEAR_GAP, _estimate, _grams, _idf
from .position_gaps import positions_of
from .postings import (
    EMPTY,
    Postings,
    cached_postings,
    kept_postings,
    read_postings,
    segment_key,
)

_SHIFT = np.int64(1 << 32)


@dataclass
class _PartHits:
    """One run in one part (title or body) of one segment (or of several, ``joined``): the
    articles having it, how often, and where its spans are (``spans``)."""

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

    @classmethod
    def joined(cls, parts: list[_PartHits], offsets: list[int]) -> _PartHits:
        """One run's hits in one part of several segments (``parts``, the segments in
        order, starting at the document numbers ``offsets``) as hits of their global
        document numbers."""
        if len(parts) == 1 and offsets[0] == 0:
            return parts[0]
        ids = np.concatenate([p.ids + offset for p, offset in zip(parts, offsets, strict=True)])
        counts = np.concatenate([p.counts for p in parts])
        first = replace(parts[0], ids=ids, counts=counts)
        if first.starts is not None:  # renumber each segment's document indexes
            before = np.cumsum([0] + [len(p.ids) for p in parts[:-1]])
            return replace(first, starts=np.concatenate(
                [p.starts + int(b) * _SHIFT for p, b in zip(parts, before, strict=True)]))
        gaps = next((p.source.gaps for p in parts if p.source.gaps is not None), None)
        values = list(chain.from_iterable(p.source.values for p in parts))
        return replace(first, source=Postings(ids, np.concatenate(
            [p.source.weights for p in parts]), values, gaps))

    def spans(self, picked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The run's spans in the articles at the indexes ``picked`` of ``ids``, as the
        keys ``n << 32 | start`` and ``n << 32 | end`` where n numbers those articles from
        0 (ascending: by article, then by start)."""
        if self.starts is not None:
            bounds = np.searchsorted(self.starts, np.concatenate((picked, picked + 1)) * _SHIFT)
            lo, hi = bounds[:len(picked)], bounds[len(picked):]
            sizes = hi - lo
            taken = self.starts[_ranges(lo, sizes)]
            keys = taken - np.repeat((picked - np.arange(len(picked))) * _SHIFT, sizes)
            return keys, keys + self.width
        flat, sizes = self.source.gaps_at(picked)
        keys = positions_of(flat, sizes) + np.repeat(np.arange(len(picked)) * _SHIFT, sizes)
        return keys, keys


def _ranges(lo: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Every index ``lo[i] .. lo[i] + sizes[i] - 1``, for all i at once, in order."""
    return np.repeat(lo - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))


def together_counts(spans: list[tuple[np.ndarray, np.ndarray]], n: int) -> np.ndarray:
    """For each of ``n`` articles, how many times the runs (``spans``: each run's keys of
    starts and ends, as ``_PartHits.spans`` gives them, in typed order) follow one another,
    each starting at most NEAR_GAP characters after the previous one ends. In a gram field
    each character takes one position and a run's span covers its bigrams, so a run right
    after another (or after one space or punctuation mark) starts two positions after its
    end. What ``collector_ranking._together`` counts in one article, for all at once: from
    each span of the first run, the first span of the next run starting after its end."""
    _, end = spans[0]
    for begins, ends in spans[1:]:
        after = np.searchsorted(begins, end, side="right")
        near = after < len(begins)
        near[near] = begins[after[near]] <= end[near] + 2 + NEAR_GAP
        end = ends[after[near]]
    return np.bincount(end // _SHIFT, minlength=n)


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
    order = sorted(range(len(grams)), key=lambda i: df(field, grams[i]))
    for i in order:
        lists[i] = read_postings(reader, field, grams[i], values=True, within=ids,
                                 present=True)
        ids = lists[i].ids if ids is None else np.intersect1d(ids, lists[i].ids,
                                                              assume_unique=True)
    if not len(ids):
        return ids, np.empty(0), np.empty(0, dtype=np.int64)
    keys = None
    for offset in order:
        keys = lists[offset].phrase_keys(np.searchsorted(lists[offset].ids, ids), offset, keys)
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


def _part_hits(reader, run: str, part: str, average, boost_of, cache,
               within: np.ndarray | None, df) -> _PartHits:
    """``run`` in ``part`` of the segment: in all its articles, or at least in those of
    ``within``; ``average(field)`` is the field's average length in the whole index."""
    weight, b = _PARTS[part]
    if len(run) == 1:
        name = f"{part}_c"
        p = _postings(cache, reader, name, run, False, within, df)
        return _PartHits(p.ids, p.weights / boost_of(name), name, weight, b,
                         average(name), 0)
    name = f"{part}_g"
    grams = _grams(run)
    if len(grams) == 1:
        p = _postings(cache, reader, name, grams[0], True, within, df)
        return _PartHits(p.ids, p.weights / boost_of(name), name, weight, b, average(name),
                         0, source=p)
    key = (segment_key(reader), name, tuple(grams))
    if within is None or _most(within, min(df(name, g) for g in grams)):
        ids, counts, starts = cache.postings.get(
            key, lambda: _phrase(reader, name, grams, df),
            lambda found: len(found[0]) + len(found[2]))
    else:
        ids, counts, starts = (cache.postings.peek(key)
                               or _phrase(reader, name, grams, df, within))
    return _PartHits(ids, counts, name, weight, b, average(name), len(grams) - 1,
                     starts=starts)


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
    upper bound of each one's bonus, and ``bonuses(docnums)``."""

    ids: np.ndarray
    base: np.ndarray
    bound: np.ndarray
    _segments: list[_Segment] = field(repr=False, default_factory=list)
    _offsets: list[int] = field(repr=False, default_factory=list)
    _chain: list[int] = field(repr=False, default_factory=list)  # runs of 2+ characters
    _idf: float = 0.0
    _boost: float = 1.0
    _lengths: object = None  # field -> every document's length of it (global numbers)
    _parts: list[list[_PartHits]] | None = field(repr=False, default=None)

    def bonuses(self, docnums: np.ndarray) -> np.ndarray:
        """The bonus of each article of ``docnums`` (global numbers) for its runs standing
        together (0.0 for one not matching this query: a match of another clause of an
        Or), summed over the parts in order as ``_RunsMatcher`` does."""
        bonus = np.zeros(len(docnums))
        if len(self._chain) < 2 or not len(self.ids):
            return bonus
        at = np.minimum(np.searchsorted(self.ids, docnums), len(self.ids) - 1)
        matching = self.ids[at] == docnums
        docs = docnums[matching]
        total = np.zeros(len(docs))
        for together in self._joined():
            chosen, where = np.arange(len(docs)), []
            for p in together:
                if not len(p.ids):  # a run no article has in this part
                    chosen = chosen[:0]
                    break
                at = np.minimum(np.searchsorted(p.ids, docs[chosen]), len(p.ids) - 1)
                having = p.ids[at] == docs[chosen]
                chosen = chosen[having]
                where = [w[having] for w in where] + [at[having]]
            if not len(chosen):
                continue
            counts = together_counts([p.spans(w) for p, w in zip(together, where, strict=True)],
                                     len(chosen))
            hit = counts > 0
            first = together[0]
            lengths = self._lengths(first.field)[docs[chosen[hit]]]
            total[chosen[hit]] += self._idf * first.saturate(
                counts[hit].astype(np.float64), lengths)
        bonus[matching] = self._boost * total
        return bonus

    def _joined(self) -> list[list[_PartHits]]:
        """For each part, the chain's runs (``_chain``) with their hits in every segment
        joined into one ``_PartHits`` of global document numbers (made once, when a first
        bonus is asked for)."""
        if self._parts is None:
            parts = len(self._segments[0].runs[0]) if self._segments else 0
            self._parts = [[_PartHits.joined([s.runs[r][k] for s in self._segments],
                                             self._offsets) for r in self._chain]
                           for k in range(parts)]
        return self._parts


def run_scores(searcher, query, cache) -> RunScores:
    """The RunScores of ``query`` (a RunsQuery) in ``searcher`` (the top searcher), with
    ``cache`` (``facets.FacetCache``: a segment's field lengths, and recent postings)."""
    lengths = cache.lengths
    parent = searcher.get_parent()
    schema = parent.schema

    def boost_of(name: str) -> float:
        return schema[name].format.field_boost

    @functools.cache
    def average(name: str) -> float:
        return parent.avg_field_length(name) or 1.0

    leaves = [(s.reader(), offset) for s, offset in parent.leaf_searchers()]
    frequencies = _Frequencies([reader for reader, _ in leaves])
    idfs = [_idf(parent, _estimate(frequencies, r, query.where)) for r in query.runs]
    chain_runs = [i for i, r in enumerate(query.runs) if len(r) > 1]
    chain_idf = min((idfs[i] for i in chain_runs), default=0.0)
    segments, ids, base, bound = [], [], [], []
    for seg, (reader, offset) in enumerate(leaves):
        runs = _runs_in(reader, query, average, boost_of, cache, frequencies.of_segment(seg))
        segment = _score_segment(runs, idfs, chain_runs, chain_idf, query.boost,
                                 lambda name, reader=reader: lengths(reader, name),
                                 reader.doc_count_all())
        segments.append(segment)
        ids.append(segment.ids + offset)
        base.append(segment.base)
        bound.append(segment.bound)
    readers = [reader for reader, _ in leaves]

    @functools.cache
    def every_length(name: str) -> np.ndarray:
        return np.concatenate([lengths(reader, name) for reader in readers])
    return RunScores(
        np.concatenate(ids) if ids else np.empty(0, dtype=np.int64),
        np.concatenate(base) if base else np.empty(0),
        np.concatenate(bound) if bound else np.empty(0),
        segments, [offset for _, offset in leaves], chain_runs, chain_idf, query.boost,
        every_length)


def _runs_in(reader, query, average, boost_of, cache, df) -> list[list[_PartHits]]:
    """Each run's hits in each part of the segment. The rarest run is read whole; of the
    others only what the articles having all the runs read so far need."""
    runs: list[list[_PartHits]] = [[] for _ in query.runs]
    order = sorted(range(len(query.runs)),
                   key=lambda i: _frequency(df, query.runs[i], query.where))
    n = reader.doc_count_all()
    matching = None
    for i in order:
        within = None if matching is None else np.flatnonzero(matching)
        runs[i] = [_part_hits(reader, query.runs[i], part, average, boost_of, cache, within,
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
    def add(total: np.ndarray, where: np.ndarray, idf: float, p: _PartHits) -> None:
        add_scores(total, where, p.ids, p.counts, lengths(p.field), idf, p.weight, p.b,
                   p.average)
    matching = np.ones(n, dtype=bool)
    for parts in runs:
        matching &= _having(parts, n)
    base, bound = np.zeros(n), np.zeros(n)
    for idf, parts in zip(idfs, runs, strict=True):
        for p in parts:
            add(base, matching, idf, p)
    if len(chain_runs) > 1:
        for k in range(len(runs[0])):
            everywhere = matching.copy()
            for r in chain_runs:
                everywhere &= _having([runs[r][k]], n)
            add(bound, everywhere, chain_idf, runs[chain_runs[0]][k])
    ids = np.flatnonzero(matching)
    return _Segment(runs, ids, boost * base[ids], boost * bound[ids])


def _having(parts: list[_PartHits], n: int) -> np.ndarray:
    """Which of the segment's ``n`` documents have the run in one of ``parts``."""
    having = np.zeros(n, dtype=bool)
    for p in parts:
        having[p.ids] = True
    return having
