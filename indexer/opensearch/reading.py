"""Reading one article back from the cluster, by id."""
from __future__ import annotations

from indexer.article import Article
from indexer.errors import ArticleNotFound

from .documents import article_from_source
from .store import Archive


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
