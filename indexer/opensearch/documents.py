"""An Article as a document of the archive's index, and back.

The searched text is normalised exactly as the Whoosh index normalises it
(``indexer.engine.schema.to_document``: the heading, and the byline, body, captions and
continuation as the body), and segmented into jieba words with the archive's user
dictionary (``indexer.text.segmentation``). Identical bodies share a ``body_key`` (the
Whoosh index's own), and the document is routed by it: every printing of one text is on one
shard, so counting the printings of a text is exact per shard.
"""
from __future__ import annotations

import datetime
from typing import Any

from indexer.article import Article, facet_values, page_number
from indexer.entities import entity_values
from indexer.searching.collapse import body_key
from indexer.text.headline import headline_key
from indexer.text.normalize import normalize
from indexer.text.segmentation import segment

_INT_LIMIT = 2**31  # an integer field's range


def group_of(article_id: str, key: str) -> str:
    """What a hit collapses by: the body key, or the article's own id (never equal to a
    key: keys are hex digits)."""
    return key or f"#{article_id}"


def authors_of(article: Article) -> list[str]:
    """The author values filtered and counted (as the Whoosh index's comma-separated
    keyword field reads them)."""
    names = (a.replace(",", " ").strip() for a in article.authors)
    return list(dict.fromkeys(n for n in names if n))


def to_document(article: Article, userdict: str | None = None) -> tuple[dict[str, Any],
                                                                        str | None]:
    """The document of ``article`` and its routing (None: routed by id)."""
    heading = normalize(article.heading)
    body = normalize(article.searchable_body())
    key = body_key(article)
    doc: dict[str, Any] = {
        "id": article.id,
        "content_hash": article.content_hash,
        "group": group_of(article.id, key),
        "heading": heading,
        "body": body,
        "heading_words": " ".join(segment(heading, userdict)),
        "body_words": " ".join(segment(body, userdict)),
        "article": article.to_dict(),
    }
    if key:
        doc["body_key"] = key
    headline = headline_key(article.title)
    if headline:
        doc["headline_key"] = headline
    doc.update(facet_values(article))
    if article.date and _real_day(article.date):
        doc["day"] = article.date
    number = page_number(article.page)
    if number is not None and number < _INT_LIMIT:
        doc["page_no"] = number
    if article.number is not None and abs(article.number) < _INT_LIMIT:
        doc["number"] = article.number
    authors = authors_of(article)
    if authors:
        doc["author"] = authors
    found = entity_values(article, userdict, heading + "\n" + body)
    doc.update({name: list(values) for name, values in found.items()})
    return doc, key or None


def _real_day(date: str) -> bool:
    try:
        datetime.date.fromisoformat(date)
        return True
    except ValueError:
        return False


def article_from_source(source: dict[str, Any]) -> Article:
    """The Article a document's ``_source`` holds."""
    return Article.from_dict(source["article"])
