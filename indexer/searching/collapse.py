"""Collapsing identical texts into one hit: the same long document printed on several pages,
a reprint in another issue or paper.

Articles with the same ``body_key`` (a hash of the normalised body, empty for short bodies,
which are too often alike by chance) are one text. A text is shown once, at the rank of its
best-ranked printing; its other printings that match the query are listed with that hit
("also on page 3") and never shown on their own. Collapsing runs over the ranking from the
top, so pages are dense and join up: page k holds hits k·limit … (k+1)·limit − 1 of the
collapsed ranking.

``SearchResults.total`` stays the number of matching articles (what ``count``, the facets
and exports count); ``SearchResults.collapsed`` is how many of them are folded into another
hit, so there are ``total - collapsed`` hits to page through.

Everything here reads columns, never a stored document: ``body_key``, and a printing's
paper, date and page, as tables of the searcher's documents (``FacetCache.joined``), and a
printing's id.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.article import Article
from indexer.results import Printing, in_print_order
from indexer.text.normalize import normalize


def body_key(article: Article) -> str:
    """A key equal for articles whose bodies are the same (reprints, a long document printed
    on several pages); empty for short bodies, which are too often alike by chance."""
    text = normalize(article.body)
    if len(text) < 80:
        return ""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Group:
    """One result: the hit's document number and those of its other printings."""

    docnum: int
    printings: tuple[int, ...] = ()


# A Printing's fields after its id, in order, each read from a table of the searcher's
# documents (``FacetCache.joined``); the id is read from its column.
PRINTED = ("source", "date", "page")


class Collapser:
    """Body keys of one searcher's documents, by global document number."""

    def __init__(self, searcher, cache) -> None:
        self._leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self._starts = [offset for _, offset in self._leaves]
        self._searcher = searcher
        self._keys = cache.joined(searcher, "body_key")  # numbers of every document's key
        self._cache = cache
        self._ids: list[list] | None = None  # each segment's ids, once a printing is shown

    def key(self, docnum: int) -> str:
        """The body key of ``docnum`` ("" when its body is too short to collapse)."""
        return self._keys.labels[self._keys.codes[docnum]]

    def count(self, docnums: np.ndarray) -> int:
        """How many hits ``docnums`` (distinct) make once identical texts are collapsed
        (counted over the keys' numbers, with numpy)."""
        numbers = self._keys.codes[docnums]
        keyed = numbers[numbers != self._cache.number("body_key", "")]
        seen = np.zeros(len(self._keys.labels), dtype=bool)
        seen[keyed] = True
        return len(docnums) - len(keyed) + int(np.count_nonzero(seen))

    def page(self, ranked: Sequence[int], offset: int, limit: int, complete: bool
             ) -> list[int] | None:
        """The hits ``offset`` … ``offset + limit - 1`` of ``ranked`` (document numbers in
        rank order; ``complete`` when it holds every match) once collapsed: each article
        whose text has not shown at a better rank. None when ``ranked`` is too short to
        tell (rank more and ask again)."""
        if limit == 0:
            return []
        seen: set[str] = set()
        reps: list[int] = []
        for d in ranked:
            k = self.key(d)
            if k:
                if k in seen:
                    continue
                seen.add(k)
            reps.append(d)
            if len(reps) == offset + limit:
                return reps[offset:]
        return reps[offset:] if complete else None

    def groups(self, reps: Sequence[int], matches: np.ndarray) -> list[Group]:
        """``reps`` with the other matching printings of each (in document order)."""
        wanted = {self.key(d): d for d in reps if self.key(d)}
        others: dict[int, list[int]] = {d: [] for d in reps}
        if wanted:
            for d in self._having(matches, set(wanted)):
                rep = wanted.get(self.key(d))
                if rep is not None and rep != d:
                    others[rep].append(d)
        return [Group(d, tuple(others[d])) for d in reps]

    def _having(self, docnums: np.ndarray, keys: set[str]) -> list[int]:
        """The document numbers of ``docnums`` whose body key is one of ``keys``."""
        wanted = np.zeros(len(self._keys.labels), dtype=bool)
        numbers = [self._cache.number("body_key", k) for k in keys]
        wanted[[n for n in numbers if n >= 0]] = True
        return np.sort(docnums[wanted[self._keys.codes[docnums]]]).tolist()

    def printings(self, docnums: Sequence[int]) -> tuple[Printing, ...]:
        """Where each of ``docnums`` appeared, in date and page order, from columns."""
        tables = self._cache.joined_tables(self._searcher, PRINTED)
        if self._ids is None:
            # Each segment's ids are read once into the cache (opening a column reader
            # reads all its offsets: too slow to do for every printing of every search).
            self._ids = [self._cache.values(reader, "id") for reader, _ in self._leaves]
        out = []
        for d in docnums:
            seg = bisect_right(self._starts, d) - 1
            ids, local = self._ids[seg], d - self._starts[seg]
            out.append(Printing((ids[local] if local < len(ids) else "") or None,
                                *(t.labels[t.codes[d]] or None for t in tables)))
        return in_print_order(out)
