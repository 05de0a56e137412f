"""The archive on one machine: a Whoosh index folder. The only package that imports Whoosh;
within it, ``whoosh_private`` alone touches Whoosh's private names.

- the index: ``store`` (opening, creating), ``schema`` and ``analyzers`` (three views of the
  text: words, bigrams, characters), ``documents`` (articles read back);
- writing: ``writing`` (add, replace, remove; one writer at a time: ``locking``),
  ``parallel`` and ``segment_builder``/``term_writer`` (segments built in worker processes,
  written in Whoosh's format), ``merging``, ``check``;
- searching: ``compile_query`` (the query tree to Whoosh queries), ``search`` (a page of
  results), ranked over posting arrays (``array_ranking``, ``array_scores``, ``postings``) or
  by Whoosh's collector (``collector_ranking``: date sorts and the looser retry), with
  ``facets``, ``loose``, ``trend``/``trend_columns``, ``browse``, ``similar``, ``stats``,
  ``warm``;
- ``backend``: ``WhooshBackend``, all of the above behind ``indexer.backend.SearchBackend``.
"""
from __future__ import annotations

from .backend import WhooshBackend

__all__ = ["WhooshBackend"]
