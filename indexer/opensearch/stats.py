"""What an archive on the cluster holds (article count, date range, papers, months), and
its warm-up before the first user comes."""
from __future__ import annotations

import time

from indexer.results import FACET_FIELDS, ArchiveStats, SearchRequest, WarmUp

from .searching import search
from .store import Archive

# What the warm-up's searches make each node load: the keyword columns (global ordinals)
# that facets, collapsing and sorting read.
COLUMNS = (*FACET_FIELDS, "group", "body_key", "date", "id")
# Words searched in advance, as a user would: the index's term dictionaries and the
# caches of the text fields are read in.
WORDS = ("中国", "发展", "人民")


def archive_stats(archive: Archive) -> ArchiveStats:
    """Counts from aggregations (no article is fetched)."""
    everything = search(archive, SearchRequest(limit=0, facet_limit=0, snippets=False,
                                               collapse=False))
    answer = archive.cluster.search({
        "query": {"match_all": {}}, "size": 0, "track_total_hits": False,
        "aggs": {"first": {"terms": {"field": "date", "size": 1, "order": {"_key": "asc"}}},
                 "last": {"terms": {"field": "date", "size": 1, "order": {"_key": "desc"}}}}})
    first = answer["aggregations"]["first"]["buckets"]
    last = answer["aggregations"]["last"]["buckets"]
    source = everything.facet("source")
    month = everything.facet("month")
    return ArchiveStats(
        articles=everything.total,
        first_date=first[0]["key"] if first else None,
        last_date=last[0]["key"] if last else None,
        sources=source.counts() if source else {},
        months=month.counts() if month else {},
    )


def warm_up(archive: Archive) -> WarmUp:
    """Ask the cluster what every search asks: the facets, collapsing and sorts of the
    empty query, and a few common words; report the archive's segments and articles."""
    started = time.perf_counter()
    everything = search(archive, SearchRequest(limit=10, snippets=False))
    search(archive, SearchRequest(limit=10, sort="newest", facets=False, snippets=False))
    for word in WORDS:
        search(archive, SearchRequest(query=word, limit=10, facets=False, snippets=False))
    cluster = archive.cluster
    segments = cluster.call(cluster.client.indices.segments, index=archive.index)
    count = sum(len(copy.get("segments", {}))
                for shard in segments["indices"][archive.index]["shards"].values()
                for copy in shard if copy.get("routing", {}).get("primary"))
    return WarmUp(count, everything.total, COLUMNS, (), WORDS, 0,
                  time.perf_counter() - started)
