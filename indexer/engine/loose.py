"""The looser retry on a Whoosh index: when no article has every term of a query, the
articles with most of them.

Which terms there are, the floor of kept articles, the notice and what a hit lacks are
backend-neutral (``indexer.searching.loose``); this module finds which articles have which
term from postings (``docs_for_query``), never from stored documents.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import query as wq

from indexer.query.language import Node, Text
from indexer.query.synonyms import Synonyms
from indexer.searching.loose import (
    MIN_SPLIT,
    Term,
    floor,
    retry_notice,
    retry_terms,
    split_items,
)
from indexer.searching.loose import typed_terms as _typed_terms

from .compile_query import TEXT_WHERE, text_query

__all__ = ["MIN_SPLIT", "LooseMatch", "Term", "loosen", "split_items", "typed_terms"]


@dataclass(frozen=True)
class LooseMatch:
    """The outcome of a retry: the articles kept and how many terms each has."""

    terms: tuple[Term, ...]
    counts: dict[int, int]  # document number -> how many terms it has
    have: tuple[frozenset[int], ...]  # for each term, the articles (kept) that have it
    typed: tuple[str, ...]  # the terms as typed (before splitting)
    nowhere: tuple[str, ...]  # typed terms no article has
    unsplit: tuple[str, ...] = ()  # of those, the ones not searched as their words

    def missing(self, docnum: int) -> tuple[str, ...]:
        """The terms article ``docnum`` lacks (a typed term searched as its words: the
        words it lacks)."""
        return self.unsplit + tuple(t.text for t, docs in zip(self.terms, self.have,
                                                               strict=True)
                                    if docnum not in docs)

    def notice(self) -> str:
        """What the user is told: e.g. "no article has all of 女排 足球; showing articles
        with most of them (none has 足球)"."""
        return retry_notice(self.typed, self.nowhere)


def _text_query(text: str, field: str | None) -> wq.Query | None:
    return text_query(text, TEXT_WHERE[field])


def typed_terms(texts: Sequence[Text], synonyms: Synonyms) -> list[tuple[Term, Text]]:
    """One term per run of each unquoted text (with its synonyms when the text is one run)
    and per quoted text."""
    return _typed_terms(texts, synonyms, _text_query, wq.Or)


def loosen(searcher, node: Node, synonyms: Synonyms, userdict: str | None,
           required: wq.Query | None) -> LooseMatch | None:
    """The articles with most of ``node``'s terms among those matching ``required`` (the
    request's filters and the query's non-text items compiled, or None); None when the
    query is not a list of two or more terms or no article has any."""
    universe = None if required is None else set(searcher.docs_for_query(required))
    # By id, with the query kept alive (so that no other query takes its id).
    found_docs: dict[int, tuple[wq.Query, set[int]]] = {}

    def docs_of(q: wq.Query) -> set[int]:
        if id(q) not in found_docs:
            docs = set(searcher.docs_for_query(q))
            found_docs[id(q)] = (q, docs if universe is None else docs & universe)
        return found_docs[id(q)][1]

    retry = retry_terms(node, synonyms, userdict, _text_query, wq.Or,
                        lambda queries: [bool(docs_of(q)) for q in queries])
    if retry is None:
        return None
    have = [docs_of(t.query) for t in retry.terms]
    counts = Counter(d for docs in have for d in docs)
    if not counts:
        return None
    least = floor(max(counts.values()))
    kept = {d: c for d, c in counts.items() if c >= least}
    return LooseMatch(retry.terms, kept,
                      tuple(frozenset(d for d in docs if d in kept) for docs in have),
                      retry.typed, retry.nowhere, retry.unsplit)
