"""Which segments an editing run merges, and when.

Every run adds a small segment (a day's issue: tens of articles). Searches visit every
segment, so small ones are merged now and then, with Whoosh's own heuristic (``MERGE_SMALL``:
the smallest segments, once there are at least five of them and together they hold fewer
documents than a Fibonacci bound), restricted to segments under ``MERGE_LIMIT`` documents:
the archive's large segments are never rewritten.

Merging goes through Whoosh's writer (``add_reader``), tens of milliseconds per article: a
merge of ten issues costs about half a minute of CPU. ``indexer.engine.writing`` therefore commits
a run's changes first, without merging (the issue is visible at once), then merges in a
commit of its own when ``segments_to_merge`` names any.
"""
from __future__ import annotations

from whoosh.reading import SegmentReader
from whoosh.util import fib

# Segments of at least this many documents are never merged by an editing run.
MERGE_LIMIT = 1_000


def segments_to_merge(segments: list) -> list:
    """The segments Whoosh's MERGE_SMALL would merge, among those under ``MERGE_LIMIT``
    documents (deleted ones counted); empty when it would merge none."""
    small = sorted((s for s in segments if s.doc_count_all() < MERGE_LIMIT),
                   key=lambda s: s.doc_count_all())
    total = 0
    for i, segment in enumerate(small):
        total += segment.doc_count_all()
        if i > 3 and total < fib(i + 5):
            return small[:i + 1]
    return []


def merge_small(writer, segments: list) -> list:
    """A Whoosh merge policy (``commit(mergetype=...)``): copies the segments
    ``segments_to_merge`` names into the writer's new segment; returns the others, in
    their order."""
    chosen = {s.segment_id() for s in segments_to_merge(segments)}
    for segment in segments:
        if segment.segment_id() in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [s for s in segments if s.segment_id() not in chosen]
