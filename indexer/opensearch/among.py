"""Which of a few articles each of many requests matches, on a cluster: how saved searches
(``indexer.saved``) are checked against the articles a commit just added.

Each request is sent unscored with the articles' ids as one more filter (a ``terms`` query
on ``id``, in chunks well under the cluster's limit on terms), asking for the ids only.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from indexer.results import SearchRequest

from .compile import unscored
from .searching import plan
from .store import Archive

# Ids sent in one ``terms`` filter (the cluster refuses more than 65,536 by default).
CHUNK = 1000


def matching_among(archive: Archive, requests: Sequence[SearchRequest],
                   ids: Collection[str]) -> list[frozenset[str]]:
    """For each of ``requests``, the ids among ``ids`` it matches exactly. Raises
    QuerySyntaxError, InvalidRequest (before anything is sent), IndexNotFound,
    ArchiveUnavailable."""
    plans = [plan(archive, request) for request in requests]
    wanted = list(dict.fromkeys(ids))
    found: list[frozenset[str]] = []
    for p in plans:
        matched: set[str] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            answer = archive.cluster.search({
                "query": unscored(p.match, [*p.all_filters(), {"terms": {"id": chunk}}]),
                "size": len(chunk), "track_total_hits": False, "_source": ["article.id"]})
            matched.update(hit["_source"]["article"]["id"] for hit in answer["hits"]["hits"])
        found.append(frozenset(matched))
    return found
