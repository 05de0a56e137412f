"""Reading articles back from the cluster: one by id, or every one (to copy an archive)."""
from __future__ import annotations

from collections.abc import Iterator

from indexer.article import Article
from indexer.errors import ArticleNotFound

from .documents import article_from_source
from .paging import every_hit
from .store import Archive

OLDEST_FIRST = [{"date": {"order": "asc", "missing": "_first"}}, {"id": "asc"}]


def get_article(archive: Archive, article_id: str) -> Article:
    """The article with ``article_id``. Raises ArticleNotFound (documents are routed by
    their body, so they are found by an ``ids`` query, not a get by id)."""
    archive.meta()  # IndexNotFound first
    answer = archive.cluster.search({"query": {"ids": {"values": [article_id]}}, "size": 1,
                                     "_source": ["article"], "track_total_hits": False})
    hits = answer["hits"]["hits"]
    if not hits:
        raise ArticleNotFound(f"no article with id '{article_id}' in the index")
    return article_from_source(hits[0]["_source"])


def iter_articles(archive: Archive) -> Iterator[Article]:
    """Every article of the archive, oldest first (undated ones first), a page of hits at
    a time over one point in time."""
    archive.meta()
    for hit in every_hit(archive, {"match_all": {}}, OLDEST_FIRST, ["article"]):
        yield article_from_source(hit["_source"])
