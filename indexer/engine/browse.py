"""Browsing a Whoosh archive by issue: which issues exist (from the ``source`` and ``date``
columns, no stored documents) and one date's issues, whose articles alone are read in full.
What an issue is and how its pages are ordered is ``indexer.searching.issues``'.
"""
from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from indexer.errors import IssueNotFound
from indexer.query.dates import issue_day
from indexer.searching.issues import (
    Issue,
    IssueArticle,
    IssueRef,
    group_pages,
    listed_article,
    neighbours,
)

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
    by_source: dict[str | None, list[str]] = {}
    for source, date in _issue_counts(index):
        by_source.setdefault(source, []).append(date)
    return {s: tuple(sorted(d)) for s, d in sorted(by_source.items(), key=lambda kv: kv[0] or "")}


def recent_issues(index: ArchiveIndex, limit: int = 10) -> tuple[IssueRef, ...]:
    """The latest ``limit`` issues, newest first (papers by name within a date)."""
    refs = [IssueRef(s, d, n) for (s, d), n in _issue_counts(index).items()]
    refs.sort(key=lambda r: (r.source or ""))
    refs.sort(key=lambda r: r.date, reverse=True)
    return tuple(refs[:limit])


def issues_on(index: ArchiveIndex, date: str, source: str | None = None) -> tuple[Issue, ...]:
    """The issues of ``date`` (only ``source``'s when given), papers by name. Raises
    InvalidRequest for a malformed date, IssueNotFound when there is none."""
    issue_day(date)
    dates = issue_dates(index)
    query: wq.Query = wq.Term("date", date)
    if source is not None:
        query = wq.And([query, wq.Term("source", source)])
    by_source: dict[str | None, list[IssueArticle]] = {}
    with index.reading() as searcher:
        for docnum in searcher.docs_for_query(query):
            fields = searcher.stored_fields(docnum)
            by_source.setdefault(fields.get("source"), []).append(listed_article(fields))
    if not by_source:
        paper = f"{source} of " if source is not None else ""
        raise IssueNotFound(f"no issue {paper}{date} in the index")
    issues = []
    for paper in sorted(by_source, key=lambda s: s or ""):
        previous, following = neighbours(dates.get(paper, ()), date)
        issues.append(Issue(paper, date, group_pages(by_source[paper]), previous, following))
    return tuple(issues)
