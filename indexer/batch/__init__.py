"""Batch queries: a file of queries in; for each its total, its counts per period and its hits
out, in files written as the run goes so that an interrupted batch resumes where it stopped.

``input`` reads the query file, ``runner`` runs it through a backend, ``output`` writes the
summary, counts and hits files (CSV or JSONL).
"""
from __future__ import annotations

from .input import BatchInputError, QuerySpec, count_queries, read_queries
from .output import FORMATS, output_paths
from .runner import BatchOptions, BatchReport, read_state, run_batch

__all__ = [
    "FORMATS", "BatchInputError", "BatchOptions", "BatchReport", "QuerySpec", "count_queries",
    "output_paths", "read_queries", "read_state", "run_batch",
]
