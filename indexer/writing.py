"""Adding, replacing and removing articles: all or nothing, idempotent by content hash.

One call is one Whoosh commit: ``with writer:`` commits when every article went in and
cancels on any error, so a failure never leaves a half-written index and never loses what
was indexed before.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from whoosh.writing import LockError

from .article import Article
from .errors import IndexLocked
from .readers import Failure, ReadItem
from .schema import to_document
from .store import ArchiveIndex

WRITE_LOCK_TIMEOUT = 30.0


@dataclass
class IndexSummary:
    """What one indexing run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    duplicates: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def kb_per_second(self) -> float:
        return self.bytes / 1024 / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"added {self.added}, replaced {self.replaced}, unchanged {self.unchanged}, "
                f"removed {self.removed}, failed {self.failed}"
                + (f", duplicate ids skipped {self.duplicates}" if self.duplicates else "")
                + f" in {self.seconds:.1f} s "
                f"({self.kb_per_second:.0f} KB/s)")

    def to_dict(self) -> dict:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "removed": self.removed, "failed": self.failed, "duplicates": self.duplicates,
                "seconds": round(self.seconds, 3), "kb_per_second": round(self.kb_per_second),
                "failures": [str(f) for f in self.failures]}


def indexed_hashes(index: ArchiveIndex) -> dict[str, str]:
    """Article id -> content hash of every live article, read from columns (no stored
    documents)."""
    out: dict[str, str] = {}
    with index.searcher() as searcher:
        for reader, _offset in _leaf_readers(searcher):
            if not reader.has_column("id"):
                continue  # an empty index
            ids = reader.column_reader("id")
            hashes = reader.column_reader("content_hash")
            for docnum in reader.all_doc_ids():
                out[ids[docnum]] = hashes[docnum]
    return out


def _leaf_readers(searcher):
    leaves = searcher.leaf_searchers()
    return [(s.reader(), offset) for s, offset in leaves]


def open_writer(index: ArchiveIndex, timeout: float = WRITE_LOCK_TIMEOUT, **kwargs):
    """The index's writer, waiting up to ``timeout`` seconds for the lock. Raises
    IndexLocked."""
    try:
        return index.whoosh.writer(timeout=timeout, **kwargs)
    except LockError:
        raise IndexLocked(f"another process is writing to the index at {index.path} "
                          f"(waited {timeout:.0f} s); try again when it has finished") from None


def index_articles(
    index: ArchiveIndex,
    items: Iterable[ReadItem],
    *,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
    timeout: float = WRITE_LOCK_TIMEOUT,
) -> IndexSummary:
    """Add new articles, replace changed ones (same id, new content hash), skip unchanged
    ones and count failures, in one commit. ``progress`` is called with the size in bytes of
    each item read. Raises IndexLocked; any other error cancels the whole run."""
    summary = IndexSummary()
    started = time.perf_counter()
    known = indexed_hashes(index)
    seen: set[str] = set()
    writer = None if dry_run else open_writer(index, timeout)
    try:
        for item in items:
            if isinstance(item, Failure):
                summary.failed += 1
                summary.failures.append(item)
                continue
            size = len(item.title.encode("utf-8")) + len(item.body.encode("utf-8"))
            summary.bytes += size
            _put(writer, item, known, seen, summary)
            if progress:
                progress(size)
        if writer is not None:
            writer.commit()
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _put(writer, article: Article, known: dict[str, str], seen: set[str],
         summary: IndexSummary) -> None:
    if article.id in seen:
        # Whoosh replaces only committed documents: within one run the first article of an
        # id is kept and later ones are counted, never indexed twice.
        summary.duplicates += 1
        return
    seen.add(article.id)
    old = known.get(article.id)
    if old == article.content_hash:
        summary.unchanged += 1
        return
    if old is not None:
        summary.replaced += 1
        if writer is not None:
            writer.update_document(**to_document(article))
    else:
        summary.added += 1
        if writer is not None:
            writer.add_document(**to_document(article))
