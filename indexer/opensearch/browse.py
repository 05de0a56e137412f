"""Browsing the archive by issue on the cluster: which issues exist (a composite
aggregation over date and paper: no article is fetched) and one date's issues, whose
articles alone are fetched. What an issue is and how its pages are ordered is
``indexer.searching.issues``'."""
from __future__ import annotations

from collections import Counter
from typing import Any

from indexer.query.dates import issue_day
from indexer.searching import issues
from indexer.searching.issues import Issue, IssueArticle, IssueRef, listed_article

from .paging import every_bucket
from .store import Archive

ISSUE_ARTICLES = 10_000  # the most articles one day's issues are read with


def issue_counts(archive: Archive) -> Counter[tuple[str | None, str]]:
    """(source, date) -> articles, for every dated article."""
    archive.meta()  # IndexNotFound before anything else
    counts: Counter[tuple[str | None, str]] = Counter()
    sources = [{"date": {"terms": {"field": "date", "order": "desc"}}},
               {"source": {"terms": {"field": "source", "missing_bucket": True}}}]
    for bucket in every_bucket(archive, {"exists": {"field": "date"}}, sources):
        counts[(bucket["key"]["source"], bucket["key"]["date"])] += bucket["doc_count"]
    return counts


def recent_issues(archive: Archive, limit: int = 10) -> tuple[IssueRef, ...]:
    """The latest ``limit`` issues, newest first (papers by name within a date)."""
    return issues.recent_issues(issue_counts(archive), limit)


def issues_on(archive: Archive, date: str, source: str | None = None) -> tuple[Issue, ...]:
    """The issues of ``date`` (only ``source``'s when given), papers by name. Raises
    InvalidRequest for a malformed date, IssueNotFound when there is none."""
    issue_day(date)
    filters: list[dict[str, Any]] = [{"term": {"date": date}}]
    if source is not None:
        filters.append({"term": {"source": source}})
    answer = archive.cluster.search({
        "query": {"bool": {"filter": filters}}, "size": ISSUE_ARTICLES,
        "sort": [{"id": "asc"}], "track_total_hits": False,
        "_source": [f"article.{f}" for f in ("id", "title", "page", "number", "authors",
                                             "pretitle", "subtitle", "source")]})
    listed: dict[str | None, list[IssueArticle]] = {}
    for hit in answer["hits"]["hits"]:
        fields = hit["_source"]["article"]
        listed.setdefault(fields.get("source"), []).append(listed_article(fields))
    return issues.issues_of_day(date, source, listed, issue_counts(archive))
