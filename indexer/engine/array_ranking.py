"""Relevance ranking over arrays: every match of a query found and scored at once, the costly
bonus computed only for the articles that can still reach the top.

``matches(searcher, query, cache)`` walks the compiled Whoosh query (``compile_query``):
``RunsQuery`` leaves are scored over whole posting arrays (``array_scores``), ``And`` and
``Or`` add their children's scores as Whoosh does, ``Not`` adds none and the other leaves (a
source, an author, a date range) add 1.0, as Whoosh scores them. The result is the same
ranking as Whoosh's collector with ``collector_ranking._RunsMatcher``, without a Python step
per match: ``Ranking.top(k)`` computes the "together as typed" bonus in the order of each
article's best possible score and stops when no article left can beat the k-th, or after
``MAX_BONUS`` articles with a possible bonus (then the ranking below that is by the scores
without it).

A query of another shape (a boosted clause, an Or needing several of its clauses) raises
``Unsupported``: the caller ranks it with Whoosh's collector.

``Ranking(scored, first)`` puts the articles of ``first`` (those with the headline the query
asks for, ``indexer.searching.headlines``) before all others, each part in the order above,
with their own scores."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.query.terms import MultiTerm

from .array_scores import RunScores, run_scores
from .collector_ranking import RunsQuery
from .postings import cached_postings
from .whoosh_private import term_texts

MAX_BONUS = 500  # articles whose bonus is computed at most (beyond top-k proof), per query
FIRST_BONUSES = 16  # bonuses computed in one batch at first; each next batch doubles
FIRST_LOOK = 1024  # articles put in order at first (all of them only when not enough)

_NO_IDS = np.empty(0, dtype=np.int64)


class Unsupported(Exception):
    """A query this module does not rank (the caller falls back to Whoosh)."""


@dataclass
class Scored:
    """Matches (global document numbers, ascending) with their scores without the bonus,
    an upper bound of that bonus, and where it comes from."""

    ids: np.ndarray
    score: np.ndarray
    bound: np.ndarray
    sources: list[RunScores] = field(default_factory=list)

    @classmethod
    def constant(cls, ids: np.ndarray, score: float) -> Scored:
        return cls(ids, np.full(len(ids), score), np.zeros(len(ids)))


def matches(searcher, q: wq.Query, cache) -> Scored:
    """Every match of ``q`` in ``searcher`` (a top searcher), scored; ``cache`` is the
    index's ``facets.FacetCache`` (field lengths, recent postings). Raises Unsupported."""
    if getattr(q, "boost", 1.0) != 1.0:
        raise Unsupported(q)
    if isinstance(q, RunsQuery):
        found = run_scores(searcher, q, cache)
        return Scored(found.ids, found.base, found.bound, [found])
    if isinstance(q, wq.And):
        kept = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        if not kept:
            kept = [wq.Every()]
        out = matches(searcher, kept[0], cache)
        for child in kept[1:]:
            out = both(out, matches(searcher, child, cache))
        for child in q.subqueries:
            if isinstance(child, wq.Not):  # Whoosh scores "does not have it" 1.0
                out = _without(out, ids_of(searcher, child.query, cache))
                out.score += 1.0
        return out
    if isinstance(q, wq.Or):
        if getattr(q, "minmatch", 0) > 1 or getattr(q, "scale", None):
            raise Unsupported(q)
        out = None
        for child in q.subqueries:
            found = matches(searcher, child, cache)
            out = found if out is None else _either(out, found)
        return out if out is not None else Scored.constant(_NO_IDS, 0.0)
    # A metadata term, a range of dates: Whoosh scores each match 1.0.
    return Scored.constant(ids_of(searcher, q, cache), 1.0)


def ids_of(searcher, q: wq.Query, cache) -> np.ndarray:
    """The global document numbers matching ``q``, ascending, unscored."""
    if isinstance(q, wq.Term | MultiTerm | wq.Every):
        parts = []
        for s, offset in searcher.leaf_searchers():
            reader = s.reader()
            parts.append(_leaf_ids(reader, q, cache) + offset)
        return np.concatenate(parts) if parts else _NO_IDS
    if isinstance(q, wq.Not):
        return np.setdiff1d(ids_of(searcher, wq.Every(), cache),
                            ids_of(searcher, q.query, cache), assume_unique=True)
    if isinstance(q, RunsQuery | wq.And | wq.Or):
        return matches(searcher, q, cache).ids
    found = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
    return np.unique(found)


def _leaf_ids(reader, q: wq.Query, cache) -> np.ndarray:
    if isinstance(q, wq.Every):
        every = np.arange(reader.doc_count_all(), dtype=np.int64)
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        return np.setdiff1d(every, list(deleted)) if deleted else every
    if isinstance(q, wq.Term):
        texts = [q.text]
    else:
        texts = list(term_texts(q, reader))  # the terms of a range or prefix in this segment
    lists = [cached_postings(cache.postings, reader, q.fieldname, t).ids for t in texts]
    if not lists:
        return _NO_IDS
    if len(lists) == 1:
        return lists[0]
    having = np.zeros(reader.doc_count_all(), dtype=bool)  # marks: no sort, no hashing
    for ids in lists:
        having[ids] = True
    return np.flatnonzero(having)


def both(a: Scored, b: Scored) -> Scored:
    """The articles of both, their scores added (Whoosh's And)."""
    ids, ia, ib = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    return Scored(ids, a.score[ia] + b.score[ib], a.bound[ia] + b.bound[ib],
                  a.sources + b.sources)


def _either(a: Scored, b: Scored) -> Scored:
    ids = np.union1d(a.ids, b.ids)
    score, bound = np.zeros(len(ids)), np.zeros(len(ids))
    for part in (a, b):
        at = np.searchsorted(ids, part.ids)
        score[at] += part.score
        bound[at] += part.bound
    return Scored(ids, score, bound, a.sources + b.sources)


def _without(a: Scored, ids: np.ndarray) -> Scored:
    keep = ~np.isin(a.ids, ids, assume_unique=True)
    return Scored(a.ids[keep], a.score[keep], a.bound[keep], a.sources)


class Ranking:
    """The matches of a query in rank order (those of ``first`` before the others, then
    score descending, then document number)."""

    def __init__(self, scored: Scored, first: np.ndarray | None = None) -> None:
        self.ids = scored.ids
        self._final = scored.score.copy()  # exact once the bonus is added
        self._bound = scored.bound
        self._sources = scored.sources
        self._possible = scored.score + scored.bound
        # The articles of ``first`` are ordered as if lifted above every possible score of
        # the others (scores are never negative); their scores stay their own.
        self._lift = np.zeros(len(self.ids))
        if first is not None and len(first) and len(self.ids):
            lifted = np.isin(self.ids, first, assume_unique=True)
            self._lift[lifted] = float(self._possible.max()) + 1.0
            self._possible = self._possible + self._lift
        self._order = _best_first(self._possible, scored.ids, FIRST_LOOK)
        self._done = 0  # articles of ``_order`` looked at
        self._computed = 0  # of those, bonuses computed
        self._bonus = np.full(len(self.ids), np.nan)  # computed ahead, NaN: not yet

    def __len__(self) -> int:
        return len(self.ids)

    def top(self, k: int) -> list[tuple[float, int]]:
        """The first ``k`` (score, document number) of the ranking; exact for the first
        ``k`` unless more than MAX_BONUS bonuses were needed to prove it."""
        if k <= 0:
            return []
        self._settle(k)
        final = self._final + self._lift
        n = len(final)
        if k < n:
            picked = np.argpartition(-final, k - 1)[:k]
            # Ties at the k-th score: take the lowest document numbers, as Whoosh does.
            kth = final[picked].min()
            picked = np.concatenate((np.flatnonzero(final > kth),
                                     np.flatnonzero(final == kth)))
        else:
            picked = np.arange(n)
        order = picked[np.lexsort((self.ids[picked], -final[picked]))][:k]
        return list(zip(self._final[order].tolist(), self.ids[order].tolist(), strict=True))

    def _settle(self, k: int) -> None:
        """Add the bonus of articles, best possible score first, until the k-th best
        known score beats every article not looked at."""
        order, ids, final, bound, lift = (self._order, self.ids, self._final, self._bound,
                                          self._lift)
        best: list[float] = []  # the k best known scores, lifted (a min-heap)
        for i in order[:self._done].tolist():
            _push(best, final[i] + lift[i], k)
        while self._done < len(ids):
            if self._done == len(order):  # every article, best first, this time
                order = self._order = _best_first(self._possible, ids, len(ids))
            i = int(order[self._done])
            possible = final[i] + lift[i] + bound[i]
            if len(best) >= k and best[0] > possible:
                return
            if bound[i] > 0:
                if self._computed >= MAX_BONUS:
                    return
                if np.isnan(self._bonus[i]):
                    self._compute_bonuses(order[self._done:])
                final[i] += self._bonus[i]
                self._computed += 1
            _push(best, final[i] + lift[i], k)
            self._done += 1

    def _compute_bonuses(self, ahead: np.ndarray) -> None:
        """Compute the bonuses of the next articles of ``ahead`` (the ranking's order from
        the one that needs its bonus now) that may have one: as many as were computed so
        far (at least FIRST_BONUSES, at most what MAX_BONUS leaves), in one batch of array
        operations. Those that turn out not to be needed are kept, not added."""
        size = min(max(FIRST_BONUSES, self._computed), MAX_BONUS - self._computed)
        wanted = ahead[:4 * size]
        wanted = wanted[(self._bound[wanted] > 0) & np.isnan(self._bonus[wanted])][:size]
        docnums = self.ids[wanted]
        total = np.zeros(len(wanted))
        for source in self._sources:
            total += source.bonuses(docnums)
        self._bonus[wanted] = total


def _best_first(possible: np.ndarray, ids: np.ndarray, count: int) -> np.ndarray:
    """Indexes of the ``count`` highest ``possible`` scores (more on a tie at the last),
    highest first, then by document number."""
    if count < len(possible):
        picked = np.argpartition(-possible, count - 1)[:count]
        picked = np.flatnonzero(possible >= possible[picked].min())
    else:
        picked = np.arange(len(possible))
    return picked[np.lexsort((ids[picked], -possible[picked]))]


def _push(heap: list[float], value: float, k: int) -> None:
    if len(heap) < k:
        heapq.heappush(heap, value)
    elif value > heap[0]:
        heapq.heapreplace(heap, value)
