"""Warming up an open index before users come: what every search needs, loaded once.

A search fills the index's caches lazily (``ArchiveIndex.facet_cache``): the facet and
collapsing columns of every segment, the field lengths the array ranking divides by, the
posting lists of the words searched. Left to the first searches, that costs the first user
seconds on a large archive and every later first query of a word a hundred milliseconds.
``warm_up`` fills the same caches through the same calls the searches make, so a search
afterwards finds them filled; nothing here is a second way of searching. It also loads every
loop compiled by numba (``jit``), so that the first search waits for none.

Time: reading each segment's codes file and field lengths grows with the archive (2.9 s for
480,000 articles in 48 segments), loading numba's loops takes 0.7 s and finding the frequent
words 0.4 s; the word searches then go on until the cache holds ``share`` of its capacity or
the warm-up has taken ``deadline`` seconds (``WORD_SEARCH_DEADLINE``), so that a server on a
large archive listens within about ten seconds. The words not searched by then are read by
their first search.

Memory (measured on 100,000 articles): the columns and field lengths take about 30 MB
(300 bytes an article, so some 300 MB at a million), what the searches held anyway after a
few pages. The postings preloaded are bounded by the postings cache, not by the archive:
``warm_up`` stops once the cache holds ``share`` of its capacity (``postings.CACHE_POSTINGS``,
twenty million postings at about 65 bytes each with their positions), so at most about
650 MB by default whatever the archive's size (one list may overshoot); on a small archive
the 40 words' lists take less (a million postings at 100,000 articles).
The searches' least recently used lists push them out later.

A searcher belongs to one thread (``ArchiveIndex.reading``): the server's threads each
open their own on their first search (about 10 ms for ten segments); the caches above are
shared by all of them.
"""
from __future__ import annotations

import time
from heapq import nlargest

import numpy as np

from indexer.results import FACET_FIELDS, SearchRequest, WarmUp
from indexer.searching.collapse import PRINTED

from .bm25 import add_scores
from .codec import varint
from .codec.block_search import find_entry
from .facets import CODED
from .position_gaps import phrase_keys, unpack_values
from .schema import CHAR_FIELDS, GRAM_FIELDS
from .search import search
from .store import ArchiveIndex

# Columns read as codes of the whole searcher (``FacetCache.joined``): facets, collapsing, a
# hit's other printings (``Collapser.printings``).
JOINED = tuple(dict.fromkeys((*FACET_FIELDS, "body_key", *PRINTED)))
# Columns read as values: a printing's id (``Collapser.printings``); the dates and papers of
# the home page's figures and latest issues (``stats``, ``browse``).
VALUES = ("id", "date", "source")
# Field lengths of the array ranking (``array_scores``: runs are bigrams or characters).
LENGTHS = (*GRAM_FIELDS, *CHAR_FIELDS)
NO_DOCUMENTS = np.empty(0, dtype=np.int64)
# No word search starts once the warm-up has taken this long (seconds): a server listens
# within about ten seconds on a large archive, the words left load on their first search.
WORD_SEARCH_DEADLINE = 7.0
# Varints enough for ``varint.decode_many`` to read them in its compiled loop.
_LONG_VARINTS = varint.encode_all([128] * (varint.COMPILED_FROM + 1))
# Where the words most likely to be searched are counted: the headlines' jieba words.
WORDS_FIELD = "title_w"


def warm_up(index: ArchiveIndex, words: int = 40, share: float = 0.5,
            deadline: float = WORD_SEARCH_DEADLINE) -> WarmUp:
    """Open this thread's searcher and fill ``index.facet_cache``: the columns and field
    lengths of every segment, then the postings of up to ``words`` of the most frequent
    headline words, each searched as a user would (``search``), until the postings cache
    holds ``share`` of its capacity or the warm-up has taken ``deadline`` seconds. Works on
    an empty index (nothing to load)."""
    started = time.perf_counter()
    cache = index.facet_cache
    with index.reading() as searcher:
        readers = [s.reader() for s, _ in searcher.leaf_searchers()]
        for reader in readers:
            for field in CODED:
                cache.numbers(reader, field)
            for field in VALUES:
                cache.values(reader, field)
            for field in LENGTHS:
                cache.lengths(reader, field)
        _load_compiled(cache.joined_tables(searcher, JOINED))
        frequent = frequent_words(readers, words)
        articles = searcher.doc_count()
    searched = []
    budget = share * cache.postings.capacity
    for word in frequent:
        if cache.postings.size >= budget or time.perf_counter() - started >= deadline:
            break
        search(index, SearchRequest(query=word, limit=0, facets=False, snippets=False))
        searched.append(word)
    return WarmUp(len([r for r in readers if r.doc_count_all()]), articles,
                  tuple(dict.fromkeys(CODED + VALUES)),
                  LENGTHS, tuple(searched), cache.postings.size,
                  time.perf_counter() - started)


def _load_compiled(tables: list) -> None:
    """Load every loop compiled by numba (``jit``), called on nothing with the types a
    search passes it, so that the first user's search waits for none of them (each takes
    a tenth of a second or more); the word searches may not run."""
    for table in tables:
        table.count(NO_DOCUMENTS)  # ``counting``, single- and multi-valued
    nothing = np.zeros(0)
    add_scores(nothing, np.zeros(0, dtype=bool), NO_DOCUMENTS, nothing, nothing,
               0.0, 1.0, 0.0, 1.0)
    unpack_values([])
    phrase_keys([], 0, None)
    find_entry(b"", b"")
    varint.decode_many(_LONG_VARINTS, 0, varint.COMPILED_FROM + 1)


def frequent_words(readers: list, count: int) -> list[str]:
    """The ``count`` Chinese headline words (``_searchable``) in most articles of the
    largest segment, most frequent first: one segment of thousands of articles ranks the
    common words as the whole archive does, and reading one term index costs a fixed time
    (a quarter of a second for 10,000 articles) whatever the archive's size."""
    if not readers or count <= 0:
        return []
    largest = max(readers, key=lambda r: r.doc_count_all())
    found = ((info.doc_frequency(), text.decode("utf-8"))
             for text, info in largest.iter_prefix(WORDS_FIELD, ""))
    return [word for _, word in nlargest(count, ((n, w) for n, w in found if _searchable(w)))]


def _searchable(word: str) -> bool:
    """A word worth searching in advance: Chinese, two characters or more (not a number, a
    Latin word or a query operator such as OR)."""
    return len(word) > 1 and word.isalnum() and not word.isascii()
