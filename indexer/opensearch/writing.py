"""Adding, replacing and removing articles on the cluster, idempotent by content hash (as
``indexer.engine.writing``): new articles are added, changed ones (same id, new content hash)
replaced, unchanged ones skipped, an id seen again within one run counted as a duplicate
and never indexed twice; a dry run reports what would change and writes nothing.

The articles are read in batches: the content hashes (and routing) of a batch's ids are
looked up, then the batch's changes are sent in one bulk request. A document is routed by
its body key, so an article whose body changed moves: its old copy is deleted with its old
routing in the same bulk. The index is refreshed once at the end, so a search sees the
whole run. Unlike a Whoosh commit a run is not all-or-nothing: a bulk the cluster refuses
stops the run with IndexWriteError, the batches before it stay written (running it again
completes it: they are then unchanged).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from indexer.article import Article
from indexer.editing.progress import COMMITTING, IndexProgress
from indexer.editing.summary import IndexSummary
from indexer.errors import IndexWriteError
from indexer.query.dates import issue_day
from indexer.readers import Failure, ReadItem

from .documents import to_document
from .store import Archive

BATCH = 200  # articles looked up and sent together
ADDED, REPLACED, REMOVED = "add", "replace", "remove"


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def indexed(archive: Archive, ids: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    """Article id -> (content hash, routing) of its documents (one, unless a write was
    interrupted between deleting and adding a moved article)."""
    if not ids:
        return {}
    answer = archive.cluster.search({
        "query": {"ids": {"values": ids}}, "size": 2 * len(ids), "track_total_hits": False,
        "_source": ["content_hash"]})
    found: dict[str, list[tuple[str, str | None]]] = {}
    for hit in answer["hits"]["hits"]:
        found.setdefault(hit["_id"], []).append(
            (hit["_source"].get("content_hash", ""), hit.get("_routing")))
    return found


class _Run:
    """One writing run: its summary and the bulk actions of the current batch."""

    def __init__(self, archive: Archive, summary: IndexSummary, dry_run: bool) -> None:
        self.archive = archive
        self.summary = summary
        self.dry_run = dry_run
        self.actions: list[dict[str, Any]] = []

    def put(self, article: Article, old: list[tuple[str, str | None]],
            userdict: str | None) -> None:
        summary = self.summary
        if len(old) == 1 and old[0][0] == article.content_hash:
            summary.unchanged += 1
            return
        if old:
            summary.replaced += 1
            summary.changes.append((REPLACED, article.id))
        else:
            summary.added += 1
            summary.changes.append((ADDED, article.id))
        if self.dry_run:
            return
        doc, routing = to_document(article, userdict)
        for _hash, old_routing in old:
            if old_routing != routing:
                self.delete(article.id, old_routing)
        head: dict[str, Any] = {"_index": self.archive.index, "_id": article.id}
        if routing is not None:
            head["routing"] = routing
        self.actions += [{"index": head}, doc]

    def remove(self, article_id: str, routings: list[str | None]) -> None:
        self.summary.removed += 1
        self.summary.changes.append((REMOVED, article_id))
        if not self.dry_run:
            for routing in routings:
                self.delete(article_id, routing)

    def delete(self, article_id: str, routing: str | None) -> None:
        head: dict[str, Any] = {"_index": self.archive.index, "_id": article_id}
        if routing is not None:
            head["routing"] = routing
        self.actions.append({"delete": head})

    def send(self) -> None:
        """Send the batch's actions in one bulk request. Raises IndexWriteError."""
        if not self.actions:
            return
        cluster = self.archive.cluster
        answer = cluster.call(cluster.client.bulk, body=self.actions, doing="writing")
        self.actions = []
        if answer.get("errors"):
            failed = [item for entry in answer["items"] for item in entry.values()
                      if item.get("status", 200) >= 300
                      and not (item.get("status") == 404 and "delete" in entry)]
            if failed:
                error = failed[0].get("error") or {}
                reason = error.get("reason") if isinstance(error, dict) else error
                raise IndexWriteError(
                    f"the OpenSearch cluster of {self.archive.address.text} refused "
                    f"{len(failed)} of the batch's writes (article '{failed[0].get('_id')}': "
                    f"{reason}); the batches before it are written, run again to complete")


def index_articles(archive: Archive, items: Iterable[ReadItem], *, dry_run: bool = False,
                   userdict: str | None = None, synonyms: str | None = None,
                   progress: IndexProgress | None = None) -> IndexSummary:
    """Add new articles, replace changed ones, skip unchanged ones, count failures and
    duplicate ids, creating the archive (with the user dictionary and synonyms given) when
    it does not exist. ``progress`` hears of a batch's articles once the cluster took them,
    and of the final refresh as the committing phase. Raises IndexWriteError, ConfigError,
    ArchiveUnavailable."""
    progress = progress or IndexProgress()
    started = time.perf_counter()
    summary = IndexSummary(dry_run=dry_run)
    if dry_run:
        exists = archive.exists()
    else:
        archive.prepare(userdict, synonyms)  # creates the archive when it does not exist
        exists = True
    words = archive.userdict() if exists else None
    run = _Run(archive, summary, dry_run)
    seen: set[str] = set()
    changed = False
    for batch in _batches(items, BATCH):
        articles: list[Article] = []
        for item in batch:
            if isinstance(item, Failure):
                summary.failed += 1
                summary.failures.append(item)
                continue
            summary.bytes += len(item.title.encode("utf-8")) + len(item.body.encode("utf-8"))
            if item.id in seen:
                summary.duplicates += 1
            else:
                seen.add(item.id)
                articles.append(item)
        old = indexed(archive, [a.id for a in articles]) if exists else {}
        for article in articles:
            run.put(article, old.get(article.id, []), words)
        changed = changed or bool(run.actions)
        run.send()
        progress.advance(len(batch))
    if changed:
        progress.phase(COMMITTING)
        archive.refresh()
    summary.seconds = time.perf_counter() - started
    return summary


def remove_articles(archive: Archive, ids: Iterable[str], *, dry_run: bool = False
                    ) -> IndexSummary:
    """Withdraw the articles ``ids``; ids not in the archive are listed in ``missing``.
    Raises IndexNotFound, IndexWriteError."""
    started = time.perf_counter()
    summary = IndexSummary(dry_run=dry_run)
    archive.meta()  # IndexNotFound for an archive that does not exist
    _remove(archive, summary, list(dict.fromkeys(ids)), dry_run)
    summary.seconds = time.perf_counter() - started
    return summary


def issue_ids(archive: Archive, date: str, source: str | None = None) -> list[str]:
    """The ids of the articles of the issue of ``date`` (of paper ``source``, or of every
    paper), sorted."""
    filters: list[dict[str, Any]] = [{"term": {"date": date}}]
    if source is not None:
        filters.append({"term": {"source": source}})
    answer = archive.cluster.search({"query": {"bool": {"filter": filters}},
                                     "size": 10_000, "_source": False,
                                     "track_total_hits": False, "sort": [{"id": "asc"}]})
    return sorted({h["_id"] for h in answer["hits"]["hits"]})


def remove_issue(archive: Archive, date: str, source: str | None = None, *,
                 dry_run: bool = False) -> IndexSummary:
    """Withdraw every article of the issue of ``date`` (YYYY-MM-DD) of paper ``source``
    (of every paper when None). Raises InvalidRequest for a malformed date, IndexNotFound,
    IndexWriteError."""
    issue_day(date)
    started = time.perf_counter()
    summary = IndexSummary(dry_run=dry_run)
    archive.meta()
    ids = issue_ids(archive, date, source)
    if not ids:
        summary.notes.append(f"no article of {date}" + (f" ({source})" if source else "")
                             + " is in the index")
    _remove(archive, summary, ids, dry_run)
    summary.seconds = time.perf_counter() - started
    return summary


def _remove(archive: Archive, summary: IndexSummary, ids: list[str], dry_run: bool) -> None:
    run = _Run(archive, summary, dry_run)
    changed = False
    for batch in _batches(ids, BATCH):
        old = indexed(archive, batch)
        for article_id in batch:
            if article_id in old:
                run.remove(article_id, [routing for _hash, routing in old[article_id]])
            else:
                summary.missing.append(article_id)
        changed = changed or bool(run.actions)
        run.send()
    if changed:
        archive.refresh()
