"""Compiling the query syntax tree (``indexer.query``) and the request's filters into Whoosh
queries.

Matching is exact: each run of characters the user typed is a phrase of character bigrams
(or a single character) in the heading or body. Ranking adds jieba words: an optional part
that scores articles where the typed words occur, more in the heading, more when they stand
together as typed.
"""
from __future__ import annotations

from collections.abc import Mapping

from whoosh import query as wq

from .analysis import RUN, grams_of, segment
from .errors import QuerySyntaxError
from .normalize import normalize
from .query import And, DateRange, Exact, MatchAll, Node, Not, Or, Text, positive_texts
from .synonyms import Synonyms

_TEXT_FIELDS = {None: ("title", "body"), "title": ("title",), "body": ("body",)}


def _run_query(run_grams: list[str], where: tuple[str, ...]) -> wq.Query:
    alternatives: list[wq.Query] = []
    for part in where:
        if len(run_grams) == 1 and len(run_grams[0]) == 1:
            alternatives.append(wq.Term(f"{part}_c", run_grams[0]))
        elif len(run_grams) == 1:
            alternatives.append(wq.Term(f"{part}_g", run_grams[0]))
        else:
            alternatives.append(wq.Phrase(f"{part}_g", run_grams))
    return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)


def text_query(text: str, where: tuple[str, ...]) -> wq.Query | None:
    """Exact match of every run of ``text`` (normalised); None when it has no letters,
    digits or CJK characters."""
    runs = grams_of(normalize(text))
    if not runs:
        return None
    parts = [_run_query(g, where) for g in runs]
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _page_value(value: str) -> str:
    return value.lstrip("0") or "0" if value.isdigit() else value


def compile_node(node: Node, synonyms: Synonyms) -> wq.Query:
    """The Whoosh query matching ``node``. Raises QuerySyntaxError for text with nothing
    searchable in it."""
    if isinstance(node, MatchAll):
        return wq.Every()
    if isinstance(node, Text):
        where = _TEXT_FIELDS[node.field]
        q = text_query(node.text, where)
        if q is None:
            raise QuerySyntaxError(f"'{node.text}' has no letters, digits or Chinese "
                                   "characters to search for")
        if not node.quoted:
            alts = [a for a in (text_query(s, where) for s in synonyms.of(node.text)) if a]
            if alts:
                q = wq.Or([q, *alts])
        return q
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
        return wq.And([compile_node(i, synonyms) for i in node.items])
    if isinstance(node, Or):
        return wq.Or([compile_node(i, synonyms) for i in node.items])
    if isinstance(node, Not):
        return wq.Not(compile_node(node.item, synonyms))
    raise TypeError(f"unknown query node {node!r}")  # pragma: no cover


def date_range(start: str | None, end: str | None) -> wq.Query:
    return wq.TermRange("date", start or "0000-00-00", end or "9999-99-99")


def ranking_query(node: Node, userdict: str | None) -> wq.Query | None:
    """Optional scoring: jieba words of the positive text in the word fields, and the whole
    text as a word phrase (the words standing together as typed) boosted."""
    clauses: list[wq.Query] = []
    for text in positive_texts(node):
        words = segment(normalize(text.text), userdict)
        if not words:
            continue
        fields = ["title_w", "body_w"] if text.field is None else [f"{text.field}_w"]
        for field in fields:
            clauses.extend(wq.Term(field, w) for w in words)
            if len(words) > 1:
                clauses.append(wq.Phrase(field, words, boost=2.0))
    return wq.Or(clauses) if clauses else None


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


def highlight_terms(node: Node, synonyms: Synonyms) -> tuple[str, ...]:
    """The normalised runs (and synonyms) to mark in titles and snippets."""
    terms: list[str] = []
    for text in positive_texts(node):
        variants = [text.text] + ([] if text.quoted else list(synonyms.of(text.text)))
        for variant in variants:
            terms.extend(RUN.findall(normalize(variant)))
    return tuple(dict.fromkeys(terms))
