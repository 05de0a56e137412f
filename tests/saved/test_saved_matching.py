"""``matching_among`` — the saved searches' check — finds exactly what the search finds:
for queries of every kind and with filters, the articles among some ids that a request
matches are those of its full list of hits, in an archive of several segments."""
from __future__ import annotations

import pytest
from saved_helpers import BASE_ISSUES, NEW_ISSUE, articles_of

from indexer.readers import read_paths
from indexer.results import SearchRequest

QUERIES = ["阅兵", "国庆 阅兵", '"新中国成立70周年"', "国", "阅兵 OR 游客", "庆祝 -阅兵",
           "title:祖国", "author:王远", "page:1 习近平", "date:2019-10-07", "國慶", "70周年"]
FILTERS = [(), (("page", ("1", "2")),), (("source", ("人民日报",)), ("month", ("2019-10",)))]


@pytest.fixture()
def two_segments(archive):
    archive.index_articles(read_paths([NEW_ISSUE]), workers=1)
    return archive


@pytest.mark.parametrize("filters", FILTERS)
def test_matching_among_some_articles_agrees_with_the_search(two_segments, filters):
    ids = [a.id for a in articles_of(NEW_ISSUE)] + [a.id for a in articles_of(BASE_ISSUES[0])
                                                   ][::3] + ["rmrb-19000101-01-01"]
    requests = [SearchRequest(query=q, filters=filters) for q in QUERIES]
    found = two_segments.matching_among(requests, ids)
    expected = [frozenset(h.id for h in two_segments.iter_hits(r)) & set(ids)
                for r in requests]
    assert found == expected
    assert sum(map(len, found)) > 20 and sum(1 for f in found if f) >= 6
