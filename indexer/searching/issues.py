"""What browsing by issue shows, the same for every backend: which issues exist, an issue's
pages (版) in order with their articles, the previous and next issue, and one article for
reading with the words of a query marked.

An issue is what one paper (``source``) published on one date.
"""
from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indexer.article import Article, page_number
from indexer.errors import IssueNotFound
from indexer.results import Snippet

from .snippets import highlight


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


def neighbours(dates: tuple[str, ...], date: str) -> tuple[str | None, str | None]:
    """The dates before and after ``date`` in the sorted ``dates``."""
    i = bisect.bisect_left(dates, date)
    previous = dates[i - 1] if i > 0 else None
    j = bisect.bisect_right(dates, date)
    return previous, (dates[j] if j < len(dates) else None)


def listed_article(fields: dict[str, Any]) -> IssueArticle:
    """An article as an issue lists it, from its stored fields."""
    return IssueArticle(
        id=fields["id"], title=fields.get("title") or "", page=fields.get("page"),
        number=fields.get("number"), authors=tuple(fields.get("authors") or ()),
        pretitle=fields.get("pretitle"), subtitle=fields.get("subtitle"))


def page_key(page: str | None) -> tuple:
    """Pages in printed order: by number ("A3" is 3), unnamed pages last."""
    number = page_number(page)
    return (page is None, number is None, number or 0, page or "")


def _article_key(a: IssueArticle) -> tuple:
    return (a.number is None, a.number or 0, a.id)


def group_pages(articles: list[IssueArticle]) -> tuple[IssuePage, ...]:
    """An issue's articles grouped by page, pages and articles in reading order."""
    grouped: dict[str | None, list[IssueArticle]] = {}
    for a in articles:
        grouped.setdefault(a.page, []).append(a)
    return tuple(IssuePage(page, tuple(sorted(grouped[page], key=_article_key)))
                 for page in sorted(grouped, key=page_key))


def article_view(article: Article, terms: tuple[str, ...], issues: tuple[Issue, ...]
                 ) -> ArticleView:
    """``article`` for reading, the runs ``terms`` marked, with the other articles of its
    page and issue (found among ``issues``, those of its date)."""
    paragraphs = tuple(highlight(p, terms) for p in article.body.split("\n") if p.strip())
    issue = next((i for i in issues if i.source == article.source), None)
    same_page: tuple[IssueArticle, ...] = ()
    same_issue: tuple[IssueArticle, ...] = ()
    if issue is not None:
        page = issue.page_of(article.page)
        same_page = tuple(a for a in (page.articles if page else ()) if a.id != article.id)
        same_issue = tuple(a for a in issue.articles
                           if a.id != article.id and a.page != article.page)
    return ArticleView(article, highlight(article.title, terms), paragraphs, issue,
                       same_page, same_issue)


IssueCounts = Mapping[tuple[str | None, str], int]  # (paper, date) -> articles


def issue_dates(counts: IssueCounts) -> dict[str | None, tuple[str, ...]]:
    """For each paper (None: articles without one), the dates of its issues in order."""
    by_source: dict[str | None, list[str]] = {}
    for source, date in counts:
        by_source.setdefault(source, []).append(date)
    return {s: tuple(sorted(d)) for s, d in sorted(by_source.items(), key=lambda kv: kv[0] or "")}


def recent_issues(counts: IssueCounts, limit: int = 10) -> tuple[IssueRef, ...]:
    """The latest ``limit`` issues, newest first (papers by name within a date)."""
    refs = [IssueRef(s, d, n) for (s, d), n in counts.items()]
    refs.sort(key=lambda r: (r.source or ""))
    refs.sort(key=lambda r: r.date, reverse=True)
    return tuple(refs[:limit])


def issues_of_day(date: str, source: str | None, listed: Mapping[str | None, list[IssueArticle]],
                  counts: IssueCounts) -> tuple[Issue, ...]:
    """The issues of ``date`` from its articles ``listed`` by paper, papers by name, each with
    its previous and next issue. Raises IssueNotFound when no article was listed."""
    if not listed:
        paper = f"{source} of " if source is not None else ""
        raise IssueNotFound(f"no issue {paper}{date} in the index")
    dates = issue_dates(counts)
    issues = []
    for paper in sorted(listed, key=lambda s: s or ""):
        previous, following = neighbours(dates.get(paper, ()), date)
        issues.append(Issue(paper, date, group_pages(listed[paper]), previous, following))
    return tuple(issues)
