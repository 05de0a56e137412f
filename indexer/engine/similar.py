"""More like this: articles that share an article's key words.

The key terms are the jieba words of the article's heading and body (the word fields) that
are frequent in it and rare in the archive (``indexer.searching.key_terms``: the Bo1 model
over the index's own statistics); single characters are left out. The search itself is an
ordinary query — any of the key terms — run through ``indexer.engine.search``, so the hits
are plain Hits with snippets. The article itself and articles with the same body (reprints,
one document printed on several pages: the same ``body_key``) are left out.

An article's similar articles change only when the index does, and an article page is read
many times between two commits: ``SimilarCache`` keeps them, and the archive's count of
each word looked up, for the committed generation it was computed on.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from threading import Lock

from whoosh import query as wq

from indexer.article import Article
from indexer.results import Hit, SearchRequest
from indexer.searching.key_terms import KEY_TERMS, PER_FIELD, best_terms, combine
from indexer.text.normalize import normalize
from indexer.text.segmentation import word_tokens

from .documents import get_article
from .search import search
from .store import ArchiveIndex, generation_of

# Articles whose similar articles are kept, and words whose archive counts are kept.
CACHED_ARTICLES = 2_000
CACHED_WORDS = 200_000


class SimilarCache:
    """What similar articles reuse within one committed generation of the index: each
    article's result and each word's count in the archive. Emptied when the generation
    changes; safe to share between threads."""

    def __init__(self) -> None:
        self._generation: tuple | None = None
        self._results: OrderedDict[tuple[str, int], tuple[Hit, ...]] = OrderedDict()
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = Lock()

    def _at(self, generation: tuple) -> None:
        if generation != self._generation:
            self._generation = generation
            self._results.clear()
            self._counts.clear()

    def result(self, generation: tuple, key: tuple[str, int]) -> tuple[Hit, ...] | None:
        """The result kept for ``key`` at ``generation``, if any."""
        with self._lock:
            self._at(generation)
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
            return found

    def keep(self, generation: tuple, key: tuple[str, int], hits: tuple[Hit, ...]) -> None:
        """Keep ``hits`` for ``key``, computed at ``generation`` from start to end."""
        with self._lock:
            self._at(generation)
            self._results[key] = hits
            while len(self._results) > CACHED_ARTICLES:
                self._results.popitem(last=False)

    def collection_count(self, reader, field: str, word: str) -> int:
        """How many times ``word`` occurs in ``field`` over the archive (0 if never)."""
        key = (field, word)
        generation = generation_of(reader)
        with self._lock:
            self._at(generation)
            found = self._counts.get(key)
        if found is None:
            found = int(reader.frequency(field, word)) if (field, word) in reader else 0
            with self._lock:
                if len(self._counts) >= CACHED_WORDS:
                    self._counts.clear()
                if self._generation == generation:  # not a newer one's meanwhile
                    self._counts[key] = found
        return found


_CACHES: dict[str, SimilarCache] = {}
_CACHES_LOCK = Lock()


def _cache(index: ArchiveIndex) -> SimilarCache:
    with _CACHES_LOCK:
        return _CACHES.setdefault(str(index.path), SimilarCache())


def key_terms(index: ArchiveIndex, article: Article, count: int = KEY_TERMS) -> tuple[str, ...]:
    """The ``count`` most characteristic words (two characters or more) of ``article``,
    best first, from the heading (first) and the body."""
    texts = (("title_w", normalize(article.heading)),
             ("body_w", normalize(article.searchable_body())))
    cache = _cache(index)
    userdict = index.userdict()
    fields = []
    with index.reading() as searcher:
        reader = searcher.reader()
        documents = reader.doc_count_all()
        for field, text in texts:
            if text:
                # A word's weight in the text is its count times the field's boost, as
                # Whoosh records it in the index (and in the collection counts).
                boost = searcher.schema[field].format.field_boost
                words, _positions = word_tokens(text, userdict)
                # In the terms file's order: each block of it is then decoded once.
                weights = {word: n * boost for word, n in sorted(Counter(words).items())}
                fields.append(best_terms(
                    weights, lambda w, f=field: cache.collection_count(reader, f, w),
                    documents, PER_FIELD))
    return combine(fields, count)


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
    cache = _cache(index)
    before = index.generation()
    found = cache.result(before, (article_id, limit))
    if found is not None:
        return found
    hits = _similar(index, article_id, limit)
    if index.generation() == before:  # no commit came in while they were found
        cache.keep(before, (article_id, limit), hits)
    return hits


def _similar(index: ArchiveIndex, article_id: str, limit: int) -> tuple[Hit, ...]:
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
