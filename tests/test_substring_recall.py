"""The exactness guarantee: any run of characters visible in an article finds that article,
typed with quotes or pasted without them (punctuation aside).

Indexes 600 real articles drawn with a fixed seed from every JSONL file of the test corpus
(tests/data/corpus), then samples 300 quoted and 300 unquoted substrings of 2 to 8
characters of their headlines and bodies and searches each, narrowed the way a journalist
would narrow (paper, month, page), expecting the source article among the hits: 100%.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.engine.search import search
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from indexer.results import SearchRequest

SEED = 20261129
ARTICLES = 600  # of the 769 articles of 20 characters or more in tests/data/corpus
SAMPLES = 300
SEARCHABLE = re.compile(r"[^\W_]")


@pytest.fixture(scope="module")
def drawn(corpus_data: Path, tmp_path_factory) -> tuple[ArchiveIndex, list[Article]]:
    everything = [a for a in read_paths(sorted(corpus_data.glob("*.jsonl")))
                  if isinstance(a, Article) and len(a.body) >= 20]
    articles = random.Random(SEED).sample(everything, ARTICLES)
    index = create_or_open(tmp_path_factory.mktemp("recall"))
    assert index_articles(index, articles).added == ARTICLES
    return index, articles


def substrings(articles: list[Article], seed: int) -> list[tuple[Article, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < SAMPLES:
        article = rng.choice(articles)
        text = article.title if rng.random() < 0.1 and len(article.title) >= 2 else article.body
        length = rng.randint(2, 8)
        start = rng.randrange(max(1, len(text) - length + 1))
        piece = text[start:start + length]
        if len(piece) >= 2 and SEARCHABLE.search(piece) and '"' not in piece:
            out.append((article, piece))
    return out


def narrowed(article: Article) -> tuple[tuple[str, tuple[str, ...]], ...]:
    filters = [("source", article.source), ("month", article.date and article.date[:7]),
               ("page", article.page)]
    return tuple((name, (value,)) for name, value in filters if value)


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "pasted"])
def test_every_substring_finds_its_article(drawn, quoted: bool) -> None:
    index, articles = drawn
    missed = []
    for article, piece in substrings(articles, SEED + quoted):
        query = f'"{piece}"' if quoted else piece
        results = search(index, SearchRequest(query=query, filters=narrowed(article),
                                              limit=1000, facets=False))
        # An identical printing of the text is one hit, listing the article in also_on.
        if article.id not in {i for h in results.hits for i in (h.id, *h.also_on)}:
            missed.append((query, article.id, results.total))
    assert missed == []
