"""Reading everything of an answer, page after page: every bucket of a composite
aggregation (every issue or period of an archive, however many there are), and every hit
of a query through a point in time and ``search_after`` (exports, copying an archive)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .compile import Query
from .store import Archive

BUCKET_PAGE = 5_000
HIT_PAGE = 500
PIT_KEEP_ALIVE = "2m"


def every_bucket(archive: Archive, query: Query, sources: list[dict[str, Any]]
                 ) -> Iterator[dict[str, Any]]:
    """The buckets (``key``: a dict by source name, ``doc_count``) of the articles of
    ``query`` by the composite ``sources``, in the sources' order."""
    after = None
    while True:
        composite: dict[str, Any] = {"size": BUCKET_PAGE, "sources": sources}
        if after is not None:
            composite["after"] = after
        answer = archive.cluster.search({"query": query, "size": 0, "track_total_hits": False,
                                         "aggs": {"all": {"composite": composite}}})
        found = answer["aggregations"]["all"]
        yield from found["buckets"]
        after = found.get("after_key")
        if after is None or len(found["buckets"]) < BUCKET_PAGE:
            return


def every_hit(archive: Archive, query: Query, sort: list[dict[str, Any]],
              source: list[str], search_type: str | None = None
              ) -> Iterator[dict[str, Any]]:
    """Every hit of ``query`` in the order ``sort`` (which must end with a unique key),
    ``HIT_PAGE`` a request over one point in time of the index (what a writer does
    meanwhile is not seen); the point in time is let go when the caller stops."""
    cluster = archive.cluster
    pit = cluster.call(cluster.client.create_pit, index=archive.index,
                       keep_alive=PIT_KEEP_ALIVE)["pit_id"]
    extra: dict[str, Any] = {"allow_partial_search_results": False}  # see Cluster.search
    if search_type:
        extra["search_type"] = search_type
    after: list[Any] | None = None
    try:
        while True:
            body: dict[str, Any] = {"pit": {"id": pit, "keep_alive": PIT_KEEP_ALIVE},
                                    "query": query, "size": HIT_PAGE, "sort": sort,
                                    "track_total_hits": False, "_source": source}
            if after is not None:
                body["search_after"] = after
            answer = cluster.call(cluster.client.search, body=body, **extra)
            pit = answer.get("pit_id", pit)
            hits = answer["hits"]["hits"]
            yield from hits
            if len(hits) < HIT_PAGE:
                return
            after = hits[-1]["sort"]
    finally:
        try:
            cluster.call(cluster.client.delete_pit, body={"pit_id": [pit]})
        except Exception:  # noqa: BLE001 - it expires by itself
            pass
