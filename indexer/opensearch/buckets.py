"""Every bucket of a composite aggregation, page after page: what listing every issue or
every period of an archive needs, however many there are."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .compile import Query
from .store import Archive

PAGE = 5_000


def every_bucket(archive: Archive, query: Query, sources: list[dict[str, Any]]
                 ) -> Iterator[dict[str, Any]]:
    """The buckets (``key``: a dict by source name, ``doc_count``) of the articles of
    ``query`` by the composite ``sources``, in the sources' order."""
    after = None
    while True:
        composite: dict[str, Any] = {"size": PAGE, "sources": sources}
        if after is not None:
            composite["after"] = after
        answer = archive.cluster.search({"query": query, "size": 0, "track_total_hits": False,
                                         "aggs": {"all": {"composite": composite}}})
        found = answer["aggregations"]["all"]
        yield from found["buckets"]
        after = found.get("after_key")
        if after is None or len(found["buckets"]) < PAGE:
            return
