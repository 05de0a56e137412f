"""Which of a few articles each of many requests matches, in a Whoosh index: how saved
searches (``indexer.saved``) are checked against the articles a commit just added.

The articles are looked up once by id; each request is then matched unscored over posting
arrays (``matching.matching_ids``, what ``count`` does) and narrowed to them. No article is
read, so checking a hundred saved searches costs a hundred counts, whatever the articles.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from indexer.results import SearchRequest

from .matching import matching_ids
from .search import match_query
from .store import ArchiveIndex


def matching_among(index: ArchiveIndex, requests: Sequence[SearchRequest],
                   ids: Collection[str]) -> list[frozenset[str]]:
    """For each of ``requests``, the ids among ``ids`` it matches exactly. Raises
    QuerySyntaxError, InvalidRequest (before any matching), IndexNotFound."""
    queries = [match_query(index, request) for request in requests]
    with index.reading() as searcher:
        numbers: dict[int, str] = {}
        for article_id in dict.fromkeys(ids):
            docnum = searcher.document_number(id=article_id)
            if docnum is not None:
                numbers[docnum] = article_id
        if not numbers:
            return [frozenset() for _ in queries]
        among = np.fromiter(sorted(numbers), dtype=np.int64, count=len(numbers))
        found = []
        for query in queries:
            docs = np.intersect1d(matching_ids(searcher, query, index.facet_cache), among,
                                  assume_unique=True)
            found.append(frozenset(numbers[int(d)] for d in docs))
        return found
