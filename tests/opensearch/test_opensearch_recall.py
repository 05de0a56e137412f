"""The exactness guarantee on the cluster (``tests/test_substring_recall.py``'s, on the
shipped sample): any run of characters visible in an article finds that article, typed with
quotes or pasted without them (punctuation aside), narrowed the way a journalist would
narrow (paper, month, page)."""
from __future__ import annotations

import random
import re

import pytest

from indexer.article import Article
from indexer.results import SearchRequest

SEED = 20261130
SAMPLES = 100
SEARCHABLE = re.compile(r"[^\W_]")


def substrings(articles: list[Article], seed: int) -> list[tuple[Article, str]]:
    """Pieces of 1 to 12 characters of headlines and bodies (punctuation, spaces and
    traditional or full-width characters included, as they were printed)."""
    rng = random.Random(seed)
    out = []
    while len(out) < SAMPLES:
        article = rng.choice(articles)
        text = article.title if rng.random() < 0.15 and len(article.title) >= 2 else article.body
        length = rng.randint(1, 12)
        start = rng.randrange(max(1, len(text) - length + 1))
        piece = text[start:start + length]
        if SEARCHABLE.search(piece) and '"' not in piece and piece.strip() == piece:
            out.append((article, piece))
    return out


def narrowed(article: Article) -> tuple[tuple[str, tuple[str, ...]], ...]:
    filters = [("source", article.source), ("month", article.date and article.date[:7]),
               ("page", article.page)]
    return tuple((name, (value,)) for name, value in filters if value)


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "pasted"])
def test_every_substring_finds_its_article(cluster_sample, whoosh_sample, sample_articles,
                                           quoted: bool) -> None:
    missed, unlike = [], []  # unlike: the Whoosh folder counts another total
    for article, piece in substrings(sample_articles, SEED + quoted):
        query = f'"{piece}"' if quoted else piece
        request = SearchRequest(query=query, filters=narrowed(article), limit=1000,
                                facets=False, snippets=False)
        results = cluster_sample.search(request)
        # An identical printing of the text is one hit, listing the article in also_on.
        if article.id not in {i for h in results.hits for i in (h.id, *h.also_on)}:
            missed.append((query, article.id, results.total))
        if results.total != whoosh_sample.search(request).total:
            unlike.append(query)
    assert missed == []
    assert unlike == []
