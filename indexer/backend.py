"""The small interface the web app, the CLI and the batch runner search through.

``WhooshBackend`` is the one-machine implementation; a backend for a search cluster (for
archives beyond one machine) implements the same five methods over the same plain result
objects, compiling ``indexer.query``'s syntax tree to its own query language.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .article import Article
from .documents import get_article
from .results import Hit, SearchRequest, SearchResults
from .search import count, iter_hits, search
from .stats import ArchiveStats, archive_stats
from .store import ArchiveIndex


class SearchBackend(Protocol):
    def search(self, request: SearchRequest) -> SearchResults: ...

    def iter_hits(self, request: SearchRequest, cap: int | None = None) -> Iterator[Hit]: ...

    def count(self, request: SearchRequest) -> int: ...

    def article(self, article_id: str) -> Article: ...

    def stats(self) -> ArchiveStats: ...


class WhooshBackend:
    """SearchBackend over a Whoosh index folder."""

    def __init__(self, index: ArchiveIndex) -> None:
        self.index = index

    def search(self, request: SearchRequest) -> SearchResults:
        return search(self.index, request)

    def iter_hits(self, request: SearchRequest, cap: int | None = None) -> Iterator[Hit]:
        return iter_hits(self.index, request, cap)

    def count(self, request: SearchRequest) -> int:
        return count(self.index, request)

    def article(self, article_id: str) -> Article:
        return get_article(self.index, article_id)

    def stats(self) -> ArchiveStats:
        return archive_stats(self.index)
