"""Saved searches are checked alike on the cluster: for each request, the same articles among
a commit's are found as in a Whoosh folder (``SearchBackend.matching_among``), in chunks
too."""
from __future__ import annotations

import pytest

from indexer.opensearch import among
from indexer.results import SearchRequest

REQUESTS = [
    SearchRequest(query="阅兵"),
    SearchRequest(query="中国", filters=(("page", ("1",)),)),
    SearchRequest(query="女排 OR 足球", date_from="2019-10-01", date_to="2019-10-02"),
    SearchRequest(query="微嘉园", filters=(("source", ("浙江日报",)),)),
    SearchRequest(query="中国 NOT 北京"),
]


@pytest.mark.parametrize("chunk", [1000, 7])
def test_the_cluster_finds_the_same_matches_among_some_articles(
        whoosh_sample, cluster_sample, sample_articles, monkeypatch, chunk: int) -> None:
    monkeypatch.setattr(among, "CHUNK", chunk)
    ids = [a.id for i, a in enumerate(sample_articles) if i % 2 == 0 or a.source == "浙江日报"]
    ids.append("no-such-article")
    expected = whoosh_sample.matching_among(REQUESTS, ids)
    assert all(expected[:4]) and expected[0] != expected[1]
    assert cluster_sample.matching_among(REQUESTS, ids) == expected
