"""Adding, replacing and removing articles: one writer at a time, all or nothing, idempotent
by content hash.

One call is one Whoosh commit, made while holding the index's write lock (``locking``): the
committed articles are read under the lock, so two indexers never work from the same stale
view; the commit switches generations atomically, so a reader sees the index before or
after, never half of it; any error — a killed process, a full disk — cancels the whole run
and leaves the last commit as it was. A run that changes nothing commits nothing. Each
segment a commit adds gets its facet codes file (``code_files``: what a server's start reads
instead of the segment's values; a segment of an older index gets one at the next commit)
and its checksums (``checksums``), which ``baoku check`` verifies.
"""
from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager

from whoosh.writing import NO_MERGE, LockError

from indexer.article import Article
from indexer.backend import WRITE_WAIT
from indexer.editing.progress import COMMITTING, MERGING, IndexProgress
from indexer.editing.summary import IndexSummary
from indexer.errors import DiskFull, IndexLocked, IndexWriteError
from indexer.query.dates import issue_day
from indexer.readers import Failure, ReadItem

from .checksums import seal_new_segments
from .code_files import file_name, write_codes
from .facets import FILED, FacetCache, segment_id
from .locking import WriteLock, clear_leftovers
from .merging import merge_small, segments_to_merge
from .parallel import ParallelWriter
from .schema import to_document
from .store import ArchiveIndex, create_or_open, open_index
from .whoosh_private import index_segments

ADDED, REPLACED, REMOVED = "add", "replace", "remove"


def _live_columns(index: ArchiveIndex, names: tuple[str, ...]) -> Iterator[tuple]:
    """The values of the column fields ``names`` for every live article of the latest
    commit (no stored documents are read)."""
    with index.searcher() as searcher:
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            if not reader.has_column("id"):
                continue  # an empty index
            columns = [reader.column_reader(name) for name in names]
            for docnum in reader.all_doc_ids():
                yield tuple(c[docnum] for c in columns)


def write_codes_files(index: ArchiveIndex) -> int:
    """Write the codes file (``code_files``) of each segment of the latest commit that has
    none: those the commit added, and those of an index written before these files existed
    (once, by its next commit); how many were written. Raises OSError."""
    written = 0
    reader = index.whoosh.reader()
    try:
        for leaf, _offset in reader.leaf_readers():
            found = segment_id(leaf)
            if not found or (index.path / file_name(found)).exists():
                continue
            cache = FacetCache()  # reads the segment itself
            tables = {field: cache.codes(leaf, field) for field in FILED}
            write_codes(index.path, found, leaf.doc_count_all(),
                        {field: (c.labels, c.codes, c.offsets) for field, c in tables.items()})
            written += 1
    finally:
        reader.close()
    return written


def indexed_hashes(index: ArchiveIndex) -> dict[str, str]:
    """Article id -> content hash of every live article."""
    return dict(_live_columns(index, ("id", "content_hash")))


def issue_ids(index: ArchiveIndex, date: str, source: str | None = None) -> list[str]:
    """The ids of the articles of the issue of ``date`` (of paper ``source``, or of every
    paper), sorted; found through the date's postings, so the cost is the issue's, not the
    archive's."""
    with index.searcher() as searcher:
        committed = _Committed(searcher)
        return sorted(committed.column("id")[d] for d in searcher.document_numbers(date=date)
                      if source is None or committed.column("source")[d] == source)


class _Committed:
    """The live articles of one searcher's commit, looked up by id: a run reads the entries
    of its own articles only, never the whole archive's columns (an issue added to an
    archive of 100,000 articles costs the issue)."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self._columns: dict[str, object] = {}

    def column(self, name: str):
        """The column reader of ``name`` over all segments (document number -> value)."""
        reader = self._columns.get(name)
        if reader is None:
            reader = self._columns[name] = self._searcher.reader().column_reader(name)
        return reader

    def hash_of(self, article_id: str) -> str | None:
        """The content hash of the live article ``article_id``, None when there is none."""
        docnum = self._searcher.document_number(id=article_id)
        return None if docnum is None else self.column("content_hash")[docnum]


def open_writer(index: ArchiveIndex, timeout: float = WRITE_WAIT, **kwargs):
    """Whoosh's writer for the index, waiting up to ``timeout`` seconds for Whoosh's own
    lock (held only by a program that writes without Baoku's lock). Raises IndexLocked,
    IndexWriteError."""
    try:
        with _write_errors(index):
            return index.whoosh.writer(timeout=timeout, codec=index.codec(), **kwargs)
    except LockError:
        raise IndexLocked(f"another program is writing to the index at {index.path} "
                          f"(waited {timeout:g} s); try again when it has finished") from None


@contextmanager
def _write_errors(index: ArchiveIndex) -> Iterator[None]:
    """OSError as IndexWriteError (DiskFull for a full disk)."""
    try:
        yield
    except OSError as exc:
        error = DiskFull if exc.errno == errno.ENOSPC else IndexWriteError
        raise error(f"cannot write the index at {index.path}: "
                    f"{exc.strerror or exc}; the index is left as it was") from exc


class _Edit:
    """One run's view of the committed articles and its writer (None for a dry run), and
    the progress it reports to."""

    def __init__(self, index: ArchiveIndex, writer, summary: IndexSummary,
                 progress: IndexProgress) -> None:
        self.index = index
        self.writer = writer
        self.summary = summary
        self.progress = progress
        # Opened after the writer, under the lock: the same commit as the writer's, so its
        # document numbers are the writer's for deleting.
        self._searcher = index.searcher()
        self.committed = _Committed(self._searcher)

    def add(self, article: Article, replace: bool) -> None:
        self.summary.changes.append((REPLACED if replace else ADDED, article.id))
        if self.writer is None:
            self.progress.advance()
            return
        with _write_errors(self.index):
            if replace:
                self.writer.delete_by_term("id", article.id, searcher=self._searcher)
            self.writer.add_document(**to_document(article, self._searcher.schema))
        if not isinstance(self.writer, ParallelWriter):  # that one reports what it built
            self.progress.advance()

    def remove(self, article_id: str) -> None:
        self.summary.changes.append((REMOVED, article_id))
        if self.writer is not None:
            with _write_errors(self.index):
                self.writer.delete_by_term("id", article_id, searcher=self._searcher)

    def _close_searcher(self) -> None:
        """Close the searcher (once: an error in the commit comes here again)."""
        searcher, self._searcher = self._searcher, None
        if searcher is not None:
            searcher.close()

    def finish(self) -> None:
        """Commit when something changed, else let go of the writer."""
        self._close_searcher()
        if self.writer is None:
            return
        with _write_errors(self.index):
            if isinstance(self.writer, ParallelWriter):
                self.writer.build_segments()
            if not self.summary.changed:
                self.writer.cancel()
                clear_leftovers(self.index.path)  # the files of the empty new segment
                return
            # The run's changes first, alone: visible at once, whatever merging costs.
            self.progress.phase(COMMITTING)
            self._commit(NO_MERGE)
        self._merge()

    def _commit(self, mergetype) -> None:
        """Commit the writer, then write the facet codes files of the segments that have
        none (``code_files``) and the checksums of the segments the commit added
        (``checksums``). The commit stands when they cannot be written (a full disk): a
        note says so; a server then reads the codes from the segments, and ``check``
        reports those segments as unchecked."""
        before = {s.segment_id() for s in index_segments(self.index.whoosh)}
        self.writer.commit(mergetype=mergetype)
        try:
            write_codes_files(self.index)
        except Exception as exc:  # the commit stands: a codes file is optional
            self.summary.notes.append(f"facet codes of the new segments not written "
                                      f"({getattr(exc, 'strerror', None) or exc}); a server "
                                      "reads them from the segments when it starts, which "
                                      "takes longer")
        try:
            seal_new_segments(self.index.path, index_segments(self.index.whoosh), before)
        except OSError as exc:
            self.summary.notes.append(f"checksums of the new segments not written "
                                      f"({exc.strerror or exc}); 'baoku check' reports them "
                                      "as unchecked")

    def _merge(self) -> None:
        """Merge small segments in a commit of their own when ``indexer.engine.merging`` says so.
        The run's commit is done and stays: a failure here (a full disk) cancels the merge
        only and is reported as a note; the next run merges."""
        if not segments_to_merge(index_segments(self.index.whoosh)):
            return
        self.progress.phase(MERGING)
        try:
            with _write_errors(self.index):
                self.writer = open_writer(self.index)
                self._commit(merge_small)
        except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
            self.abandon()
            self.summary.notes.append(f"small segments not merged ({exc}); the next run "
                                      "merges them")

    def abandon(self) -> None:
        """Cancel after an error, releasing Whoosh's lock even when cancelling fails too
        (a full disk can make closing the segment's files fail)."""
        self._close_searcher()
        if self.writer is None:
            return
        try:
            if not self.writer.is_closed:
                self.writer.cancel()
        except Exception:  # noqa: BLE001 - the first error is the one reported
            lock = getattr(self.writer, "writelock", None)
            if lock is not None and getattr(lock, "fd", None) is not None:
                lock.release()
        try:
            clear_leftovers(self.index.path)  # the failed segment's files, now
        except OSError:
            pass  # the next writer removes them


@contextmanager
def _editing(index: ArchiveIndex, summary: IndexSummary, *, dry_run: bool, timeout: float,
             lock: WriteLock | None, workers: int = 0,
             progress: IndexProgress | None = None,
             expected: int | None = None) -> Iterator[_Edit]:
    """Hold the write lock (``lock`` when the caller already holds it), clear what an
    interrupted writer left, yield the run's view, then commit; cancel on any error.
    ``expected``: the articles the run likely holds, for sharing them out over ``workers``."""
    summary.dry_run = dry_run
    started = time.perf_counter()
    own = None
    if not dry_run and lock is None:
        own = lock = WriteLock(index.path)
        lock.acquire(timeout)
    try:
        if lock is not None and lock.stale is not None:
            summary.notes.append(f"cleared a stale lock left by {lock.stale.describe()}, "
                                 "a process that is gone")
            lock.stale = None
        writer = None
        if not dry_run:
            with _write_errors(index):
                leftovers = clear_leftovers(index.path)
            if leftovers:
                summary.notes.append(f"removed {len(leftovers)} files left by an "
                                     "interrupted write")
            writer = open_writer(index, timeout)
            if workers:  # speed: new segments built by indexer.engine.parallel's workers
                writer = ParallelWriter(writer, workers, progress=progress,
                                        expected=expected)
        edit = _Edit(index, writer, summary, progress or IndexProgress())
        try:
            yield edit
            edit.finish()
        except BaseException:
            edit.abandon()
            raise
    finally:
        if own is not None:
            own.release()
    summary.seconds = time.perf_counter() - started


@contextmanager
def open_for_writing(folder: str | os.PathLike[str], timeout: float = WRITE_WAIT,
                     *, userdict: str | None = None, synonyms: str | None = None,
                     command: str | None = None,
                     create: bool = True) -> Iterator[tuple[ArchiveIndex, WriteLock]]:
    """Take the write lock of the index at ``folder``, then open it (with ``create``,
    creating it and copying a user dictionary or synonyms file into it, under the lock).
    Pass the lock to ``index_articles``/``remove_*``. Raises IndexLocked, IndexWriteError,
    ConfigError, IndexNotFound (without ``create``), IndexVersionError."""
    if not create:
        open_index(folder)  # refuse a missing index before creating a lock file for it
    with WriteLock(folder, command) as lock:
        lock.acquire(timeout)
        yield (create_or_open(folder, userdict=userdict, synonyms=synonyms) if create
               else open_index(folder)), lock


def index_articles(
    index: ArchiveIndex,
    items: Iterable[ReadItem],
    *,
    progress: IndexProgress | None = None,
    dry_run: bool = False,
    timeout: float = WRITE_WAIT,
    lock: WriteLock | None = None,
    workers: int = 0,
) -> IndexSummary:
    """Add new articles, replace changed ones (same id, new content hash), skip unchanged
    ones and count failures, in one commit. ``progress`` hears of each article once it is
    in the new segment (or skipped), then of the commit and merge phases; ``lock`` is the
    index's write lock when the caller already holds it. ``workers``: 0 writes with
    Whoosh's writer; n >= 1 builds the new segments with ``indexer.engine.parallel`` in n
    processes (1: in this one), several times faster, sharing out the run evenly when its
    size is known (``items`` is a list, or ``progress`` was told the count made up front).
    Raises IndexLocked, IndexWriteError; any other error cancels the whole run too."""
    summary = IndexSummary()
    seen: set[str] = set()
    expected = (len(items) if isinstance(items, Sized)
                else progress.expected if progress is not None else None)
    with _editing(index, summary, dry_run=dry_run, timeout=timeout, lock=lock,
                  workers=workers, progress=progress, expected=expected) as edit:
        for item in items:
            if isinstance(item, Failure):
                summary.failed += 1
                summary.failures.append(item)
                edit.progress.advance()
                continue
            summary.bytes += len(item.title.encode("utf-8")) + len(item.body.encode("utf-8"))
            if not _put(edit, item, seen):
                edit.progress.advance()
    return summary


def _put(edit: _Edit, article: Article, seen: set[str]) -> bool:
    """Count the article and write it when it is new or changed; True when written."""
    summary = edit.summary
    if article.id in seen:
        # Whoosh replaces only committed documents: within one run the first article of an
        # id is kept and later ones are counted, never indexed twice.
        summary.duplicates += 1
        return False
    seen.add(article.id)
    old = edit.committed.hash_of(article.id)
    if old == article.content_hash:
        summary.unchanged += 1
        return False
    if old is not None:
        summary.replaced += 1
    else:
        summary.added += 1
    edit.add(article, replace=old is not None)
    return True


def remove_articles(index: ArchiveIndex, ids: Iterable[str], *, dry_run: bool = False,
                    timeout: float = WRITE_WAIT,
                    lock: WriteLock | None = None) -> IndexSummary:
    """Withdraw the articles ``ids`` in one commit; ids not in the index are listed in
    ``missing``. Raises IndexLocked, IndexWriteError."""
    summary = IndexSummary()
    with _editing(index, summary, dry_run=dry_run, timeout=timeout, lock=lock) as edit:
        _remove(edit, dict.fromkeys(ids))
    return summary


def remove_issue(index: ArchiveIndex, date: str, source: str | None = None, *,
                 dry_run: bool = False, timeout: float = WRITE_WAIT,
                 lock: WriteLock | None = None) -> IndexSummary:
    """Withdraw every article of the issue of ``date`` (YYYY-MM-DD) of paper ``source`` (of
    every paper when None) in one commit. Raises InvalidRequest for a malformed date,
    IndexLocked, IndexWriteError."""
    issue_day(date)
    summary = IndexSummary()
    with _editing(index, summary, dry_run=dry_run, timeout=timeout, lock=lock) as edit:
        ids = issue_ids(index, date, source)
        if not ids:
            summary.notes.append(f"no article of {date}"
                                 + (f" ({source})" if source else "") + " is in the index")
        _remove(edit, ids)
    return summary


def _remove(edit: _Edit, ids: Iterable[str]) -> None:
    for article_id in ids:
        if edit.committed.hash_of(article_id) is not None:
            edit.summary.removed += 1
            edit.remove(article_id)
        else:
            edit.summary.missing.append(article_id)
