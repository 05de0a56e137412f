"""The documents of one segment that match a query, as a sorted numpy array, for counting
(``indexer.trend_columns``): no scoring, no Python loop over the matches where it can be
helped.

Whoosh answers "which documents match" by stepping a tree of matchers one document at a
time in Python, and the ranked run query (``indexer.ranking.RunsQuery``) first sets up its
scoring. Counting needs neither: here a term's postings are read a block at a time into
arrays, and AND, OR, NOT and the runs of a RunsQuery (each run in the title or the body)
become numpy set operations. A query of any other kind (a phrase of bigrams, whose
positions must be read) is left to Whoosh's own unscored matcher, which is exact; reading
the positions into numpy instead was measured slower.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq

from .postings import read_postings
from .ranking import RunsQuery, run_query

EMPTY = np.empty(0, dtype=np.int64)


def matching_docs(q: wq.Query, searcher) -> np.ndarray:
    """The sorted local numbers of the documents of the segment ``searcher`` (a leaf
    searcher) that ``q`` matches."""
    if isinstance(q, wq.Term):
        return _term(searcher.reader(), q.fieldname, q.text)
    if isinstance(q, RunsQuery):
        return _intersect([_union([matching_docs(run_query(run, part)[1], searcher)
                                   for part in q.where]) for run in q.runs])
    if isinstance(q, wq.And) and q.subqueries:
        wanted = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        unwanted = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        if wanted:
            docs = _intersect([matching_docs(c, searcher) for c in wanted])
            for c in unwanted:
                if not len(docs):
                    break
                docs = np.setdiff1d(docs, matching_docs(c, searcher), assume_unique=True)
            return docs
    if isinstance(q, wq.Or) and not any(isinstance(c, wq.Not) for c in q.subqueries):
        return _union([matching_docs(c, searcher) for c in q.subqueries])
    return np.fromiter(q.docs(searcher), dtype=np.int64)  # Whoosh's own, unscored


def _term(reader, field: str, text: str) -> np.ndarray:
    return read_postings(reader, field, text).ids


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return EMPTY
    if len(arrays) == 1:
        return arrays[0]
    return np.unique(np.concatenate(arrays))


def _intersect(arrays: list[np.ndarray]) -> np.ndarray:
    arrays = sorted(arrays, key=len)
    docs = arrays[0]
    for other in arrays[1:]:
        if not len(docs):
            break
        docs = np.intersect1d(docs, other, assume_unique=True)
    return docs
