"""``OpenSearchBackend``: an archive held by an OpenSearch cluster, behind
``indexer.backend.SearchBackend``, addressed ``opensearch://HOST:PORT[,…]/NAME``.

Nothing is sent until first use; the archive's configuration (synonyms, user dictionary)
is read from the cluster once and kept. Each method is one module's job: ``searching``,
``trend``, ``similar``, ``browse``, ``stats``, ``writing``, ``check``.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

from indexer.article import Article
from indexer.backend import WRITE_WAIT, SearchBackend
from indexer.editing.check_report import CheckReport
from indexer.editing.progress import IndexProgress
from indexer.editing.summary import IndexSummary
from indexer.errors import ConfigError
from indexer.query.synonyms import Synonyms
from indexer.readers import ReadItem
from indexer.results import ArchiveStats, Hit, SearchRequest, SearchResults, WarmUp
from indexer.searching.issues import Issue, IssueRef
from indexer.searching.trend import Trend, TrendCache

from . import among, browse, searching, similar, stats, trend, writing
from .address import parse_address
from .check import check_archive
from .mapping import REPLICAS, SHARDS
from .reading import get_article, iter_articles
from .store import Archive


def _setting(value: int | None, env: str, default: int, least: int) -> int:
    if value is not None:
        number = value
    else:
        raw = os.environ.get(env, "").strip()
        if not raw:
            return default
        if not raw.isdecimal():
            raise ConfigError(f"{env} must be a whole number, not '{raw}'")
        number = int(raw)
    if number < least:
        raise ConfigError(f"{env} must be at least {least}, not {number}")
    return number


class OpenSearchBackend(SearchBackend):
    """SearchBackend over the archive at ``address``. ``shards`` and ``replicas`` are those
    of an archive this backend creates (default ``BAOKU_OPENSEARCH_SHARDS`` and
    ``BAOKU_OPENSEARCH_REPLICAS``, else 3 shards of 1 replica each). Raises ConfigError for
    a malformed address."""

    def __init__(self, address: str, shards: int | None = None,
                 replicas: int | None = None) -> None:
        parsed = parse_address(address)
        self.address = address
        self.archive = Archive(
            parsed, _setting(shards, "BAOKU_OPENSEARCH_SHARDS", SHARDS, 1),
            _setting(replicas, "BAOKU_OPENSEARCH_REPLICAS", REPLICAS, 0))

    def open(self) -> None:
        self.archive.meta()

    @property
    def state_folder(self) -> Path:
        """``$BAOKU_STATE_DIR/opensearch/<cluster-hash>-<NAME>`` when BAOKU_STATE_DIR is
        set, else ``$XDG_DATA_HOME/baoku/opensearch/<cluster-hash>-<NAME>``
        (``~/.local/share/baoku/…``): the cluster hash is a hash of its nodes' addresses.
        Created on first use."""
        return self.archive.folder

    @property
    def synonyms(self) -> Synonyms:
        return self.archive.synonyms

    def search(self, request: SearchRequest) -> SearchResults:
        return searching.search(self.archive, request)

    def iter_hits(self, request: SearchRequest, cap: int | None = None) -> Iterator[Hit]:
        return searching.iter_hits(self.archive, request, cap)

    def count(self, request: SearchRequest) -> int:
        return searching.count(self.archive, request)

    def trend(self, request: SearchRequest, by: str = "month",
              cache: TrendCache | None = None) -> Trend:
        return trend.trend(self.archive, request, by, cache)

    def similar(self, article_id: str, limit: int = 5) -> tuple[Hit, ...]:
        return similar.similar_articles(self.archive, article_id, limit)

    def matching_among(self, requests: Sequence[SearchRequest],
                       ids: Collection[str]) -> list[frozenset[str]]:
        return among.matching_among(self.archive, requests, ids)

    def article(self, article_id: str) -> Article:
        return get_article(self.archive, article_id)

    def iter_articles(self) -> Iterator[Article]:
        return iter_articles(self.archive)

    def analysis_files(self) -> tuple[str | None, str | None]:
        self.archive.meta()  # the state folder's copies, as the cluster has them
        return super().analysis_files()

    def recent_issues(self, limit: int = 10) -> tuple[IssueRef, ...]:
        return browse.recent_issues(self.archive, limit)

    def issues_on(self, date: str, source: str | None = None) -> tuple[Issue, ...]:
        return browse.issues_on(self.archive, date, source)

    def stats(self) -> ArchiveStats:
        return stats.archive_stats(self.archive)

    def warm_up(self) -> WarmUp:
        return stats.warm_up(self.archive)

    def index_articles(self, items: Iterable[ReadItem], *, dry_run: bool = False,
                       wait: float = WRITE_WAIT, workers: int | None = None,
                       userdict: str | None = None, synonyms: str | None = None,
                       command: str | None = None,
                       progress: IndexProgress | None = None) -> IndexSummary:
        """As SearchBackend's; ``wait``, ``workers`` and ``command`` do not apply (the
        cluster takes concurrent writes, and segments the text itself)."""
        return writing.index_articles(self.archive, items, dry_run=dry_run,
                                      userdict=userdict, synonyms=synonyms, progress=progress)

    def remove_articles(self, ids: Iterable[str], *, dry_run: bool = False,
                        wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        return writing.remove_articles(self.archive, ids, dry_run=dry_run)

    def remove_issue(self, date: str, source: str | None = None, *, dry_run: bool = False,
                     wait: float = WRITE_WAIT, command: str | None = None) -> IndexSummary:
        return writing.remove_issue(self.archive, date, source, dry_run=dry_run)

    def check(self) -> CheckReport:
        return check_archive(self.archive)
