"""Browsing the archive by issue: which issues exist, an issue's pages and their articles, the
previous and next issue, and one article with the words of a query marked.

An issue is what one paper (``source``) published on one date. Which issues exist is read
from the ``source`` and ``date`` columns (no stored documents); only the articles of the
issue being shown are read in full.
"""
from __future__ import annotations

import bisect
import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from .article import Article
from .documents import get_article
from .errors import InvalidRequest, IssueNotFound
from .query import parse_query
from .results import Snippet
from .schema import page_number
from .snippets import highlight
from .store import ArchiveIndex
from .whoosh_query import highlight_terms


@dataclass(frozen=True)
class IssueRef:
    """One issue as listed: its paper (None when unknown), date and article count."""

    source: str | None
    date: str
    articles: int

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "date": self.date, "articles": self.articles}


@dataclass(frozen=True)
class IssueArticle:
    """An article as listed in an issue (no body)."""

    id: str
    title: str
    page: str | None
    number: int | None
    authors: tuple[str, ...] = ()
    pretitle: str | None = None
    subtitle: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "page": self.page, "number": self.number,
                "authors": list(self.authors), "pretitle": self.pretitle,
                "subtitle": self.subtitle}


@dataclass(frozen=True)
class IssuePage:
    """One page (版) of an issue; ``page`` None gathers the articles without a page."""

    page: str | None
    articles: tuple[IssueArticle, ...]


@dataclass(frozen=True)
class Issue:
    """One paper's issue of one date: its pages in order, each with its articles in order,
    and the dates of the paper's previous and next issues in the index."""

    source: str | None
    date: str
    pages: tuple[IssuePage, ...]
    previous: str | None = None
    next: str | None = None

    @property
    def articles(self) -> tuple[IssueArticle, ...]:
        return tuple(a for p in self.pages for a in p.articles)

    def page_of(self, page: str | None) -> IssuePage | None:
        return next((p for p in self.pages if p.page == page), None)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "date": self.date, "previous": self.previous,
                "next": self.next,
                "pages": [{"page": p.page, "articles": [a.to_json() for a in p.articles]}
                          for p in self.pages]}


@dataclass(frozen=True)
class ArticleView:
    """An article for reading: heading and paragraphs with the query's words marked, and the
    other articles of its page and of its issue."""

    article: Article
    title: Snippet
    paragraphs: tuple[Snippet, ...]
    issue: Issue | None
    same_page: tuple[IssueArticle, ...]
    same_issue: tuple[IssueArticle, ...]

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article.to_dict(),
                "title_html": self.title.html(),
                "paragraphs_html": [p.html() for p in self.paragraphs],
                "issue": None if self.issue is None else {
                    "source": self.issue.source, "date": self.issue.date,
                    "previous": self.issue.previous, "next": self.issue.next},
                "same_page": [a.to_json() for a in self.same_page],
                "same_issue": [a.to_json() for a in self.same_issue]}


def check_date(date: str) -> str:
    """``date`` if it is an ISO day (YYYY-MM-DD). Raises InvalidRequest."""
    try:
        if len(date) == 10 and datetime.date.fromisoformat(date).isoformat() == date:
            return date
    except ValueError:
        pass
    raise InvalidRequest(f"'{date}' is not a date; write YYYY-MM-DD, e.g. 2019-10-01")


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


def _neighbours(dates: tuple[str, ...], date: str) -> tuple[str | None, str | None]:
    i = bisect.bisect_left(dates, date)
    previous = dates[i - 1] if i > 0 else None
    j = bisect.bisect_right(dates, date)
    return previous, (dates[j] if j < len(dates) else None)


def _listed(fields: dict[str, Any]) -> IssueArticle:
    return IssueArticle(
        id=fields["id"], title=fields.get("title") or "", page=fields.get("page"),
        number=fields.get("number"), authors=tuple(fields.get("authors") or ()),
        pretitle=fields.get("pretitle"), subtitle=fields.get("subtitle"))


def _page_key(page: str | None) -> tuple:
    number = page_number(page)
    return (page is None, number is None, number or 0, page or "")


def _article_key(a: IssueArticle) -> tuple:
    return (a.number is None, a.number or 0, a.id)


def _pages(articles: list[IssueArticle]) -> tuple[IssuePage, ...]:
    grouped: dict[str | None, list[IssueArticle]] = {}
    for a in articles:
        grouped.setdefault(a.page, []).append(a)
    return tuple(IssuePage(page, tuple(sorted(grouped[page], key=_article_key)))
                 for page in sorted(grouped, key=_page_key))


def issues_on(index: ArchiveIndex, date: str, source: str | None = None) -> tuple[Issue, ...]:
    """The issues of ``date`` (only ``source``'s when given), papers by name. Raises
    InvalidRequest for a malformed date, IssueNotFound when there is none."""
    check_date(date)
    dates = issue_dates(index)
    query: wq.Query = wq.Term("date", date)
    if source is not None:
        query = wq.And([query, wq.Term("source", source)])
    by_source: dict[str | None, list[IssueArticle]] = {}
    with index.reading() as searcher:
        for docnum in searcher.docs_for_query(query):
            fields = searcher.stored_fields(docnum)
            by_source.setdefault(fields.get("source"), []).append(_listed(fields))
    if not by_source:
        paper = f"{source} of " if source is not None else ""
        raise IssueNotFound(f"no issue {paper}{date} in the index")
    issues = []
    for paper in sorted(by_source, key=lambda s: s or ""):
        previous, following = _neighbours(dates.get(paper, ()), date)
        issues.append(Issue(paper, date, _pages(by_source[paper]), previous, following))
    return tuple(issues)


def read_article(index: ArchiveIndex, article_id: str, query: str = "") -> ArticleView:
    """The article with ``article_id``, the words of ``query`` marked, with the other
    articles of its page and issue. Raises ArticleNotFound, QuerySyntaxError."""
    terms = highlight_terms(parse_query(query), index.synonyms) if query.strip() else ()
    article = get_article(index, article_id)
    paragraphs = tuple(highlight(p, terms) for p in article.body.split("\n") if p.strip())
    issue = None
    same_page: tuple[IssueArticle, ...] = ()
    same_issue: tuple[IssueArticle, ...] = ()
    if article.date is not None:
        found = [i for i in issues_on(index, article.date) if i.source == article.source]
        issue = found[0] if found else None
    if issue is not None:
        page = issue.page_of(article.page)
        same_page = tuple(a for a in (page.articles if page else ()) if a.id != article.id)
        same_issue = tuple(a for a in issue.articles
                           if a.id != article.id and a.page != article.page)
    return ArticleView(article, highlight(article.title, terms), paragraphs, issue,
                       same_page, same_issue)
