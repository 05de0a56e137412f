"""BM25F's saturated frequency: the one formula both ranking paths score with, for one
posting (``collector_ranking``), for arrays (numpy) and, compiled by numba (``jit``), summed
over the postings of a run in one part of a segment (``add_scores``, for ``array_scores``).

The compiled loop is kept in this module with the formula it calls: numba's cache takes a
compiled function for stale only when the file of its own source changes, so a loop kept in
another module would go on using the formula it was first compiled with after the formula
changed here.
"""
from __future__ import annotations

import functools

K1 = 1.2


def saturate(count, length, weight: float, b: float, average: float):
    """BM25F's saturated, length-normalised frequency of a run in a part, times the part's
    weight: for one count and length (floats) or for arrays of them (numpy), with the same
    operations in the same order, so both ranking paths give the same scores."""
    tf = count / (1 - b + b * length / average)
    return weight * tf * (K1 + 1) / (tf + K1)


def add_scores(total, matching, ids, counts, lengths, idf: float, weight: float, b: float,
               average: float) -> None:
    """Add ``idf`` times ``saturate`` of each posting (document ``ids[i]``, ``counts[i]``
    times, of length ``lengths[ids[i]]``) of a document that is ``matching`` to its
    ``total`` (arrays over the segment's documents), in one compiled pass where numpy
    would take a dozen, each with microseconds of overhead. Raises IndexError for a
    document number beyond ``total``."""
    _compiled_add_scores()(total, matching, ids, counts, lengths, idf, weight, b, average)


def _add_scores(total, matching, ids, counts, lengths, idf, weight, b, average):
    documents = len(total)
    for i in range(len(ids)):
        d = ids[i]
        if d < 0 or d >= documents:
            raise IndexError("a document number beyond the segment")
        if matching[d]:
            total[d] += idf * _saturate(counts[i], lengths[d], weight, b, average)


_saturate = saturate  # compiled by ``_compiled_add_scores`` before the loop that calls it


@functools.cache
def _compiled_add_scores():
    global _saturate
    from .jit import compiled  # numba, imported on first use
    _saturate = compiled(saturate)
    return compiled(_add_scores)
