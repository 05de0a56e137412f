"""More like this: articles that share an article's key words.

The key terms are the jieba words of the article's heading and body (the word fields) that
are frequent in it and rare in the archive (Whoosh's Bo1 model over the index's own
statistics); single characters are left out. The search itself is an ordinary query — any of
the key terms — run through ``indexer.engine.search``, so the hits are plain Hits with snippets.
The article itself and articles with the same body (reprints, one document printed on
several pages: the same ``body_key``) are left out.
"""
from __future__ import annotations

from whoosh import classify
from whoosh import query as wq

from indexer.article import Article
from indexer.results import Hit, SearchRequest
from indexer.text.normalize import normalize

from .documents import get_article
from .search import search
from .store import ArchiveIndex

KEY_TERMS = 10


def key_terms(index: ArchiveIndex, article: Article, count: int = KEY_TERMS) -> tuple[str, ...]:
    """The ``count`` most characteristic words (two characters or more) of ``article``,
    best first, from the heading (first) and the body."""
    texts = (("title_w", normalize(article.heading)),
             ("body_w", normalize(article.searchable_body())))
    scored: dict[str, float] = {}
    with index.reading() as searcher:
        for field, text in texts:
            if not text:
                continue
            for word, weight in searcher.key_terms_from_text(
                    field, text, numterms=count * 3, model=classify.Bo1Model):
                if len(word) > 1:
                    scored[word] = scored.get(word, 0.0) + weight
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(word for word, _ in ranked[:count])


def _same_body(index: ArchiveIndex, article_id: str) -> set[str]:
    """Ids of the article and of the articles with the same body_key."""
    excluded = {article_id}
    with index.reading() as searcher:
        fields = searcher.document(id=article_id) or {}
        key = fields.get("body_key")
        if key:
            excluded.update(searcher.stored_fields(docnum)["id"]
                            for docnum in searcher.docs_for_query(wq.Term("body_key", key)))
    return excluded


def similar_articles(index: ArchiveIndex, article_id: str, limit: int = 5) -> tuple[Hit, ...]:
    """Up to ``limit`` articles sharing ``article_id``'s key terms, most similar first, the
    key terms marked in their snippets. Raises ArticleNotFound."""
    article = get_article(index, article_id)
    terms = key_terms(index, article)
    if not terms or limit <= 0:
        return ()
    excluded = _same_body(index, article_id)
    query = " OR ".join(f'"{t}"' for t in terms)
    # The search collapses texts printed several times into one hit (with its printings),
    # so a page of n articles may hold fewer hits: ask for more than needed.
    results = search(index, SearchRequest(query=query, limit=2 * limit + len(excluded),
                                          facets=False))
    return tuple(h for h in results.hits if h.id not in excluded)[:limit]
