"""More like this on the cluster: articles that share an article's key words.

As for the Whoosh backend (``indexer.engine.similar``): the key terms are the jieba words
(two characters or more) of the article's heading and body that are frequent in it and rare
in the archive, scored with the Bo1 model (divergence from randomness) from the archive's
term statistics, here those the cluster's term vectors API gives for the article's text
(the statistics of the shard holding it: the archive's, sampled); the search itself is an
ordinary query — any of the key terms — so the hits are plain Hits with snippets. The
article itself and articles with the same body (reprints, one document printed on several
pages) are left out.
"""
from __future__ import annotations

from typing import Any

from indexer.article import Article
from indexer.results import Hit, SearchRequest
from indexer.searching.collapse import body_key
from indexer.searching.key_terms import KEY_TERMS, PER_FIELD, best_terms, combine
from indexer.text.normalize import normalize
from indexer.text.segmentation import segment

from .mapping import words_field
from .reading import get_article
from .searching import search
from .store import Archive


def key_terms(archive: Archive, article: Article, count: int = KEY_TERMS) -> tuple[str, ...]:
    """The ``count`` most characteristic words (two characters or more) of ``article``,
    best first, from the heading and the body."""
    userdict = archive.userdict()
    texts = {"heading": normalize(article.heading),
             "body": normalize(article.searchable_body())}
    doc = {words_field(part): " ".join(segment(text, userdict))
           for part, text in texts.items() if text}
    if not doc:
        return ()
    cluster = archive.cluster
    # Routed as the article is: the same shard's statistics every time.
    answer = cluster.call(cluster.client.termvectors, index=archive.index,
                          routing=body_key(article) or article.id, body={
        "doc": doc, "fields": list(doc), "term_statistics": True, "field_statistics": True,
        "positions": False, "offsets": False})
    return combine((_field_terms(vector, PER_FIELD)
                    for vector in answer.get("term_vectors", {}).values()), count)


def _field_terms(vector: dict[str, Any], number: int) -> list[tuple[str, float]]:
    """One field's ``number`` best terms, from its term vector and the term statistics."""
    terms = vector.get("terms", {})
    return best_terms({word: info.get("term_freq", 1) for word, info in terms.items()},
                      lambda word: terms[word].get("ttf") or 0,
                      vector.get("field_statistics", {}).get("doc_count") or 0, number)


def _same_body(archive: Archive, article_id: str, article: Article) -> set[str]:
    """Ids of the article and of the articles with the same body."""
    excluded = {article_id}
    key = body_key(article)
    if key:
        answer = archive.cluster.search({"query": {"term": {"body_key": key}},
                                         "size": 10_000, "_source": False,
                                         "track_total_hits": False})
        excluded.update(h["_id"] for h in answer["hits"]["hits"])
    return excluded


def similar_articles(archive: Archive, article_id: str, limit: int = 5) -> tuple[Hit, ...]:
    """Up to ``limit`` articles sharing ``article_id``'s key terms, most similar first.
    Raises ArticleNotFound."""
    article = get_article(archive, article_id)
    terms = key_terms(archive, article)
    if not terms or limit <= 0:
        return ()
    excluded = _same_body(archive, article_id, article)
    query = " OR ".join(f'"{t}"' for t in terms)
    results = search(archive, SearchRequest(query=query, limit=2 * limit + len(excluded),
                                            facets=False))
    return tuple(h for h in results.hits if h.id not in excluded)[:limit]
