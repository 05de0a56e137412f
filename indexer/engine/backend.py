"""``WhooshBackend``: the archive in a Whoosh index folder on this machine, behind
``indexer.backend.SearchBackend``.

The folder is opened on first use (so a server starts, and says so clearly, before an index
exists) and kept; each search takes its thread's refreshed searcher, so a commit by another
process is seen without reopening. Each editing run takes the folder's write lock and opens
the index itself (creating it when asked to index into a new folder).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from threading import Lock

from indexer.article import Article
from indexer.backend import WRITE_WAIT, SearchBackend
from indexer.cores import usable_cores
from indexer.editing.check_report import CheckReport
from indexer.editing.progress import IndexProgress
from indexer.editing.summary import IndexSummary
from indexer.query.synonyms import Synonyms
from indexer.readers import ReadItem
from indexer.results import ArchiveStats, Hit, SearchRequest, SearchResults, WarmUp
from indexer.searching.issues import Issue, IssueRef
from indexer.searching.trend import Trend, TrendCache

from . import among, browse, search, similar, stats, trend, warm, writing
from .check import check_index
from .documents import get_article, iter_articles
from .schema import has_entities
from .store import ArchiveIndex, open_index


class WhooshBackend(SearchBackend):
    """SearchBackend over the Whoosh index folder ``path``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.address = str(path)
        self.path = Path(path)
        self._index: ArchiveIndex | None = None
        self._lock = Lock()

    @property
    def index(self) -> ArchiveIndex:
        """The open index. Raises IndexNotFound, IndexVersionError."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = open_index(self.path)
        return self._index

    def open(self) -> None:
        self.index  # noqa: B018 - opening is the point

    def generation(self) -> tuple:
        return self.index.generation()

    def entity_notice(self) -> str | None:
        if has_entities(self.index.whoosh.schema):
            return None
        return (f"the index at {self.path} was written before the person, place and org "
                f"facets and has none; to add them, copy it into a new folder: baoku copy "
                f"--from {self.path} --to NEW_FOLDER (or index the files again into one)")

    @property
    def state_folder(self) -> Path:
        return self.path

    @property
    def synonyms(self) -> Synonyms:
        return self.index.synonyms

    def search(self, request: SearchRequest) -> SearchResults:
        return search.search(self.index, request)

    def iter_hits(self, request: SearchRequest, cap: int | None = None) -> Iterator[Hit]:
        return search.iter_hits(self.index, request, cap)

    def count(self, request: SearchRequest) -> int:
        return search.count(self.index, request)

    def trend(self, request: SearchRequest, by: str = "month",
              cache: TrendCache | None = None) -> Trend:
        return trend.trend(self.index, request, by, cache)

    def similar(self, article_id: str, limit: int = 5) -> tuple[Hit, ...]:
        return similar.similar_articles(self.index, article_id, limit)

    def matching_among(self, requests: Sequence[SearchRequest],
                       ids: Collection[str]) -> list[frozenset[str]]:
        return among.matching_among(self.index, requests, ids)

    def article(self, article_id: str) -> Article:
        return get_article(self.index, article_id)

    def iter_articles(self) -> Iterator[Article]:
        return iter_articles(self.index)

    def recent_issues(self, limit: int = 10) -> tuple[IssueRef, ...]:
        return browse.recent_issues(self.index, limit)

    def issues_on(self, date: str, source: str | None = None) -> tuple[Issue, ...]:
        return browse.issues_on(self.index, date, source)

    def stats(self) -> ArchiveStats:
        return stats.archive_stats(self.index)

    def warm_up(self) -> WarmUp:
        return warm.warm_up(self.index)

    def index_articles(self, items: Iterable[ReadItem], *, dry_run: bool = False,
                       wait: float = WRITE_WAIT, workers: int | None = None,
                       userdict: str | None = None, synonyms: str | None = None,
                       command: str | None = None,
                       progress: IndexProgress | None = None) -> IndexSummary:
        workers = usable_cores() if workers is None else workers
        with contextlib.ExitStack() as stack:
            if dry_run:
                index, lock = open_index(self.path), None
            else:  # the lock covers creating the index and copying its dictionaries too
                index, lock = stack.enter_context(writing.open_for_writing(
                    self.path, wait, userdict=userdict, synonyms=synonyms, command=command))
            return writing.index_articles(index, items, progress=progress, dry_run=dry_run,
                                          timeout=wait, lock=lock, workers=workers)

    def remove_articles(self, ids: Iterable[str], *, dry_run: bool = False,
                        wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        if dry_run:
            return writing.remove_articles(open_index(self.path), ids, dry_run=True)
        with writing.open_for_writing(self.path, wait, create=False,
                                      command=command) as (index, lock):
            return writing.remove_articles(index, ids, lock=lock)

    def remove_issue(self, date: str, source: str | None = None, *, dry_run: bool = False,
                     wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        if dry_run:
            return writing.remove_issue(open_index(self.path), date, source, dry_run=True)
        with writing.open_for_writing(self.path, wait, create=False,
                                      command=command) as (index, lock):
            return writing.remove_issue(index, date, source, lock=lock)

    def check(self) -> CheckReport:
        return check_index(self.path)
