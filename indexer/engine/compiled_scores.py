"""The BM25F sums of the array ranking (``array_scores``) in a loop compiled by numba
(``jit``).

Summing one run's scores in one part of a segment takes a dozen numpy passes over its
postings (the matching ones picked, their counts and lengths gathered, the saturation's six
operations, the scatter-add); each costs microseconds of overhead whatever its size, and a
query does it for every run, part and segment. The loop does it in one pass. The score of
each posting is ``collector_ranking.saturate`` itself, compiled: the same operations in the
same order, so the scores stay those of Whoosh's collector path.
"""
from __future__ import annotations

from .collector_ranking import saturate
from .jit import compiled

_saturate = compiled(saturate)


@compiled
def add_scores(total, matching, ids, counts, lengths, idf, weight, b, average):
    """Add ``idf`` times the saturated frequency (``saturate``) of each posting (document
    ``ids[i]``, ``counts[i]`` times, of length ``lengths[ids[i]]``) of a document that is
    ``matching`` to its ``total``."""
    documents = len(total)
    for i in range(len(ids)):
        d = ids[i]
        if d < 0 or d >= documents:
            raise IndexError("a document number beyond the segment")
        if matching[d]:
            total[d] += idf * _saturate(counts[i], lengths[d], weight, b, average)
