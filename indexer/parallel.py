"""Indexing with several worker processes, each building whole segments.

``ParallelWriter`` stands in for a Whoosh writer in ``indexer.writing.index_articles``
(``add_document``, ``delete_by_term``, ``searcher``, ``commit``, ``cancel``). Documents are
cut into consecutive chunks of ``segment_docs``; each chunk becomes one new segment, built by
``indexer.segments.SegmentBuilder`` in a worker process (in this process when ``workers`` is
1, or when the whole run is one chunk: starting processes would cost more). The commit adds
the new segments, in input order, to the index's table of contents together with the
deletions of replaced articles: one atomic commit, as with one writer. Readers see nothing
before it; ``cancel`` leaves the index as it was.

Worker processes are started with "spawn" (a fresh interpreter: safe in a threaded server);
a script that indexes with workers needs the usual ``if __name__ == "__main__":`` guard.

Chunks keep the input order, so document numbers, and with them the order of hits with equal
scores, are the same as with a single writer.

The real Whoosh writer opened by the caller is kept for what it does well: holding the
index's write lock and deleting the old versions of replaced articles.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import MERGE_SMALL

from .analysis import segmenter
from .segments import SegmentBuilder

# Documents per new segment. Each worker holds one chunk's postings in memory (measured:
# about 0.9 GB for 10,000 articles of 1,200 characters); an archive of many segments is
# slower to search (each query visits every segment), so they should not be too small.
SEGMENT_DOCS = 10_000

# Set in each worker process by ``_start_worker``.
_worker: dict[str, Any] = {}


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _start_worker(folder: str, schema, indexname: str) -> None:
    _worker.update(storage=FileStorage(folder), schema=schema, indexname=indexname)
    for name in schema.names():  # load jieba once, before the first document arrives
        userdict = getattr(schema[name].analyzer, "userdict", None)
        if userdict is not None:
            segmenter(userdict)


def _build(docs: list[dict[str, Any]]):
    """Build one segment from ``docs`` in a worker; returns the Whoosh segment."""
    return build_segment(_worker["storage"], _worker["schema"], _worker["indexname"], docs)


def build_segment(storage, schema, indexname: str, docs: list[dict[str, Any]]):
    """One new segment of ``docs`` in ``storage`` (not yet in the index's table of
    contents)."""
    builder = SegmentBuilder(storage, schema, indexname)
    try:
        for doc in docs:
            builder.add_document(doc)
        return builder.finish()
    except BaseException:
        builder.cancel()
        raise


class ParallelWriter:
    """A writer that builds new segments with ``workers`` processes. ``writer`` is a Whoosh
    writer of the index, opened by the caller (it holds the lock); this object owns it from
    now on and commits or cancels it."""

    def __init__(self, writer, workers: int, segment_docs: int | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._writer = writer
        self._storage = writer.storage
        self._schema = writer.schema
        self._indexname = writer.indexname
        self._segment_docs = segment_docs or SEGMENT_DOCS
        self._chunk: list[dict[str, Any]] = []
        self._segments: list = []  # built segments, in input order
        self._pending: deque[Future] = deque()
        self._pool: ProcessPoolExecutor | None = None  # started with the second chunk
        self._workers = workers

    # The writer interface index_articles uses.

    def add_document(self, **doc: Any) -> None:
        self._chunk.append(doc)
        if len(self._chunk) >= self._segment_docs:
            self._submit()

    def delete_by_term(self, fieldname: str, text: str, searcher=None) -> int:
        """Delete committed documents (at commit), through the Whoosh writer."""
        return self._writer.delete_by_term(fieldname, text, searcher=searcher)

    def searcher(self):
        """A searcher on the committed segments (the Whoosh writer's)."""
        return self._writer.searcher()

    @property
    def is_closed(self) -> bool:
        return self._writer.is_closed

    @property
    def writelock(self):
        return self._writer.writelock

    def commit(self, mergetype=None) -> None:
        """Build the last segment, wait for all, and commit them with the deletions; the
        existing segments are first merged by ``mergetype`` (a Whoosh merge policy; default
        Whoosh's MERGE_SMALL), as Whoosh's own commit does."""
        try:
            self._submit(last=True)
            while self._pending:
                self._collect()
        except BaseException:
            self.cancel()
            raise
        self._shutdown()
        writer = self._writer
        if not self._segments:
            writer.commit(mergetype=mergetype)
            return
        try:
            # As Whoosh's own commit: the merge policy copies the small existing segments
            # into the Whoosh writer's own segment, which follows the kept ones; then the
            # new segments, in input order.
            kept = writer._merge_segments(mergetype or MERGE_SMALL, False, True)
            if writer._added:
                kept.append(writer._finalize_segment())
            else:
                writer._close_segment()
            writer._commit_toc(kept + self._segments)
        except BaseException:
            writer._cleanup_on_error()
            raise
        writer._finish()

    def cancel(self) -> None:
        """Stop the workers, remove the segments built so far and cancel the writer."""
        for future in self._pending:
            future.cancel()
        self._shutdown()
        for future in self._pending:
            if not future.cancelled() and future.exception() is None:
                self._segments.append(future.result())
        self._pending.clear()
        for segment in self._segments:
            if segment is not None:
                for name in segment.list_files(self._storage):
                    try:
                        self._storage.delete_file(name)
                    except OSError:
                        pass
        self._segments.clear()
        self._writer.cancel()

    # Internals.

    def _submit(self, last: bool = False) -> None:
        if not self._chunk:
            return
        docs, self._chunk = self._chunk, []
        if self._pool is None and (self._workers == 1 or (last and not self._pending)):
            # One chunk in all (a small run): building it here beats starting processes.
            self._append(build_segment(self._storage, self._schema, self._indexname, docs))
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self._storage.folder, self._schema, self._indexname))
        # At most one chunk waits per busy worker: the reader stays just ahead of them
        # and memory stays bounded.
        while len(self._pending) >= 2 * self._workers:
            self._collect()
        self._pending.append(self._pool.submit(_build, docs))

    def _collect(self) -> None:
        self._append(self._pending.popleft().result())

    def _append(self, segment) -> None:
        if segment is not None:
            self._segments.append(segment)

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
