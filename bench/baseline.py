"""The speed baseline: the search a user builds from the jieba README.

jieba's README indexes Chinese text in Whoosh with ``jieba.analyse.ChineseAnalyzer``::

    analyzer = ChineseAnalyzer()
    schema = Schema(title=TEXT(stored=True), path=ID(stored=True),
                    content=TEXT(stored=True, analyzer=analyzer))
    writer = ix.writer()  ...  writer.add_document(...)  ...  writer.commit()

The baseline does exactly that for newspaper articles, with what the same user adds for an
archive search page: the title analysed by ChineseAnalyzer too, the facet fields as plain
Whoosh ``ID``/``KEYWORD`` fields, facets counted by Whoosh's ``groupedby``, snippets from
Whoosh's highlighter (``hit.highlights``), queries through ``MultifieldParser``. The writer
is Whoosh's default one (one process, ``limitmb=128``). ``bench/quality_baseline.py`` is
the same baseline for ranking quality.
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jieba
from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.sorting import FieldFacet

if TYPE_CHECKING:  # not imported at run time: the recipe's process loads no Baoku
    from indexer.article import Article

FACETS = ("source", "year", "month", "page", "author")


def schema() -> Schema:
    analyzer = ChineseAnalyzer()
    return Schema(id=ID(stored=True, unique=True),
                  title=TEXT(stored=True, analyzer=analyzer),
                  content=TEXT(stored=True, analyzer=analyzer),
                  source=ID(stored=True), date=ID(stored=True), year=ID, month=ID,
                  page=ID(stored=True), author=KEYWORD(stored=True, commas=True))


def document(article: Article) -> dict:
    doc = {"id": article.id, "title": article.title, "content": article.body,
           "source": article.source, "page": article.page,
           "author": ",".join(article.authors) or None}
    if article.date:
        doc.update(date=article.date, year=article.date[:4], month=article.date[:7])
    return {k: v for k, v in doc.items() if v}


def build(folder: Path, articles: Iterable[Article]) -> int:
    """Index ``articles`` into a new baseline index at ``folder`` (replacing any) with
    Whoosh's default writer; returns how many."""
    jieba.setLogLevel(logging.WARNING)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer()
    count = 0
    for article in articles:
        writer.add_document(**document(article))
        count += 1
    writer.commit()
    return count


class BaselineSearch:
    """An open baseline index: ``search`` returns the top hits with snippets and the
    facet counts, as plain data."""

    def __init__(self, folder: Path) -> None:
        jieba.setLogLevel(logging.WARNING)
        self.ix = whoosh_index.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "content"], schema=self.ix.schema)

    def search(self, text: str, filters: dict[str, str] | None = None,
               limit: int = 10) -> dict:
        q = self.parser.parse(text)
        filter_q = (wq.And([wq.Term(k, v) for k, v in filters.items()])
                    if filters else None)
        results = self.searcher.search(q, limit=limit, filter=filter_q,
                                       groupedby=[FieldFacet(f) for f in FACETS])
        hits = [{"id": hit["id"], "title": hit.get("title", ""),
                 "snippet": hit.highlights("content", top=2) if hit.get("content") else ""}
                for hit in results[:limit]]
        facets = {f: {k: len(v) for k, v in results.groups(f).items()} for f in FACETS}
        return {"total": len(results), "hits": hits, "facets": facets}

    def close(self) -> None:
        self.searcher.close()
