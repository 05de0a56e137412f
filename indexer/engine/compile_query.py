"""Compiling the query syntax tree (``indexer.query``) and the request's filters into Whoosh
queries.

Matching is exact: each run of characters the user typed must occur, as typed, in the
heading or body (a phrase of character bigrams, or a single character). The runs are also
the units of ranking (``collector_ranking.RunsQuery``): BM25 per run with the heading
weighted above the body, and a bonus where the runs typed one after another (in one text, or in
consecutive words of an AND) stand together as typed.
"""
from __future__ import annotations

from collections.abc import Mapping

from whoosh import query as wq

from indexer.errors import QuerySyntaxError
from indexer.query.language import (
    And,
    DateRange,
    Exact,
    MatchAll,
    Node,
    Not,
    Or,
    Text,
)
from indexer.query.synonyms import Synonyms
from indexer.query.terms import spellings
from indexer.text.normalize import normalize
from indexer.text.segmentation import RUN

from .collector_ranking import RunsQuery
from .schema import date_range_query
from .whoosh_private import exact_union_matchers

# Whoosh picks, for indexes under 5,000 documents, a "preloaded" union matcher
# (ArrayUnionMatcher) that drops matches from scored searches with several OR clauses (seen
# on phrase clauses: a document matching the sixth of six alternatives went missing while
# ``docs_for_query`` found it). The binary tree of union matchers is exact at every size:
# set for every Or query (a global setting of Whoosh), once, before any query is compiled.
exact_union_matchers()

# Where a Text node of the query is looked for: heading and body, or one of them.
TEXT_WHERE = {None: ("title", "body"), "title": ("title",), "body": ("body",)}


def text_query(text: str, where: tuple[str, ...]) -> wq.Query | None:
    """Exact match of every run of ``text`` (any of its spellings), ranked; None when it
    has no letters, digits or CJK characters."""
    alternatives = [RunsQuery(runs, where) for spelling in spellings(text)
                    if (runs := RUN.findall(spelling))]
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)


def _page_value(value: str) -> str:
    return value.lstrip("0") or "0" if value.isdigit() else value


def compile_node(node: Node, synonyms: Synonyms) -> wq.Query:
    """The Whoosh query matching ``node``. Raises QuerySyntaxError for text with nothing
    searchable in it."""
    if isinstance(node, MatchAll):
        return wq.Every()
    if isinstance(node, Text):
        return _text(node, synonyms)
    if isinstance(node, Exact):
        value = node.value
        if node.field == "page":
            return wq.Term("page", _page_value(value))
        if node.field == "author":
            names = {value, normalize(value)}
            return wq.Or([wq.Term("author", n) for n in sorted(names)])
        return wq.Term(node.field, value)
    if isinstance(node, DateRange):
        return date_range(node.start, node.end)
    if isinstance(node, And):
        return _all_of(node.items, synonyms)
    if isinstance(node, Or):
        return wq.Or([compile_node(i, synonyms) for i in node.items])
    if isinstance(node, Not):
        return wq.Not(compile_node(node.item, synonyms))
    raise TypeError(f"unknown query node {node!r}")  # pragma: no cover


def _text(node: Text, synonyms: Synonyms) -> wq.Query:
    where = TEXT_WHERE[node.field]
    q = text_query(node.text, where)
    if q is None:
        raise QuerySyntaxError(f"'{node.text}' has no letters, digits or Chinese "
                               "characters to search for")
    if not node.quoted:
        alts = [a for a in (text_query(s, where) for s in synonyms.of(node.text)) if a]
        if alts:
            q = wq.Or([q, *alts])
    return q


def _plain_runs(node: Node, synonyms: Synonyms) -> list[str] | None:
    """The runs of a text that has one spelling and no synonyms (so that it can join the
    texts typed next to it in one RunsQuery); None for any other node."""
    if not isinstance(node, Text) or (not node.quoted and synonyms.of(node.text)):
        return None
    only = spellings(node.text)
    return RUN.findall(only[0]) if len(only) == 1 else None


def _all_of(items: tuple[Node, ...], synonyms: Synonyms) -> wq.Query:
    """AND of ``items``; consecutive plain texts of one field become one RunsQuery, so that
    their runs are also ranked for standing together as typed."""
    parts: list[wq.Query] = []
    runs: list[str] = []
    field: str | None = None
    for item in items:
        plain = _plain_runs(item, synonyms)
        if plain is not None and (not runs or item.field == field):
            runs += plain
            field = item.field
            continue
        if runs:
            parts.append(RunsQuery(runs, TEXT_WHERE[field]))
            runs = []
        if plain is not None:
            runs, field = plain, item.field
        else:
            parts.append(compile_node(item, synonyms))
    if runs:
        parts.append(RunsQuery(runs, TEXT_WHERE[field]))
    return parts[0] if len(parts) == 1 else wq.And(parts)


def date_range(start: str | None, end: str | None) -> wq.Query:
    return date_range_query(start, end)  # by year and month terms: see indexer.engine.schema


def filter_query(filters: Mapping[str, tuple[str, ...]], date_from: str | None,
                 date_to: str | None, skip: str | None = None) -> wq.Query | None:
    """The request's facet filters (values of one field ORed) and date bounds, leaving out
    the field ``skip`` (to count that facet as if it were not chosen)."""
    parts: list[wq.Query] = []
    for field, values in filters.items():
        if field == skip or not values:
            continue
        if field == "page":
            values = tuple(_page_value(v) for v in values)
        parts.append(wq.Or([wq.Term(field, v) for v in values]))
    if date_from or date_to:
        parts.append(date_range(date_from, date_to))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
