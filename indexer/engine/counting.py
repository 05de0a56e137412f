"""Counting facet values over the matching articles, in loops compiled by numba (``jit``).

A multi-valued field (people, places, organisations) keeps each document's codes one after
another; numpy counts the matches' codes in several passes over all of them (the ranges,
their positions, a gather, a ``bincount``), a loop counts them in one. A document number
out of range raises IndexError.
"""
from __future__ import annotations

import numpy as np

from .jit import compiled


@compiled
def count_codes(codes, docs, labels):
    """How many of ``docs`` have each of the ``labels`` codes, document d having the code
    ``codes[d]``."""
    counts = np.zeros(labels, dtype=np.int64)
    documents = len(codes)
    for d in docs:
        if d < 0 or d >= documents:
            raise IndexError("a document number beyond the table")
        counts[codes[d]] += 1
    return counts


@compiled
def count_code_runs(codes, offsets, docs, labels):
    """How many of ``docs`` have each of the ``labels`` codes, document d having the codes
    ``codes[offsets[d]:offsets[d + 1]]`` (each at most once)."""
    counts = np.zeros(labels, dtype=np.int64)
    documents = len(offsets) - 1
    for d in docs:
        if d < 0 or d >= documents:
            raise IndexError("a document number beyond the table")
        for at in range(offsets[d], offsets[d + 1]):
            counts[codes[at]] += 1
    return counts
