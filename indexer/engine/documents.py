"""Reading articles back from the index's stored fields."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from indexer.article import Article
from indexer.errors import ArticleNotFound

from .store import ArchiveIndex


def article_from_stored(fields: dict[str, Any]) -> Article:
    """The Article a stored Whoosh document holds."""
    return Article(
        id=fields["id"],
        title=fields.get("title") or "",
        body=fields.get("body") or "",
        source=fields.get("source"),
        date=fields.get("date"),
        page=fields.get("page"),
        number=fields.get("number"),
        category=fields.get("category"),
        pretitle=fields.get("pretitle"),
        subtitle=fields.get("subtitle"),
        authors=tuple(fields.get("authors") or ()),
        captions=tuple(fields.get("captions") or ()),
        continuation=fields.get("continuation"),
        url=fields.get("url"),
        origin=fields.get("origin"),
        source_file=fields.get("source_file"),
        content_hash=fields.get("content_hash") or "",
    )


def get_article(index: ArchiveIndex, article_id: str) -> Article:
    """The article with ``article_id``. Raises ArticleNotFound."""
    with index.reading() as searcher:
        fields = searcher.document(id=article_id)
    if fields is None:
        raise ArticleNotFound(f"no article with id '{article_id}' in the index")
    return article_from_stored(fields)


def iter_articles(index: ArchiveIndex) -> Iterator[Article]:
    """Every live article of the index, in the order of its documents (oldest commits
    first), from the stored fields."""
    with index.reading() as searcher:
        for fields in searcher.all_stored_fields():
            yield article_from_stored(fields)
