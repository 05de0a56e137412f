"""Indexing with several worker processes, each building whole segments.

``ParallelWriter`` stands in for a Whoosh writer in ``writing.index_articles``
(``add_document``, ``delete_by_term``, ``searcher``, ``commit``, ``cancel``). Documents are
cut into consecutive chunks; each chunk becomes one new segment, built by
``segment_builder.SegmentBuilder`` in a worker process (chunk k by worker k mod n). The
commit adds the new segments, in input order, to the index's table of contents together with
the deletions of replaced articles: one atomic commit, as with one writer. Readers see
nothing before it; ``cancel`` leaves the index as it was.

Every run is shared out over the workers, whatever its size, when the writer is told how
many documents to expect (``expected``: the count ``baoku index`` makes up front, or the
length of a list): ``chunk_docs`` cuts the run into a multiple of the workers' number of
chunks of equal size, none over ``SEGMENT_DOCS`` (a day's issue of 200 articles: two chunks
of 100 for two workers; 25,000 articles: four of 6,250, not 10,000 + 10,000 + 5,000 with one
worker idle at the end). A run too small to share (fewer than ``MIN_CHUNK_DOCS`` documents a
worker) is built in this process. Without a count, chunks have ``SEGMENT_DOCS`` documents
and the workers start once ``START_DOCS`` have come. The few more segments a small run
leaves are merged by ``indexer.engine.merging`` with those of later runs.

A worker gets its chunk in batches of ``BATCH_DOCS`` documents as they are read, so it
starts on a chunk when the chunk's first documents are ready, not when the whole chunk is.

Worker processes are forked when the program says it is nothing but an indexer
(``indexer.cores.forking_workers``: ``baoku index``) and this process runs a single thread:
a fork starts at once with every module imported and jieba's dictionary loaded (once, by
this process, just before), where a fresh interpreter would first spend a second or two of CPU
importing and loading them, for each worker, while a small run waits.
Any other process (a web server indexing an upload, a library user) starts them with
"spawn" instead (forking a threaded process can copy a lock another thread holds); a script
that indexes with workers then needs the usual ``if __name__ == "__main__":`` guard.
Workers end with the writer's process, even one killed with SIGKILL (``parent_watch``).

Each worker counts the documents it has built into a shared counter, article by article; the
writer adds them up while it feeds the workers or waits for them and reports what is new to
its ``progress`` (``indexer.editing.progress``), so a progress bar follows the building, not
the reading.

Chunks keep the input order, so document numbers, and with them the order of hits with equal
scores, are the same as with a single writer.

The real Whoosh writer opened by the caller is kept for what it does well: holding the
index's write lock and deleting the old versions of replaced articles.
"""
from __future__ import annotations

import functools
import math
import multiprocessing
import os
import pickle
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import MERGE_SMALL

from indexer.cores import worker_start_method
from indexer.editing.progress import WRITING, IndexProgress
from indexer.text.segmentation import segmenter

from .parent_watch import die_with_parent
from .segment_builder import SegmentBuilder, remove_segment_files
from .whoosh_private import commit_segments

# Documents per new segment. Each worker holds one chunk's postings in memory (measured:
# about 1.0 GB at its peak for 10,000 articles of 1,200 characters); an archive of many
# segments is slower to search (each query visits every segment), so they should not be too
# small.
SEGMENT_DOCS = 10_000
# The fewest documents a worker is given from a run of known size: a smaller run is built in
# this process (each worker loads jieba's dictionary, about a second of CPU).
MIN_CHUNK_DOCS = 50
# Documents sent to a worker at a time, and, in a run of unknown size, how many must have
# come before the workers start.
BATCH_DOCS = 250
START_DOCS = 1_000
# How often a waiting writer checks that its workers still run (seconds).
POLL_SECONDS = 0.5


# A worker's answers for a chunk: (FINISH, its segment) or (FAILED, the error).
FINISH, FAILED = "finish", "failed"


def _serve(inbox, outbox, folder: str, schema, indexname: str, codec, built,
           parent: int) -> None:
    """A worker process: builds one segment after another from the messages of ``inbox``
    (a list of documents: more of the current chunk; ``FINISH``: the chunk is complete,
    answer (FINISH, its segment) or (FAILED, the error that stopped it); None: stop), adding
    one to the shared counter ``built`` for each document built; ``codec``: the index's
    (``ArchiveIndex.codec``). Ctrl+C is the writer's to
    handle: it stops the workers. The worker ends when its writer process ``parent`` does,
    even killed with SIGKILL (``parent_watch``)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    storage = FileStorage(folder)
    load_segmenters(schema)  # now, while the first documents are read (if not forked)
    while (message := inbox.get()) is not None:
        chunk = _ChunkDocuments(inbox, message)
        try:
            answer = (FINISH, build_segment(storage, schema, indexname, chunk,
                                            on_document=functools.partial(_count, built),
                                            codec=codec))
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the writer
            chunk.skip_rest()
            answer = (FAILED, _portable(exc))
        outbox.put(answer)


class _ChunkDocuments:
    """The documents of one chunk, as they arrive in a worker's inbox (lists of documents,
    then ``FINISH``), starting with the message ``first``."""

    def __init__(self, inbox, first) -> None:
        self._inbox = inbox
        self._message = first

    def __iter__(self):
        while self._message != FINISH:
            yield from self._message
            self._message = self._inbox.get()

    def skip_rest(self) -> None:
        """Read the chunk's remaining messages (after a failure), up to its ``FINISH``."""
        while self._message != FINISH:
            self._message = self._inbox.get()


def load_segmenters(schema) -> None:
    """Load the jieba dictionary of every word field of ``schema`` (kept by
    ``segmenter``'s cache: a process forked afterwards has it too)."""
    for name in schema.names():
        userdict = getattr(schema[name].analyzer, "userdict", None)
        if userdict is not None:
            segmenter(userdict)


def _count(built) -> None:
    built.value += 1  # only this worker writes it


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling (to cross to the writer), else a RuntimeError
    saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any unpicklable exception
        return RuntimeError(f"an indexing worker failed: {type(exc).__name__}: {exc}")


class _Worker:
    """One worker process and its two queues."""

    def __init__(self, context, folder: str, schema, indexname: str, codec) -> None:
        self.inbox = context.Queue()
        self.outbox = context.Queue()
        self.built = context.Value("q", 0, lock=False)  # documents built, for progress
        self.process = context.Process(
            target=_serve, args=(self.inbox, self.outbox, folder, schema, indexname,
                                 codec, self.built, os.getpid()),
            daemon=True)
        self.process.start()

    def answer(self, waiting: Callable[[], None]):
        """The worker's answer for its oldest chunk: (FINISH, segment) or (FAILED,
        exception); ``waiting`` is called every POLL_SECONDS until it comes. Raises
        RuntimeError if the process died."""
        while True:
            try:
                return self.outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                waiting()
                if not self.process.is_alive():
                    raise RuntimeError(f"an indexing worker stopped unexpectedly (exit code "
                                       f"{self.process.exitcode})") from None

    def kill(self) -> None:
        """Stop the process now. What is still queued for it is dropped: otherwise this
        process would wait at exit for the queue's thread to hand it over to nobody."""
        self.process.kill()
        self.process.join()
        self.inbox.cancel_join_thread()
        self.inbox.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.inbox.put(None)
        self.process.join(timeout=30)
        if self.process.is_alive():  # pragma: no cover - a worker that does not stop
            self.process.kill()
            self.process.join()
        # End the queue's feeding thread (a later run of this process can then fork); it
        # has nothing left to hand over unless the worker was killed.
        if self.process.exitcode != 0:  # pragma: no cover - see above
            self.inbox.cancel_join_thread()
        self.inbox.close()
        self.inbox.join_thread()


def chunk_docs(expected: int | None, workers: int, segment_docs: int) -> int:
    """Documents a chunk (a new segment) holds in a run expected to hold ``expected``
    (None: unknown): the run cut into the fewest chunks of at most ``segment_docs`` that
    are a multiple of ``workers`` in number and of equal size, so every worker gets as much
    as the others. A run of fewer than ``workers * MIN_CHUNK_DOCS`` documents is one chunk.
    Documents beyond ``expected`` make further chunks of the same size."""
    if not expected or workers < 2 or expected < workers * MIN_CHUNK_DOCS:
        return segment_docs
    chunks = workers * math.ceil(expected / (workers * segment_docs))
    return math.ceil(expected / chunks)


def build_segment(storage, schema, indexname: str, docs: Iterable[dict[str, Any]],
                  on_document: Callable[[], None] | None = None, codec=None):
    """One new segment of ``docs`` in ``storage`` (not yet in the index's table of
    contents; None if ``docs`` is empty); ``on_document`` is called after each document.
    On failure, nothing of it is left. ``codec``: the index's (Whoosh's default: None)."""
    builder = SegmentBuilder(storage, schema, indexname, codec)
    try:
        for doc in docs:
            builder.add_document(doc)
            if on_document is not None:
                on_document()
        return builder.finish()
    except BaseException:
        builder.cancel()
        raise


class ParallelWriter:
    """A writer that builds new segments with ``workers`` processes. ``writer`` is a Whoosh
    writer of the index, opened by the caller (it holds the lock); this object owns it from
    now on and commits or cancels it. ``progress`` hears of each document built.
    ``expected``: how many documents the run will likely give (None: unknown), to share
    them out evenly (``chunk_docs``)."""

    def __init__(self, writer, workers: int, segment_docs: int | None = None,
                 progress: IndexProgress | None = None,
                 expected: int | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._writer = writer
        self._storage = writer.storage
        self._schema = writer.schema
        self._indexname = writer.indexname
        self._codec = writer.codec  # the index's storage format (``ArchiveIndex.codec``)
        self._workers = workers
        self._chunk_docs = chunk_docs(expected, workers, segment_docs or SEGMENT_DOCS)
        # A run of known size shared out: the workers start with its first document; else
        # with the START_DOCS-th, if the run gets that far.
        self._shared = workers > 1 and bool(expected) and self._chunk_docs < expected
        self._pool: list[_Worker] = []
        self._batch: list[dict[str, Any]] = []  # read, not yet sent (or built here)
        self._chunk = 0  # number of the chunk being read
        self._in_chunk = 0  # documents of it read so far
        self._pending: deque[int] = deque()  # the workers of chunks sent, in input order
        self._segments: list = []  # built segments, in input order
        self._progress = progress or IndexProgress()
        self._added = 0  # documents given
        self._built = 0  # documents built (reported to progress)
        self._reported = 0  # documents built by the workers and reported
        self._all_given = False  # build_segments was called: no more documents come

    # The writer interface index_articles uses.

    def add_document(self, **doc: Any) -> None:
        if self._in_chunk == 0 and self._pool:
            self._make_room(self._chunk % self._workers)
        elif self._shared and not self._pool:
            self._start_workers()
        self._batch.append(doc)
        self._added += 1
        self._in_chunk += 1
        if self._in_chunk >= self._chunk_docs:
            self._end_chunk(last=False)
        elif (len(self._batch) >= BATCH_DOCS and self._workers > 1
              and (self._pool or self._in_chunk >= START_DOCS)):
            self._send()
            self._report()

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

    def build_segments(self) -> None:
        """Build the last segment and wait for all: every document is built, nothing is
        committed yet. Cancels everything if a worker fails."""
        self._all_given = True
        try:
            if self._in_chunk:
                self._end_chunk(last=True)
            while self._pending:
                self._collect()
        except BaseException:
            self.cancel()
            raise
        self._report()

    def commit(self, mergetype=None) -> None:
        """Build the segments (``build_segments``) and commit them with the deletions;
        the existing segments are first merged by ``mergetype`` (a Whoosh merge policy;
        default Whoosh's MERGE_SMALL), as Whoosh's own commit does."""
        self.build_segments()
        self._shutdown()
        writer = self._writer
        if not self._segments:
            writer.commit(mergetype=mergetype)
            return
        # As Whoosh's own commit: the merge policy copies the small existing segments into
        # the Whoosh writer's own segment, which follows the kept ones; then the new
        # segments, in input order.
        commit_segments(writer, mergetype or MERGE_SMALL, self._segments)

    def cancel(self) -> None:
        """Stop the workers at once, remove the segments built so far and cancel the
        writer. A worker stopped in the middle of a segment leaves its files, which are in
        no table of contents: ``indexer.engine.writing`` removes them (``clear_leftovers``) after
        cancelling, as it does for any failed writer."""
        for worker in self._pool:
            worker.kill()
        self._pool.clear()
        self._pending.clear()
        for segment in self._segments:
            remove_segment_files(self._storage, segment)
        self._segments.clear()
        self._writer.cancel()

    # Internals.

    def _end_chunk(self, last: bool) -> None:
        """The chunk being read is complete (``last``: and the run too): build it here (one
        worker, or a run of one small chunk), or tell its worker."""
        if self._pool or (self._workers > 1 and not last):
            self._send(finish=True)
        else:
            self._append(build_segment(self._storage, self._schema, self._indexname,
                                       self._batch, on_document=self._advance,
                                       codec=self._codec))
            self._batch = []
        self._chunk += 1
        self._in_chunk = 0

    def _send(self, finish: bool = False) -> None:
        """Send the documents read so far to the chunk's worker (starting the workers if
        they are not yet); with ``finish``, tell it the chunk is complete."""
        if not self._pool:
            self._start_workers()
        worker = self._pool[self._chunk % self._workers]
        if self._batch:
            worker.inbox.put(self._batch)
            self._batch = []
        if finish:
            worker.inbox.put(FINISH)
            self._pending.append(self._chunk % self._workers)

    def _start_workers(self) -> None:
        method = worker_start_method()
        if method == "fork":  # loaded once, here, shared by every worker
            load_segmenters(self._schema)
        context = multiprocessing.get_context(method)
        self._pool = [_Worker(context, self._storage.folder, self._schema, self._indexname,
                              self._codec)
                      for _ in range(self._workers)]

    def _make_room(self, worker: int) -> None:
        """Before a new chunk goes to ``worker``: at most one more chunk waits behind the one
        it builds, so the reader stays just ahead of the workers and memory stays bounded."""
        while self._pending.count(worker) >= 2:
            self._collect()

    def _collect(self) -> None:
        """The segment of the oldest chunk sent (raises what stopped its worker)."""
        kind, value = self._pool[self._pending.popleft()].answer(self._report)
        if kind == FAILED:
            raise value
        self._append(value)

    def _report(self) -> None:
        """Tell ``progress`` of the documents the workers built since the last report."""
        built = sum(worker.built.value for worker in self._pool)
        if built > self._reported:
            self._advance(built - self._reported)
            self._reported = built

    def _advance(self, documents: int = 1) -> None:
        """``documents`` more are built; once the last is, the segments' files are written."""
        self._progress.advance(documents)
        self._built += documents
        if self._all_given and self._built == self._added:
            self._progress.phase(WRITING)

    def _append(self, segment) -> None:
        if segment is not None:
            self._segments.append(segment)

    def _shutdown(self) -> None:
        for worker in self._pool:
            worker.stop()
        self._pool.clear()
