"""The looser retry on the cluster: when no article has every term of a query, the articles
with most of them (what is retried, and how it is told, is ``indexer.searching.loose``).

All counting is done by the cluster, never by fetching the articles of each term:

- which typed terms some required article has: one ``filter`` aggregation per term;
- ``best``, the most terms an article has: one aggregation per k = 1 … n, counting the
  articles that have at least k of the n terms (``minimum_should_match``);
- the kept articles are those with at least ``floor(best)`` terms, ranked by a query whose
  score is ``COUNT_WEIGHT`` per term an article has plus the term's own relevance, so that
  sorting by score sorts by how many terms, then by relevance; each term clause is named,
  and a hit's ``matched_queries`` tell which terms it has.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from indexer.query.language import Node
from indexer.searching.loose import RetryTerms, floor, retry_terms, split_items

from .compile import Compiler, Query, any_of, unscored
from .store import Archive

# A term's score in the retry: larger than any relevance score (BM25 of a few runs), so
# that the number of terms an article has decides first.
COUNT_WEIGHT = 1000.0


@dataclass(frozen=True)
class LooseMatch:
    """A retry: its terms, the query of the articles kept (scored) and the filters every
    kept article matches."""

    retry: RetryTerms
    query: Query
    required: list[Query]

    def notice(self) -> str:
        return self.retry.notice()

    def missing(self, matched: Iterable[str]) -> tuple[str, ...]:
        """What a hit whose ``matched_queries`` are ``matched`` lacks."""
        names = set(matched)
        return self.retry.missing([_name(i) in names for i in range(len(self.retry.terms))])

    def relevance(self, score: float, matched: Iterable[str]) -> float:
        """A hit's relevance, without the weight of the terms it has."""
        count = sum(1 for m in matched if m.startswith("term-"))
        return score - COUNT_WEIGHT * count


def _name(i: int) -> str:
    return f"term-{i}"


def loosen(archive: Archive, compiler: Compiler, node: Node, required: list[Query]
           ) -> LooseMatch | None:
    """The retry of ``node`` among the articles matching ``required`` (the query's
    non-text items and the request's filters); None when the query is not a list of two or
    more terms or no article has any."""
    parts = split_items(node)
    if parts is None:
        return None
    _texts, others = parts
    required = [compiler.node(n) for n in others] + list(required)
    base = unscored({"match_all": {}}, required)

    def found(queries: list[Query]) -> list[bool]:
        counts = _counts(archive, base, {f"t{i}": q for i, q in enumerate(queries)})
        return [counts[f"t{i}"] > 0 for i in range(len(queries))]

    retry = retry_terms(node, compiler.synonyms, compiler.userdict, compiler.text, any_of,
                        found)
    if retry is None:
        return None
    queries = [t.query for t in retry.terms]
    at_least = _counts(archive, base, {
        f"k{k}": _having(queries, k) for k in range(1, len(queries) + 1)})
    best = max((k for k in range(1, len(queries) + 1) if at_least[f"k{k}"] > 0), default=0)
    if best == 0:
        return None
    clauses = [{"bool": {"must": [q, {"constant_score": {"filter": {"match_all": {}},
                                                         "boost": COUNT_WEIGHT}}],
                         "_name": _name(i)}} for i, q in enumerate(queries)]
    kept = {"bool": {"should": clauses, "minimum_should_match": floor(best)}}
    return LooseMatch(retry, kept, required)


def _having(queries: list[Query], k: int) -> Query:
    """Articles having at least ``k`` of ``queries``."""
    return {"bool": {"filter": [{"bool": {"should": queries, "minimum_should_match": k}}]}}


def _counts(archive: Archive, base: Query, filters: dict[str, Query]) -> dict[str, int]:
    """How many articles of ``base`` match each of ``filters``."""
    if not filters:
        return {}
    aggs: dict[str, Any] = {name: {"filter": unscored(q)} for name, q in filters.items()}
    answer = archive.cluster.search({"query": base, "size": 0, "track_total_hits": False,
                                     "aggs": aggs})
    return {name: answer["aggregations"][name]["doc_count"] for name in filters}
