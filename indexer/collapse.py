"""Collapsing identical texts into one hit: the same long document printed on several pages,
a reprint in another issue or paper.

Articles with the same ``body_key`` (a hash of the normalised body, empty for short bodies,
which are too often alike by chance) are one text. A text is shown once, at the rank of its
best-ranked printing; its other printings that match the query are listed with that hit
("also on page 3") and skipped where their own rank comes. Pages are cut from the ranking of
articles as before collapsing, so:

- ``SearchResults.total`` stays the number of matching articles (what ``count``, the facets
  and exports count), and page k holds what remains of articles k·limit … (k+1)·limit − 1
  once printings of texts already shown are skipped: a page may show fewer than ``limit``
  hits, pages join up, and no text shows twice on a page or on two pages.

Everything here reads columns (``body_key`` through the index's per-segment cache, and a
printing's id, date, page and paper), never a stored document.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .results import Printing


@dataclass(frozen=True)
class Group:
    """One result: the hit's document number and those of its other printings."""

    docnum: int
    printings: tuple[int, ...] = ()


class Collapser:
    """Body keys of one searcher's documents, by global document number."""

    def __init__(self, searcher, cache) -> None:
        self._leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self._starts = [offset for _, offset in self._leaves]
        self._keys = [cache.values(reader, "body_key") for reader, _ in self._leaves]

    def key(self, docnum: int) -> str:
        """The body key of ``docnum`` ("" when its body is too short to collapse)."""
        seg = bisect_right(self._starts, docnum) - 1
        keys = self._keys[seg]
        local = docnum - self._starts[seg]
        return keys[local] if local < len(keys) else ""

    def page(self, ranked: Sequence[int], offset: int) -> list[int]:
        """The hits among ``ranked[offset:]`` (document numbers in rank order): each
        article whose text was not shown at a better rank."""
        seen: set[str] = set()
        reps: list[int] = []
        for i, d in enumerate(ranked):
            k = self.key(d)
            if k:
                if k in seen:
                    continue
                seen.add(k)
            if i >= offset:
                reps.append(d)
        return reps

    def groups(self, reps: Sequence[int], matches: Iterable[int]) -> list[Group]:
        """``reps`` with the other matching printings of each (in document order)."""
        wanted = {self.key(d): d for d in reps if self.key(d)}
        others: dict[int, list[int]] = {d: [] for d in reps}
        if wanted:
            for d in sorted(matches):
                rep = wanted.get(self.key(d))
                if rep is not None and rep != d:
                    others[rep].append(d)
        return [Group(d, tuple(others[d])) for d in reps]

    def printings(self, docnums: Sequence[int]) -> tuple[Printing, ...]:
        """Where each of ``docnums`` appeared, in date and page order, from columns."""
        out = []
        for d in docnums:
            seg = bisect_right(self._starts, d) - 1
            reader, start = self._leaves[seg]
            local = d - start
            out.append(Printing(
                id=_column(reader, "id", local), source=_column(reader, "source", local),
                date=_column(reader, "date", local), page=_column(reader, "page", local)))
        return tuple(sorted(out, key=lambda p: (p.date or "", _page_order(p.page), p.id)))


def _column(reader, field: str, docnum: int) -> str | None:
    if not reader.has_column(field):
        return None
    return reader.column_reader(field)[docnum] or None


def _page_order(page: str | None) -> tuple[int, str]:
    digits = "".join(ch for ch in page or "" if ch.isdigit())
    return (int(digits) if digits else 0, page or "")
