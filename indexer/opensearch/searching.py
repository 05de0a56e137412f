"""The query core on the cluster: ``search``, ``iter_hits`` and ``count``, with the
behaviour of ``indexer.engine.search``.

``search`` shows one page: identical texts collapsed into one hit with their other
printings (``indexer.searching.collapse`` defines it: a text is shown once, at the rank of
its best-ranked printing; ``total`` counts matching articles, ``collapsed`` how many of
them are folded into another hit), facets counted over every matching article, and, when no
article has every term, the articles with most of them and a notice saying so
(``indexer.opensearch.loose``). One request does the page, the total, the facets and the
count of folded printings; a second lists the other printings of the page's texts.

Collapsing is OpenSearch's field collapsing on ``group`` (the body key, or the article's own
id for a body too short to collapse): the best hit of each group, groups in rank order, is
what walking the ranking and skipping texts already shown gives. The printings folded are
counted exactly by a terms aggregation over ``body_key`` keeping keys of two articles or
more: every printing of a text is on one shard (documents are routed by their key).

Relevance is scored with ``dfs_query_then_fetch`` (the archive's global term statistics,
not each shard's); ties, and the sorts by date, are broken by id. Ranked by relevance, the
articles whose headline the query names come first (``compile.headline_first``). Snippets
and headline marks are made here from the stored text (``indexer.searching.snippets``),
exactly as for the Whoosh backend. ``iter_hits`` pages through every match with a point in time and
``search_after`` (``indexer.opensearch.paging``).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from indexer.query.language import MatchAll, Node, parse_query
from indexer.query.terms import highlight_terms
from indexer.results import Hit, Printing, SearchRequest, SearchResults, Snippet, in_print_order
from indexer.searching.headlines import asked_headline
from indexer.searching.snippets import highlight, make_snippet

from .compile import (
    HEADLINE_FIRST,
    HEADLINE_LIFT,
    Compiler,
    Query,
    check_texts,
    date_filters,
    facet_filters,
    filtered,
    headline_first,
    unscored,
)
from .documents import article_from_source
from .facets import BUCKETS, facet_aggs, read_facets, terms
from .loose import LooseMatch, loosen
from .paging import every_hit
from .store import Archive

DFS = "dfs_query_then_fetch"


@dataclass(frozen=True)
class Plan:
    """A request compiled for the cluster."""

    node: Node
    compiler: Compiler
    match: Query  # what an article must match, scored (without the request's filters)
    filters: dict[str, tuple[str, ...]]  # the chosen facet values
    dates: list[Query]  # the request's date bounds
    terms: tuple[str, ...]  # normalised text to mark
    headline: str | None  # the headline key whose articles come first (relevance only)

    def ranked(self) -> Query:
        """``match`` with the articles of the asked headline first."""
        return headline_first(self.match, self.headline)

    def all_filters(self) -> list[Query]:
        return facet_filters(self.filters) + self.dates

    def matching(self) -> Query:
        """The articles the request matches, unscored (what ``count`` counts)."""
        return unscored(self.match, self.all_filters())


def plan(archive: Archive, request: SearchRequest) -> Plan:
    """Raises InvalidRequest, QuerySyntaxError (before anything is sent), IndexNotFound."""
    request.validate()
    node = parse_query(request.query)
    check_texts(node)
    compiler = Compiler(archive.synonyms, archive.userdict())
    match = compiler.node(node)
    return Plan(node, compiler, match, request.filter_dict(),
                date_filters(request.date_from, request.date_to),
                highlight_terms(node, archive.synonyms),
                asked_headline(node) if request.sort == "relevance" else None)


def sort_of(sort: str) -> list[dict[str, Any]]:
    """The sort of a request, ties broken by id."""
    if sort == "newest":
        return [{"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    if sort == "oldest":
        return [{"date": {"order": "asc", "missing": "_first"}}, {"id": "asc"}]
    return [{"_score": "desc"}, {"id": "asc"}]


def _search_type(request: SearchRequest) -> str | None:
    return DFS if request.sort == "relevance" else None


@dataclass
class _Page:
    """The answer of one page's request, read."""

    total: int
    hits: list[dict[str, Any]]
    collapsed: int
    aggregations: dict[str, Any] = field(default_factory=dict)


def _page(archive: Archive, request: SearchRequest, query: Query, in_query: list[Query],
          post: list[Query], aggs: dict[str, Any], named: bool = False) -> _Page:
    """Hits ``request.offset`` … ``+ limit`` of ``query`` narrowed by ``in_query`` and
    ``post`` (the chosen facet values, applied after the facets' aggregations), collapsed
    when the request says so, with ``aggs``."""
    aggs = dict(aggs)
    body: dict[str, Any] = {
        "query": filtered(query, in_query),
        "from": request.offset, "size": request.limit,
        "sort": sort_of(request.sort),
        "track_total_hits": True,
        "_source": ["article", "body_key"],
    }
    if post:
        body["post_filter"] = {"bool": {"filter": post}}
    if request.collapse:
        body["collapse"] = {"field": "group"}
        aggs["repeats"] = {"filter": {"bool": {"filter": post}} if post else {"match_all": {}},
                           "aggs": {"keys": terms("body_key", min_doc_count=2,
                                                 shard_min_doc_count=2)}}
    if aggs:
        body["aggs"] = aggs
    answer = archive.cluster.search(body, search_type=_search_type(request))
    found = answer.get("aggregations", {})
    collapsed = 0
    if request.collapse:
        collapsed = _folded(archive, found["repeats"]["keys"]["buckets"], body)
    return _Page(answer["hits"]["total"]["value"], answer["hits"]["hits"], collapsed, found)


def _folded(archive: Archive, buckets: list[dict[str, Any]], body: dict[str, Any]) -> int:
    """How many matching articles are folded into another printing of their text, from
    the keys of two articles or more; counted again by partitions of the keys when there
    are too many to list at once."""
    if len(buckets) < BUCKETS:
        return sum(b["doc_count"] - 1 for b in buckets)
    partitions = 8
    while True:
        total, full = 0, False
        for p in range(partitions):
            agg = terms("body_key", min_doc_count=2, shard_min_doc_count=2,
                        include={"partition": p, "num_partitions": partitions})
            query = body["query"]
            if "post_filter" in body:
                query = unscored(query, body["post_filter"]["bool"]["filter"])
            answer = archive.cluster.search({"query": query, "size": 0,
                                             "track_total_hits": False,
                                             "aggs": {"keys": agg}})
            keys = answer["aggregations"]["keys"]["buckets"]
            full = full or len(keys) >= BUCKETS
            total += sum(b["doc_count"] - 1 for b in keys)
        if not full:
            return total
        partitions *= 4


def _printings(archive: Archive, query: Query, reps: list[dict[str, Any]]
               ) -> dict[str, tuple[Printing, ...]]:
    """For each body key of the page's hits ``reps``: the other matching articles with that
    body (``query``: the unscored query and filters of the page), where each appeared, in
    date and page order."""
    keys = list(dict.fromkeys(k for h in reps if (k := h["_source"].get("body_key"))))
    if not keys:
        return {}
    out: dict[str, list[Printing]] = {k: [] for k in keys}
    body = {"query": {"bool": {"filter": [query, {"terms": {"body_key": keys}}],
                               "must_not": [{"ids": {"values": [h["_id"] for h in reps]}}]}},
            "size": 10_000, "sort": [{"id": "asc"}], "track_total_hits": False,
            "_source": ["body_key", "article.id", "article.source", "article.date",
                        "article.page"]}
    for hit in archive.cluster.search(body)["hits"]["hits"]:
        a = hit["_source"]["article"]
        out[hit["_source"]["body_key"]].append(Printing(
            id=a["id"], source=a.get("source"), date=a.get("date"), page=a.get("page")))
    return {k: in_print_order(v) for k, v in out.items()}


def make_hit(hit: dict[str, Any], score: float, terms_: tuple[str, ...],
             request: SearchRequest, printings: tuple[Printing, ...] = (),
             missing: tuple[str, ...] = ()) -> Hit:
    """The Hit of one document of an answer."""
    article = article_from_source(hit["_source"])
    snippet = (make_snippet(article.body, terms_, request.snippet_chars) if request.snippets
               else Snippet(""))
    return Hit(
        id=article.id, title=article.title, date=article.date, source=article.source,
        page=article.page, authors=article.authors, score=score,
        snippet=snippet, title_marks=highlight(article.title, terms_),
        pretitle=article.pretitle, subtitle=article.subtitle,
        also_on=tuple(p.id for p in printings), printings=printings, missing=missing,
    )


def _score(hit: dict[str, Any], request: SearchRequest) -> float:
    if request.sort != "relevance":
        return 0.0
    score = hit.get("_score")
    if score is None:
        score = hit["sort"][0]
    if HEADLINE_FIRST in (hit.get("matched_queries") or ()):
        score -= HEADLINE_LIFT
    return float(score)


def search(archive: Archive, request: SearchRequest) -> SearchResults:
    """One page of hits, the total and the facets. Raises QuerySyntaxError,
    InvalidRequest, IndexNotFound, ArchiveUnavailable."""
    started = time.perf_counter()
    p = plan(archive, request)
    post = facet_filters(p.filters)
    aggs = facet_aggs(p.filters) if request.facets else {}
    page = _page(archive, request, p.ranked(), p.dates, post, aggs)
    loose = None
    if page.total == 0 and not isinstance(p.node, MatchAll):
        loose = loosen(archive, p.compiler, p.node, p.all_filters())
    shown_terms = p.terms
    if loose is not None:
        aggs = facet_aggs(p.filters, own_excluded=False) if request.facets else {}
        page = _page(archive, request, loose.query, loose.required, [], aggs)
        shown_terms = tuple(dict.fromkeys(p.terms + tuple(t.text for t in loose.retry.terms)))
        matching = unscored(loose.query, loose.required)
    else:
        matching = p.matching()
    printings = _printings(archive, matching, page.hits) if request.collapse else {}
    hits = tuple(_hit(h, request, shown_terms, printings, loose) for h in page.hits)
    facets = (read_facets(page.aggregations, p.filters, request.facet_limit)
              if request.facets else ())
    return SearchResults(
        query=request.query, total=page.total, hits=hits, facets=facets,
        took_ms=(time.perf_counter() - started) * 1000, offset=request.offset,
        limit=request.limit, highlight_terms=shown_terms, collapsed=page.collapsed,
        notice=None if loose is None else loose.notice(), loose=loose is not None,
    )


def _hit(hit: dict[str, Any], request: SearchRequest, terms_: tuple[str, ...],
         printings: dict[str, tuple[Printing, ...]], loose: LooseMatch | None) -> Hit:
    key = hit["_source"].get("body_key")
    score = _score(hit, request)
    missing: tuple[str, ...] = ()
    if loose is not None:
        matched = hit.get("matched_queries") or ()
        missing = loose.missing(matched)
        if request.sort == "relevance":
            score = loose.relevance(score, matched)
    return make_hit(hit, score, terms_, request, printings.get(key, ()) if key else (),
                    missing)


def iter_hits(archive: Archive, request: SearchRequest, cap: int | None = None
              ) -> Iterator[Hit]:
    """Every matching article in rank order from ``request.offset``, up to ``cap`` hits
    (None: all), over a point in time of the index (``paging.every_hit``): exact matches
    only, identical texts not collapsed. Raises QuerySyntaxError, InvalidRequest."""
    p = plan(archive, request)
    if cap is not None and cap <= 0:
        return
    hits = every_hit(archive, filtered(p.ranked(), p.all_filters()), sort_of(request.sort),
                     ["article"], _search_type(request))
    try:
        for given, hit in enumerate(islice(hits, request.offset, None), 1):
            yield make_hit(hit, _score(hit, request), p.terms, request)
            if cap is not None and given >= cap:
                return
    finally:
        hits.close()


def count(archive: Archive, request: SearchRequest) -> int:
    """How many articles match ``request`` exactly. Raises QuerySyntaxError,
    InvalidRequest."""
    p = plan(archive, request)
    cluster = archive.cluster
    answer = cluster.call(cluster.client.count, index=archive.index,
                          body={"query": p.matching()})
    return int(answer["count"])
