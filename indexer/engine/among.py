"""Which of a few articles each of many requests matches, in a Whoosh index: how saved
searches (``indexer.saved``) are checked against the articles a commit just added.

The articles are looked up once by id. They lie in the segments the commit wrote (or in
the small segments a merge made of them), so each request is matched only there: over a
searcher of each such segment alone, unscored, over posting arrays (``matching_ids``, what
``count`` does), then narrowed to the articles. No article is read, and the cost follows
the size of the new segments, not of the archive.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from whoosh.searching import Searcher

from indexer.results import SearchRequest

from .matching import matching_ids
from .search import match_query
from .store import ArchiveIndex


def matching_among(index: ArchiveIndex, requests: Sequence[SearchRequest],
                   ids: Collection[str]) -> list[frozenset[str]]:
    """For each of ``requests``, the ids among ``ids`` it matches exactly. Raises
    QuerySyntaxError, InvalidRequest (before any matching), IndexNotFound."""
    queries = [match_query(index, request) for request in requests]
    found: list[set[str]] = [set() for _ in queries]
    with index.reading() as searcher:
        numbers: dict[int, str] = {}
        for article_id in dict.fromkeys(ids):
            docnum = searcher.document_number(id=article_id)
            if docnum is not None:
                numbers[docnum] = article_id
        among = np.fromiter(sorted(numbers), dtype=np.int64, count=len(numbers))
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            local = among[(among >= offset) & (among < offset + reader.doc_count_all())]
            if not len(local):
                continue
            alone = Searcher(reader, closereader=False)  # this segment as a whole index
            for query, matched in zip(queries, found, strict=True):
                docs = np.intersect1d(matching_ids(alone, query, index.facet_cache) + offset,
                                      local, assume_unique=True)
                matched.update(numbers[int(d)] for d in docs)
    return [frozenset(m) for m in found]
