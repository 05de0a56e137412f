"""The baseline of ``bench/quality.py``: what a user builds from the jieba README.

jieba's README shows ``jieba.analyse.ChineseAnalyzer`` in a Whoosh schema of ``TEXT`` fields
queried through Whoosh's ``QueryParser``. The baseline does exactly that, generously: the
title, the byline and the body are each a default ``TEXT(analyzer=ChineseAnalyzer())``
field (no field boosts: Whoosh's default BM25F), and a query goes through a
``MultifieldParser`` over the three fields (Whoosh's default: all words must match; a quoted
text is a phrase). Nothing else: no normalisation of full-width or traditional characters,
no collapsing of duplicates.
"""
from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

from indexer.article import Article

FIELDS = ("title", "author", "content")


def build(folder: Path, articles: Iterable[Article]) -> None:
    """Index ``articles`` into a new baseline index at ``folder`` (replacing any)."""
    jieba.setLogLevel(logging.WARNING)
    analyzer = ChineseAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True, analyzer=analyzer),
                    author=TEXT(analyzer=analyzer), content=TEXT(analyzer=analyzer))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=256)
    for a in articles:
        writer.add_document(id=a.id, title=a.title, author=" ".join(a.authors),
                            content=a.body)
    writer.commit()


@dataclass
class Baseline:
    """An open baseline index; ``search`` returns ranked ids, ``matches`` the result set."""

    folder: Path

    def __post_init__(self) -> None:
        jieba.setLogLevel(logging.WARNING)
        self.ix = whoosh_index.open_dir(str(self.folder))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(list(FIELDS), schema=self.ix.schema)

    def search(self, text: str, limit: int = 10) -> tuple[list[str], float]:
        """The ids of the first ``limit`` hits (their stored fields read, as a page shown
        would) and the time taken in milliseconds."""
        started = time.perf_counter()
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        ids = [hit["id"] for hit in results]
        return ids, (time.perf_counter() - started) * 1000

    def contains(self, text: str, article_id: str) -> bool:
        """Whether the article ``article_id`` is among the articles ``text`` matches."""
        docnum = self.searcher.document_number(id=article_id)
        return docnum is not None and docnum in set(
            self.searcher.docs_for_query(self.parser.parse(text)))

    def close(self) -> None:
        self.searcher.close()
