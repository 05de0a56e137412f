"""The query core: ``search(index, SearchRequest) -> SearchResults``.

The CLI, the web app and the batch runner all call this; none adds search logic of its own.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.sorting import FieldFacet

from .documents import article_from_stored
from .errors import InvalidRequest
from .facets import count_facets
from .query import Node, parse_query
from .results import SORTS, Hit, SearchRequest, SearchResults
from .schema import FACET_FIELDS
from .snippets import highlight, make_snippet
from .store import ArchiveIndex
from .whoosh_query import compile_node, filter_query, highlight_terms, ranking_query

MAX_LIMIT = 1000


def validate(request: SearchRequest) -> None:
    """Raises InvalidRequest for a sort, page size, offset or filter field that is not
    supported."""
    if request.sort not in SORTS:
        raise InvalidRequest(f"sort must be one of {', '.join(SORTS)}, not '{request.sort}'")
    if not 0 <= request.limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 0 and {MAX_LIMIT}, not {request.limit}")
    if request.offset < 0:
        raise InvalidRequest(f"offset must not be negative, not {request.offset}")
    for name, _values in request.filters:
        if name not in FACET_FIELDS:
            raise InvalidRequest(f"cannot filter on '{name}'; the filters are "
                                 + ", ".join(FACET_FIELDS))


def _and(*queries: wq.Query | None) -> wq.Query:
    parts = [q for q in queries if q is not None]
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _sortedby(sort: str):
    if sort == "relevance":
        return None
    return FieldFacet("date", reverse=sort == "newest")


@dataclass(frozen=True)
class _Plan:
    """A request compiled for Whoosh."""

    node: Node
    match: wq.Query  # what an article must match (without the request's filters)
    scored: wq.Query  # match plus the optional ranking clauses
    filters: dict[str, tuple[str, ...]]
    filter: wq.Query | None
    terms: tuple[str, ...]  # normalised text to mark


def _plan(index: ArchiveIndex, request: SearchRequest) -> _Plan:
    validate(request)
    node = parse_query(request.query)
    match = compile_node(node, index.synonyms)
    if isinstance(match, wq.Not):
        match = wq.And([wq.Every(), match])
    ranking = ranking_query(node, index.userdict())
    scored = wq.AndMaybe(match, ranking) if ranking is not None else match
    filters = request.filter_dict()
    return _Plan(node, match, scored, filters,
                 filter_query(filters, request.date_from, request.date_to),
                 highlight_terms(node, index.synonyms))


def search(index: ArchiveIndex, request: SearchRequest) -> SearchResults:
    """Run ``request`` on ``index``: one page of hits, the total and the facets. Raises
    QuerySyntaxError, InvalidRequest."""
    started = time.perf_counter()
    plan = _plan(index, request)
    with index.reading() as searcher:
        wanted = request.offset + request.limit
        results = searcher.search(_and(plan.scored, plan.filter), limit=max(wanted, 1),
                                  sortedby=_sortedby(request.sort))
        total = len(results)
        hits = tuple(_hit(hit, plan.terms, request) for hit in results[request.offset:wanted])
        facets = _facets(index, searcher, plan, request) if request.facets else ()
    return SearchResults(
        query=request.query, total=total, hits=hits, facets=facets,
        took_ms=(time.perf_counter() - started) * 1000, offset=request.offset,
        limit=request.limit, highlight_terms=plan.terms,
    )


def iter_hits(index: ArchiveIndex, request: SearchRequest, cap: int | None = None
              ) -> Iterator[Hit]:
    """Every hit of ``request`` in rank order from ``request.offset``, up to ``cap`` hits
    (None: all), made one at a time (for exports). Raises QuerySyntaxError,
    InvalidRequest."""
    plan = _plan(index, request)
    with index.reading() as searcher:
        q = _and(plan.scored, plan.filter)
        limit = None if cap is None else request.offset + cap
        results = searcher.search(q, limit=limit, sortedby=_sortedby(request.sort))
        end = len(results) if cap is None else min(len(results), request.offset + cap)
        for i in range(request.offset, end):
            yield _hit(results[i], plan.terms, request)


def count(index: ArchiveIndex, request: SearchRequest) -> int:
    """How many articles match ``request``, without scoring or reading any. Raises
    QuerySyntaxError, InvalidRequest."""
    plan = _plan(index, request)
    with index.reading() as searcher:
        return sum(1 for _ in searcher.docs_for_query(_and(plan.match, plan.filter)))


def _hit(hit, terms: tuple[str, ...], request: SearchRequest) -> Hit:
    article = article_from_stored(hit.fields())
    snippet = make_snippet(article.body, terms, request.snippet_chars)
    return Hit(
        id=article.id, title=article.title, date=article.date, source=article.source,
        page=article.page, authors=article.authors, score=_score(hit),
        snippet=snippet, title_marks=highlight(article.title, terms),
        pretitle=article.pretitle, subtitle=article.subtitle,
    )


def _facets(index: ArchiveIndex, searcher, plan: _Plan, request: SearchRequest):
    """Facet counts over the matching articles; a field with chosen values is counted as if
    it were not chosen, so that its other values stay visible with their counts."""
    base_docs = list(searcher.docs_for_query(_and(plan.match, plan.filter)))
    docs_by_field = {}
    for field in FACET_FIELDS:
        if plan.filters.get(field):
            own = _and(plan.match, filter_query(plan.filters, request.date_from,
                                                request.date_to, skip=field))
            docs_by_field[field] = list(searcher.docs_for_query(own))
        else:
            docs_by_field[field] = base_docs
    return count_facets(searcher, index.facet_cache, docs_by_field, plan.filters,
                        request.facet_limit)


def _score(hit) -> float:
    """The relevance score; 0.0 when the results are sorted by date (Whoosh then puts the
    sort key where the score would be)."""
    return float(hit.score) if isinstance(hit.score, int | float) else 0.0
