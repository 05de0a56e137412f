"""What goes wrong is told as Baoku's errors, in one line naming the archive: a malformed
query (before anything is sent), an archive that does not exist, a cluster that does not
answer; a node that does not answer is passed over for another."""
from __future__ import annotations

import pytest

from indexer.archive import open_archive
from indexer.errors import (
    ArchiveUnavailable,
    ArticleNotFound,
    BaokuError,
    IndexNotFound,
    InvalidRequest,
    IssueNotFound,
    QuerySyntaxError,
)
from indexer.results import SearchRequest

UNREACHABLE = "opensearch://127.0.0.1:9299/x"
MALFORMED = ['"never closed', "(女排 OR 足球", "女排 OR", "NOT", 'title:', "date:2020-13",
             'foo:bar', '"。。"', "女排 AND )"]


@pytest.mark.parametrize("query", MALFORMED)
def test_a_malformed_query_is_a_syntax_error_before_anything_is_sent(cluster_sample,
                                                                    query: str) -> None:
    for backend in (cluster_sample, open_archive(UNREACHABLE)):
        with pytest.raises(QuerySyntaxError):
            backend.search(SearchRequest(query=query))
        with pytest.raises(QuerySyntaxError):
            backend.count(SearchRequest(query=query))
        with pytest.raises(QuerySyntaxError):
            list(backend.iter_hits(SearchRequest(query=query)))


def test_invalid_requests_are_refused(cluster_sample) -> None:
    for request in (SearchRequest(sort="best"), SearchRequest(limit=5000),
                    SearchRequest(offset=-1), SearchRequest(filters=(("color", ("red",)),))):
        with pytest.raises(InvalidRequest):
            cluster_sample.search(request)
    with pytest.raises(InvalidRequest):
        cluster_sample.trend(SearchRequest(), by="week")
    with pytest.raises(InvalidRequest):
        cluster_sample.issues_on("2019-10-32")
    with pytest.raises(IssueNotFound):
        cluster_sample.issues_on("2019-10-05")
    with pytest.raises(ArticleNotFound):
        cluster_sample.article("no-such-article")


def test_an_unreachable_cluster_is_one_line_naming_its_address(sample_articles) -> None:
    picked_few = sample_articles[:3]
    backend = open_archive(UNREACHABLE)
    calls = [lambda: backend.open(), lambda: backend.search(SearchRequest(query="中国")),
             lambda: backend.stats(), lambda: backend.recent_issues(),
             lambda: backend.index_articles(picked_few),
             lambda: backend.remove_articles(["x"])]
    for call in calls:
        with pytest.raises(ArchiveUnavailable) as caught:
            call()
        message = str(caught.value)
        assert UNREACHABLE in message and "\n" not in message
        assert isinstance(caught.value, BaokuError)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
    report = backend.check()
    assert not report.ok and UNREACHABLE in report.problems[0]


def test_an_archive_that_does_not_exist_is_not_found(cluster) -> None:
    address = f"opensearch://{cluster}/baoku-test-never-created"
    backend = open_archive(address)
    for call in (backend.open, lambda: backend.search(SearchRequest()),
                 lambda: backend.article("x"), backend.stats,
                 lambda: backend.remove_articles(["x"])):
        with pytest.raises(IndexNotFound, match="no Baoku archive at " + address):
            call()
    assert not backend.check().ok


def test_a_node_that_does_not_answer_is_passed_over(cluster, cluster_sample) -> None:
    # The first node listed answers nothing: every request is retried on the next ones.
    backend = open_archive(f"opensearch://127.0.0.1:9299,{cluster}/"
                           f"{cluster_sample.archive.index}")
    request = SearchRequest(query="中国")
    for _ in range(4):
        assert backend.search(request).total == cluster_sample.search(request).total
    assert len(list(backend.iter_hits(request))) == cluster_sample.count(request)
