"""Copying an archive to another (a folder to a cluster and back): every article with its
metadata, the user dictionary and synonyms with them.

The articles go in commits of ``BATCH`` so that a copy that is stopped keeps what it
committed; run again, it skips every article already there unchanged (indexing is
idempotent by content hash) and goes on. At the end the articles of the source are counted
on both sides: a copy whose target lacks some is an error, never a silent success.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from indexer.article import Article
from indexer.backend import WRITE_WAIT, SearchBackend
from indexer.errors import IndexWriteError
from indexer.results import SearchRequest

from .summary import IndexSummary

BATCH = 10_000  # articles a commit

EVERYTHING = SearchRequest(limit=0, facets=False, snippets=False)


@dataclass
class CopyReport:
    """What a copy did: the source's articles, what each batch did, the target's count."""

    source: str
    target: str
    articles: int  # in the source
    summary: IndexSummary = field(default_factory=IndexSummary)
    target_articles: int = 0

    def line(self) -> str:
        s = self.summary
        return (f"copied {self.articles} articles from {self.source} to {self.target}: "
                f"added {s.added}, replaced {s.replaced}, unchanged {s.unchanged}; "
                f"the target holds {self.target_articles} articles")

    def to_json(self) -> dict:
        return {"source": self.source, "target": self.target, "articles": self.articles,
                "target_articles": self.target_articles, **self.summary.to_dict()}


def copy_archive(source: SearchBackend, target: SearchBackend, *, wait: float = WRITE_WAIT,
                 workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> CopyReport:
    """Copy every article of ``source`` into ``target`` (created when missing), ``BATCH``
    articles a commit; ``progress`` is called with the articles read so far and the total.
    Raises IndexWriteError when the target does not hold every article of the source
    afterwards, and what ``index_articles`` raises."""
    report = CopyReport(source.address, target.address, source.count(EVERYTHING))
    userdict, synonyms = source.analysis_files()
    articles = _counted(source.iter_articles(), report.articles, progress)
    first = True
    while batch := list(islice(articles, BATCH)):
        done = target.index_articles(batch, wait=wait, workers=workers,
                                     userdict=userdict if first else None,
                                     synonyms=synonyms if first else None,
                                     command=f"baoku copy from {source.address}")
        _add(report.summary, done)
        first = False
    if first:  # an empty source: create the target all the same, with its dictionaries
        target.index_articles([], wait=wait, userdict=userdict, synonyms=synonyms)
    report.target_articles = target.count(EVERYTHING)
    copied = report.summary.added + report.summary.replaced + report.summary.unchanged
    if copied != report.articles or report.target_articles < report.articles:
        raise IndexWriteError(
            f"the copy is incomplete: {report.articles} articles in {source.address}, "
            f"{copied} copied, {report.target_articles} in {target.address}; run the "
            "same copy again to continue")
    return report


def _counted(articles: Iterator[Article], total: int,
             progress: Callable[[int, int], None] | None) -> Iterator[Article]:
    for n, article in enumerate(articles, 1):
        if progress:
            progress(n, total)
        yield article


def _add(total: IndexSummary, part: IndexSummary) -> None:
    for name in ("added", "replaced", "unchanged", "failed", "duplicates", "bytes", "seconds"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.notes.extend(part.notes)
