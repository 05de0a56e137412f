"""Facet counts (numpy, from columns and postings) equal a count made the slow way, article
by article from the stored documents, over indexes of one segment and of several."""
from __future__ import annotations

from collections import Counter

import pytest
from whoosh import query as wq

from indexer.engine.documents import article_from_stored
from indexer.engine.facets import FacetCache, count_facets
from indexer.entities import entity_values
from indexer.results import FACET_FIELDS

QUERIES = (wq.Every(), wq.Term("body_c", "国"), wq.Term("source", "人民日报"),
           wq.Term("body_g", "没有这个词"))


def brute_force(searcher, docs) -> dict[str, Counter]:
    counts = {field: Counter() for field in FACET_FIELDS}
    for docnum in docs:
        stored = searcher.stored_fields(docnum)
        date = stored.get("date") or ""
        values = {"source": [stored.get("source")], "year": [date[:4]],
                  "month": [date[:7]], "page": [stored.get("page")],
                  "author": [a.replace(",", " ") for a in stored.get("authors") or ()]}
        # The people, places and organisations are not stored: found again in the text.
        entities = entity_values(article_from_stored(stored))
        values.update({field: [v.replace(",", " ") for v in found]
                       for field, found in entities.items() if field in FACET_FIELDS})
        for field, found in values.items():
            counts[field].update(v for v in found if v)
    return counts


@pytest.mark.parametrize("name", ["whoosh_index", "parallel_index"])
def test_facet_counts_equal_a_count_of_the_stored_articles(name, request) -> None:
    index = request.getfixturevalue(name)
    cache = FacetCache()
    with index.searcher() as searcher:
        for q in QUERIES:
            docs = set(searcher.docs_for_query(q))
            facets = count_facets(searcher, cache, {f: docs for f in FACET_FIELDS}, {},
                                  limit=0)
            expected = brute_force(searcher, docs)
            assert {f.name: f.counts() for f in facets} == {
                f: dict(expected[f]) for f in FACET_FIELDS}, q
        assert len(set(searcher.docs_for_query(QUERIES[1]))) > 50


def test_counts_list_the_most_frequent_first_and_keep_chosen_values(whoosh_index) -> None:
    with whoosh_index.searcher() as searcher:
        docs = list(searcher.docs_for_query(wq.Every()))
        (facet,) = count_facets(searcher, FacetCache(), {"source": docs},
                                {"source": ("没有的报纸",)}, limit=1)
        expected = brute_force(searcher, docs)["source"].most_common(1)[0]
    assert [(v.value, v.count, v.selected) for v in facet.values] == [
        (*expected, False), ("没有的报纸", 0, True)]
    assert facet.truncated
