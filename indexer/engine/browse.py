"""Browsing a Whoosh archive by issue: which issues exist (from the ``source`` and ``date``
columns, no stored documents) and one date's issues, whose articles alone are read in full.
What an issue is and how its pages are ordered is ``indexer.searching.issues``'.
"""
from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from indexer.query.dates import issue_day
from indexer.searching import issues
from indexer.searching.issues import Issue, IssueArticle, IssueRef, listed_article

from .store import ArchiveIndex


def _issue_counts(index: ArchiveIndex) -> Counter[tuple[str | None, str]]:
    """(source, date) -> live articles, from the columns."""
    counts: Counter[tuple[str | None, str]] = Counter()
    with index.reading() as searcher:
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            dates = index.facet_cache.values(reader, "date")
            sources = index.facet_cache.values(reader, "source")
            for docnum in reader.all_doc_ids():
                if dates[docnum]:
                    counts[(sources[docnum] or None, dates[docnum])] += 1
    return counts


def issue_dates(index: ArchiveIndex) -> dict[str | None, tuple[str, ...]]:
    """For each paper (None: articles without one), the dates of its issues in order."""
    return issues.issue_dates(_issue_counts(index))


def recent_issues(index: ArchiveIndex, limit: int = 10) -> tuple[IssueRef, ...]:
    """The latest ``limit`` issues, newest first (papers by name within a date)."""
    return issues.recent_issues(_issue_counts(index), limit)


def issues_on(index: ArchiveIndex, date: str, source: str | None = None) -> tuple[Issue, ...]:
    """The issues of ``date`` (only ``source``'s when given), papers by name. Raises
    InvalidRequest for a malformed date, IssueNotFound when there is none."""
    issue_day(date)
    query: wq.Query = wq.Term("date", date)
    if source is not None:
        query = wq.And([query, wq.Term("source", source)])
    listed: dict[str | None, list[IssueArticle]] = {}
    with index.reading() as searcher:
        for docnum in searcher.docs_for_query(query):
            fields = searcher.stored_fields(docnum)
            listed.setdefault(fields.get("source"), []).append(listed_article(fields))
    return issues.issues_of_day(date, source, listed, _issue_counts(index))
