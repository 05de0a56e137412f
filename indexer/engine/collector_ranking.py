"""Relevance: BM25 over the runs of characters the user typed, heading weighted above body.

A typed run ("新冠肺炎", "医疗队") is one term, whatever jieba would make of it. ``RunQuery``
matches the articles that have the run exactly (a phrase of character bigrams, or a single
character) in the heading (引题, title, 副题) or the body, and scores it per part with BM25
on the run's own occurrences, the parts weighted (heading ``TITLE_WEIGHT``, body 1)::

    tf_part = count / (1 − b + b · length / average length)
    score = idf · Σ_part weight · tf_part · (k1 + 1) / (tf_part + k1)

(Whoosh's BM25F: each part saturated on its own, so a heading match is not drowned by many
body mentions, as it is when the parts' counts are summed before saturating; measured in
``bench/quality.py``.) A run counts as one term, not as the sum of its bigrams, so a long
common run does not outweigh a short rare one. ``TogetherQuery`` (an optional ranking clause)
scores the articles where several typed runs stand together as typed: in order, at most
``NEAR_GAP`` characters apart, scored the same way with the smallest idf of the runs.

Counts come from the postings (phrase spans, term frequencies); lengths from the per-field
length columns: nothing reads a stored document. The idf of a run is estimated from the
document frequency of its rarest bigram (the exact frequency of a phrase would need a pass
over its postings).
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import matching
from whoosh import query as wq
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.util import make_binary_tree

from .bm25 import saturate

TITLE_WEIGHT = 2.0  # a heading match weighs twice a body match
TITLE_B = 0.5  # length normalisation of headings (short, of similar lengths)
BODY_B = 0.75
NEAR_GAP = 2  # characters allowed between runs that "stand together"

_PARTS = {"title": (TITLE_WEIGHT, TITLE_B), "body": (1.0, BODY_B)}


def _grams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def run_query(run: str, part: str) -> tuple[str, wq.Query]:
    """The field and query finding ``run`` in ``part`` (title or body)."""
    if len(run) == 1:
        return f"{part}_c", wq.Term(f"{part}_c", run)
    grams = _grams(run)
    if len(grams) == 1:
        return f"{part}_g", wq.Term(f"{part}_g", grams[0])
    return f"{part}_g", wq.Phrase(f"{part}_g", grams)


def _doc_frequency(searcher, run: str, parts: Sequence[str]) -> int:
    """How many articles have ``run`` in ``parts`` (estimated, see ``_estimate``)."""
    return _estimate(searcher.get_parent().reader(), run, parts)


def _idf(searcher, df: int) -> float:
    n = searcher.get_parent().doc_count()
    df = min(df, n)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@dataclass
class _Part:
    """One run's matcher in one part (title or body), and what scoring it needs."""

    matcher: object
    part: str
    field: str
    weight: float
    b: float
    average: float
    boost: float  # the field's index-time boost, divided out of term weights
    phrase: bool  # a phrase of bigrams (count its spans), else a term (its frequency)
    positions: bool  # the field has positions (gram fields), for standing together

    def here(self, docnum: int) -> bool:
        return self.matcher.is_active() and self.matcher.id() == docnum

    def count(self) -> float:
        return len(self.matcher.spans()) if self.phrase else self.matcher.weight() / self.boost


class _RunsMatcher(WrappingMatcher):
    """Articles with every run (the intersection of each run's union over the parts),
    scored: each run by BM25 per part, weighted, plus the same for the runs standing
    together."""

    def __init__(self, child, runs: list[list[_Part]], idfs: list[float], reader,
                 boost: float = 1.0):
        super().__init__(child, boost)
        self._runs = runs
        self._idfs = idfs
        self._reader = reader

    def copy(self):
        return _RunsMatcher(self.child.copy(), self._runs, self._idfs, self._reader,
                            self.boost)

    def replace(self, minquality=0):
        return self  # keeps the parts' matchers, which score() reads

    def supports_block_quality(self) -> bool:
        return False

    def _saturated(self, docnum: int, p: _Part, count: float) -> float:
        length = self._reader.doc_field_length(docnum, p.field, 1) or 1
        return saturate(count, length, p.weight, p.b, p.average)

    def score(self) -> float:
        docnum = self.child.id()
        total = 0.0
        for idf, parts in zip(self._idfs, self._runs, strict=True):
            total += idf * sum(self._saturated(docnum, p, p.count())
                               for p in parts if p.here(docnum))
        chain = [parts for parts in self._runs if parts[0].positions]
        if len(chain) > 1:
            idf = min(i for i, parts in zip(self._idfs, self._runs, strict=True)
                      if parts[0].positions)
            for k in range(len(chain[0])):
                together = [parts[k] for parts in chain]
                if all(p.here(docnum) for p in together):
                    found = _together(p.matcher.spans() for p in together)
                    if found:
                        total += idf * self._saturated(docnum, together[0], found)
        return self.boost * total


def _together(span_lists) -> int:
    """How many times the runs (their spans, in typed order) follow one another, each
    starting at most NEAR_GAP characters after the previous one ends. In a gram field each
    character takes one position and a run's span covers its bigrams, so a run right after
    another (or after one space or punctuation mark) starts two positions after its end."""
    lists = [sorted(spans) for spans in span_lists]
    starts = [[s.start for s in spans] for spans in lists]
    count = 0
    for first in lists[0]:
        end = first.end
        for spans, begins in zip(lists[1:], starts[1:], strict=True):
            # The first span starting after ``end`` (a binary search: spans are sorted).
            i = bisect_right(begins, end)
            if i == len(spans) or spans[i].start > end + 2 + NEAR_GAP:
                break
            end = spans[i].end
        else:
            count += 1
    return count


def _estimate(reader, run: str, parts: Sequence[str]) -> int:
    """Articles having ``run`` in ``parts``, estimated: those having its rarest bigram (or
    its character) in the part where it is most frequent (a heading's words are mostly in
    the body too)."""
    pieces = [run] if len(run) == 1 else _grams(run)
    suffix = "_c" if len(run) == 1 else "_g"
    return min(max(reader.doc_frequency(f"{p}{suffix}", piece) for p in parts)
               for piece in pieces)


class RunsQuery(wq.Query):
    """Articles with every run of ``runs`` (normalised text: letters, digits, CJK) in one
    of the parts ``where`` (title, body), scored by BM25 per run, heading weighted above
    body, plus a bonus where the runs of two characters or more stand together as typed."""

    def __init__(self, runs: Sequence[str], where: tuple[str, ...], boost: float = 1.0
                 ) -> None:
        self.runs = tuple(runs)
        self.where = tuple(where)
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((self.runs, self.where, self.boost))

    def __repr__(self) -> str:
        return f"RunsQuery({self.runs!r}, {self.where!r}, boost={self.boost})"

    def __str__(self) -> str:
        return f"{'|'.join(self.where)}:" + " ".join(f"“{r}”" for r in self.runs)

    def is_leaf(self) -> bool:
        return False

    def children(self):
        return []

    def estimate_size(self, ixreader) -> int:
        return min(_estimate(ixreader, r, self.where) for r in self.runs)

    def matcher(self, searcher, context=None):
        schema = searcher.schema
        parent = searcher.get_parent()
        runs: list[list[_Part]] = []
        unions = []
        for run in self.runs:
            parts = []
            for part in self.where:
                field, q = run_query(run, part)
                m = q.matcher(searcher, context)
                weight, b = _PARTS[part]
                parts.append(_Part(m, part, field, weight, b,
                                   parent.avg_field_length(field) or 1.0,
                                   schema[field].format.field_boost,
                                   isinstance(q, wq.Phrase), len(run) > 1))
            live = [p.matcher for p in parts if p.matcher.is_active()]
            if not live:
                return matching.NullMatcher()
            runs.append(parts)
            unions.append(make_binary_tree(matching.UnionMatcher, live))
        child = make_binary_tree(matching.IntersectionMatcher, unions)
        idfs = [_idf(searcher, _doc_frequency(searcher, r, self.where)) for r in self.runs]
        return _RunsMatcher(child, runs, idfs, searcher.reader(), self.boost)
