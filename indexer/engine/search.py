"""The query core: ``search(index, SearchRequest) -> SearchResults``.

The CLI, the web app and the batch runner all call this; none adds search logic of its own.

``search`` shows one page of results: identical texts collapsed into one hit with their
other printings (``indexer.searching.collapse``: ``total`` counts matching articles,
``collapsed`` how many of them are folded into another hit), and, when no article has every
term, the articles with most of them and a notice saying so (``loose``). ``iter_hits``
(exports) and ``count`` stay exact and uncollapsed: every matching article.

Ranked by relevance, a page is found and scored over posting arrays (``array_ranking``: no
Python step per matching article; the same ranking as Whoosh's collector with
``collector_ranking``'s matcher, which still ranks the sorts by date and the looser retry).
The matching articles whose headline the query names (``indexer.searching.headlines``, the
``headline_key`` term) come first; an index written before that field ranks as before.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.collectors import FilterCollector, SortingCollector
from whoosh.sorting import FieldFacet, FunctionFacet, ScoreFacet

from indexer.query.language import MatchAll, Node, parse_query
from indexer.query.terms import highlight_terms
from indexer.results import FACET_FIELDS, Hit, SearchRequest, SearchResults, Snippet
from indexer.searching.collapse import Collapser, Group
from indexer.searching.headlines import asked_headline
from indexer.searching.snippets import highlight, make_snippet

from .array_ranking import Ranking, Scored, Unsupported, both, ids_of, matches
from .compile_query import compile_node, filter_query
from .documents import article_from_stored
from .facets import count_facets
from .loose import LooseMatch, loosen, split_items
from .matching import matching_ids
from .schema import HEADLINE_KEY
from .store import ArchiveIndex
from .whoosh_private import TopAndAllCollector


def _and(*queries: wq.Query | None) -> wq.Query | None:
    parts = [q for q in queries if q is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _sortedby(sort: str):
    if sort == "relevance":
        return None
    return FieldFacet("date", reverse=sort == "newest")


@dataclass(frozen=True)
class _Plan:
    """A request compiled for Whoosh."""

    node: Node
    match: wq.Query  # what an article must match, ranked (without the request's filters)
    filters: dict[str, tuple[str, ...]]
    filter: wq.Query | None
    terms: tuple[str, ...]  # normalised text to mark
    headline: str | None  # the headline key whose articles come first (relevance only)


def _plan(index: ArchiveIndex, request: SearchRequest) -> _Plan:
    request.validate()
    node = parse_query(request.query)
    match = _positive(compile_node(node, index.synonyms))
    filters = request.filter_dict()
    return _Plan(node, match, filters,
                 filter_query(filters, request.date_from, request.date_to),
                 highlight_terms(node, index.synonyms),
                 asked_headline(node) if request.sort == "relevance" else None)


def _headline_ids(searcher, plan: _Plan, cache) -> np.ndarray | None:
    """The articles with the headline ``plan`` asks for (matching or not), ascending;
    None when it asks for none or the index has no headline keys (written before them)."""
    if plan.headline is None or HEADLINE_KEY not in searcher.schema:
        return None
    return ids_of(searcher, wq.Term(HEADLINE_KEY, plan.headline), cache)


def _first_then_score(first: np.ndarray):
    """Whoosh's sort for "the articles of ``first`` before the others, then by score"."""
    chosen = set(first.tolist())
    return [FunctionFacet(lambda _s, docnum: 0 if docnum in chosen else 1), ScoreFacet()]


def _positive(q: wq.Query) -> wq.Query:
    """A lone NOT matches nothing in Whoosh: make it "everything but"."""
    return wq.And([wq.Every(), q]) if isinstance(q, wq.Not) else q


@dataclass
class _Page:
    """One page of ranked results, before reading any stored document."""

    groups: list[Group]
    scores: dict[int, float]
    total: int
    collapsed: int
    matches: np.ndarray  # every matching document number


def _ranked(searcher, q: wq.Query, limit: int, sortedby=None, only: set[int] | None = None):
    """Whoosh Results of the first ``limit`` matches of ``q`` (within ``only``), whose
    ``docs()`` holds every match without running the query again."""
    collector = (TopAndAllCollector(limit=limit) if sortedby is None
                 else SortingCollector(sortedby, limit=limit))
    if only is not None:
        collector = FilterCollector(collector, allow=only)
    searcher.search_with_collector(q, collector)
    return collector.results()


def _page(searcher, collapser: Collapser, q: wq.Query, request: SearchRequest, sortedby=None,
          only: set[int] | None = None, score_of=None) -> _Page:
    """Hits ``request.offset`` … ``+ limit`` of ``q``'s ranking (within ``only`` when given),
    identical texts collapsed into their best-ranked printing."""
    last = []  # the Whoosh results of the widest window ranked

    def rank(window: int) -> list[int]:
        last[:] = [_ranked(searcher, q, window, sortedby, only)]
        return [docnum for _, docnum in last[0].top_n]

    reps = _collapsed_window(collapser, request, rank, lambda: len(last[0].docs()))
    results = last[0]
    if score_of is None:
        score_of = _score if sortedby is None else (lambda _key: 0.0)
    scores = {docnum: score_of(key) for key, docnum in results.top_n}
    return _grouped(collapser, request, reps, scores,
                    np.fromiter(results.docs(), dtype=np.int64))


def _collapsed_window(collapser: Collapser, request: SearchRequest,
                      rank: Callable[[int], list[int]], total: Callable[[], int]) -> list[int]:
    """The document numbers of the requested page: ``rank(n)`` gives the first n of the
    ranking; when collapsing identical texts leaves the page short, rank four times more
    and ask again (``total()``: how many articles match)."""
    wanted = request.offset + request.limit
    window = max(2 * wanted, 20)
    while True:
        ranked = rank(window)
        if not request.collapse:
            return ranked[request.offset:wanted]
        reps = collapser.page(ranked, request.offset, request.limit,
                              complete=len(ranked) >= total())
        if reps is not None:
            return reps
        window *= 4


def _grouped(collapser: Collapser, request: SearchRequest, reps: list[int],
             scores: dict[int, float], matches: np.ndarray) -> _Page:
    """The page of ``reps``, each with its other printings among ``matches`` when
    collapsing."""
    if request.collapse:
        groups = collapser.groups(reps, matches)
        collapsed = len(matches) - collapser.count(matches)
    else:
        groups, collapsed = [Group(d) for d in reps], 0
    return _Page(groups, scores, len(matches), collapsed, matches)


@dataclass
class _Found:
    """Every match of a request found and scored over arrays (``indexer.engine.array_ranking``)."""

    match: Scored  # of the query alone
    ranked: Ranking  # of the query and the request's filters


def _found(index: ArchiveIndex, searcher, plan: _Plan, request: SearchRequest
           ) -> _Found | None:
    """The request's matches ranked over arrays; None for a sort by date or a query the
    array ranking does not handle (Whoosh's collector ranks those)."""
    if request.sort != "relevance":
        return None
    cache = index.facet_cache
    try:
        match = matches(searcher, plan.match, cache)
        scored = match if plan.filter is None else both(
            match, matches(searcher, plan.filter, cache))
    except Unsupported:
        return None
    return _Found(match, Ranking(scored, _headline_ids(searcher, plan, cache)))


def _array_page(collapser: Collapser, ranking: Ranking, request: SearchRequest) -> _Page:
    """``_page`` for an array ranking: the same page, without a Whoosh collector."""
    everything = ranking.ids
    top: list[tuple[float, int]] = []

    def rank(window: int) -> list[int]:
        top[:] = ranking.top(window)
        return [docnum for _, docnum in top]

    reps = _collapsed_window(collapser, request, rank, lambda: len(everything))
    return _grouped(collapser, request, reps, {docnum: score for score, docnum in top},
                    everything)


def search(index: ArchiveIndex, request: SearchRequest) -> SearchResults:
    """Run ``request`` on ``index``: one page of hits, the total and the facets. Raises
    QuerySyntaxError, InvalidRequest."""
    started = time.perf_counter()
    plan = _plan(index, request)
    with index.reading() as searcher:
        collapser = Collapser(searcher, index.facet_cache)
        found = _found(index, searcher, plan, request)
        if found is not None:
            page = _array_page(collapser, found.ranked, request)
        else:
            page = _collector_page(index, searcher, collapser, plan, request)
        loose = None
        if page.total == 0 and not isinstance(plan.node, MatchAll):
            loose = _loosen(index, searcher, plan)
        if loose is not None:
            page = _loose_page(searcher, collapser, plan, request, loose)
        terms = plan.terms if loose is None else tuple(dict.fromkeys(
            plan.terms + tuple(t.text for t in loose.terms)))
        hits = tuple(_hit(searcher, collapser, g, page.scores.get(g.docnum, 0.0), terms,
                          request, loose) for g in page.groups)
        facets = ()
        if request.facets:
            facets = (_facets(index, searcher, plan, request, page.matches, found)
                      if loose is None else
                      count_facets(searcher, index.facet_cache,
                                   {f: page.matches for f in FACET_FIELDS}, plan.filters,
                                   request.facet_limit))
    return SearchResults(
        query=request.query, total=page.total, hits=hits, facets=facets,
        took_ms=(time.perf_counter() - started) * 1000, offset=request.offset,
        limit=request.limit, highlight_terms=terms, collapsed=page.collapsed,
        notice=None if loose is None else loose.notice(), loose=loose is not None,
    )


def _collector_page(index: ArchiveIndex, searcher, collapser: Collapser, plan: _Plan,
                    request: SearchRequest) -> _Page:
    """The page of a request Whoosh's collector ranks: by date, or by relevance with the
    articles of the asked headline first."""
    q = _and(plan.match, plan.filter)
    first = _headline_ids(searcher, plan, index.facet_cache)
    if first is None or not len(first):
        return _page(searcher, collapser, q, request, _sortedby(request.sort))
    return _page(searcher, collapser, q, request, _first_then_score(first),
                 score_of=lambda key: -float(key[-1]))


def _loosen(index: ArchiveIndex, searcher, plan: _Plan) -> LooseMatch | None:
    items = split_items(plan.node)
    if items is None:
        return None
    _texts, others = items
    required = _and(*(_positive(compile_node(n, index.synonyms)) for n in others),
                    plan.filter)
    return loosen(searcher, plan.node, index.synonyms, index.userdict(), required)


def _loose_page(searcher, collapser: Collapser, plan: _Plan, request: SearchRequest,
                loose: LooseMatch) -> _Page:
    """The retry's page: its articles ranked by how many terms they have, then by
    relevance (or by date when sorted by date)."""
    scored = wq.Or([t.query for t in loose.terms])
    if request.sort == "relevance":
        counts = loose.counts
        sortedby = [FunctionFacet(lambda _s, docnum: -counts.get(docnum, 0)), ScoreFacet()]
        return _page(searcher, collapser, scored, request, sortedby, set(counts),
                     score_of=lambda key: -float(key[-1]))
    return _page(searcher, collapser, scored, request, _sortedby(request.sort),
                 set(loose.counts))


def iter_hits(index: ArchiveIndex, request: SearchRequest, cap: int | None = None
              ) -> Iterator[Hit]:
    """Every matching article in rank order from ``request.offset``, up to ``cap`` hits
    (None: all), made one at a time (for exports): exact matches only, identical texts not
    collapsed. Raises QuerySyntaxError, InvalidRequest."""
    plan = _plan(index, request)
    with index.reading() as searcher:
        collapser = Collapser(searcher, index.facet_cache)
        q = _and(plan.match, plan.filter)
        limit = None if cap is None else request.offset + cap
        first = _headline_ids(searcher, plan, index.facet_cache)
        headlines_first = first is not None and len(first) > 0
        sortedby = _first_then_score(first) if headlines_first else _sortedby(request.sort)
        results = searcher.search(q, limit=limit, sortedby=sortedby)
        # top_n holds the ranked hits collected (all of them without a cap); len(results)
        # would count every match again.
        end = len(results.top_n) if cap is None else min(len(results.top_n),
                                                           request.offset + cap)
        for i in range(request.offset, end):
            key, docnum = results.top_n[i]
            score = -float(key[-1]) if headlines_first else _score(key)
            yield _hit(searcher, collapser, Group(docnum), score, plan.terms, request)


def count(index: ArchiveIndex, request: SearchRequest) -> int:
    """How many articles match ``request`` exactly, without scoring or reading any. Raises
    QuerySyntaxError, InvalidRequest."""
    query = match_query(index, request)
    with index.reading() as searcher:
        return len(matching_ids(searcher, query, index.facet_cache))


def match_query(index: ArchiveIndex, request: SearchRequest) -> wq.Query:
    """The unscored Whoosh query of the articles ``request`` matches, its filters included:
    what ``count`` counts, for counting over columns (``matching.matching_ids``) without
    reading any article. Raises QuerySyntaxError, InvalidRequest."""
    plan = _plan(index, request)
    return _and(plan.match, plan.filter)


def _hit(searcher, collapser: Collapser, group: Group, score: float, terms: tuple[str, ...],
         request: SearchRequest, loose: LooseMatch | None = None) -> Hit:
    """The Hit of ``group``: its first article read from the stored fields, its other
    printings from columns."""
    article = article_from_stored(searcher.stored_fields(group.docnum))
    snippet = (make_snippet(article.body, terms, request.snippet_chars) if request.snippets
               else Snippet(""))
    printings = collapser.printings(group.printings) if group.printings else ()
    return Hit(
        id=article.id, title=article.title, date=article.date, source=article.source,
        page=article.page, authors=article.authors, score=score,
        snippet=snippet, title_marks=highlight(article.title, terms),
        pretitle=article.pretitle, subtitle=article.subtitle,
        also_on=tuple(p.id for p in printings), printings=printings,
        missing=loose.missing(group.docnum) if loose is not None else (),
    )


def _facets(index: ArchiveIndex, searcher, plan: _Plan, request: SearchRequest,
            base_docs: np.ndarray, found: _Found | None = None):
    """Facet counts over the matching articles (``base_docs``); a field with chosen values
    is counted as if it were not chosen, so that its other values stay visible with their
    counts."""
    docs_by_field = {}
    for field in FACET_FIELDS:
        if plan.filters.get(field):
            others = filter_query(plan.filters, request.date_from, request.date_to,
                                  skip=field)
            if found is not None:  # the query's matches are known: only filter them
                docs_by_field[field] = found.match.ids if others is None else np.intersect1d(
                    found.match.ids, ids_of(searcher, others, index.facet_cache),
                    assume_unique=True)
                continue
            own = _and(plan.match, others)
            docs_by_field[field] = matching_ids(searcher, own, index.facet_cache)
        else:
            docs_by_field[field] = base_docs
    return count_facets(searcher, index.facet_cache, docs_by_field, plan.filters,
                        request.facet_limit)


def _score(key) -> float:
    """The relevance score; 0.0 when the results are sorted by date (Whoosh then puts the
    sort key where the score would be)."""
    return float(key) if isinstance(key, int | float) else 0.0
