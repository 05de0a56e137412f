"""Compiling Baoku's query syntax tree (``indexer.query``) and a request's filters into
OpenSearch's query DSL, with the matching of ``indexer.engine.compile_query``.

Matching is exact: each run of characters the user typed must occur, as typed, in the
heading or the body (normalised): a phrase of character bigrams (``match_phrase`` on the
bigram field) for a run of two characters or more, the character itself (``term`` on the
character field) for one. Every spelling of a text is tried (``indexer.query.terms``), and
an unquoted text also finds its synonyms. ``title:``/``body:`` look in one part,
``author:``, ``source:`` and ``page:`` are exact values, ``date:`` a range of ISO dates
compared as text (as the Whoosh index compares them).

Ranking (the scores of the same clauses), as close to ``indexer.engine.collector_ranking``
as OpenSearch's scoring allows: each run scored by BM25 on its own occurrences (with
``dfs_query_then_fetch``, the archive's statistics), a heading match weighing
``TITLE_WEIGHT`` times a body match, a run's phrase weighed as one term (its bigrams'
weights averaged, not summed, so a long common run does not outweigh a short rare one), a
bonus where the runs typed one after another stand together as typed (an ``intervals``
query), and, as a light tie-breaker, BM25 over the jieba words of the text. The articles
whose headline the query names (``indexer.searching.headlines``) are lifted above all others
by a constant (``headline_first``), which the hits' scores leave out again.

Nothing is sent before the whole query compiled: a malformed query is Baoku's
QuerySyntaxError, raised by the parser or here.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.errors import QuerySyntaxError
from indexer.query.language import And, DateRange, Exact, MatchAll, Node, Not, Or, Text
from indexer.query.synonyms import Synonyms
from indexer.query.terms import spellings
from indexer.text.normalize import normalize
from indexer.text.segmentation import RUN, segment

from .mapping import chars_field, grams_field, words_field

Query = dict[str, Any]

TITLE_WEIGHT = 2.0  # a heading match weighs twice a body match
WORDS_WEIGHT = 0.03  # the jieba words' BM25: a light tie-breaker beside the runs'
TOGETHER_WEIGHT = 2.5  # runs typed one after another found together, as typed
NEAR_GAP = 2  # characters allowed between runs that "stand together"
# Where a Text node of the query is looked for: heading and body, or one of them.
WHERE = {None: ("heading", "body"), "title": ("heading",), "body": ("body",)}
_PART_WEIGHT = {"heading": TITLE_WEIGHT, "body": 1.0}
# Added to the score of an article with the headline asked for: far above any relevance
# score (a run weighs some tens at most). Scores are 32-bit floats, so among themselves those
# articles keep their order to about a thousandth of a point.
HEADLINE_LIFT = 10_000.0
HEADLINE_FIRST = "baoku_headline"  # that clause's name, in a hit's matched_queries


def any_of(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else {
        "bool": {"should": queries, "minimum_should_match": 1}}


def all_of(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else {"bool": {"must": queries}}


def run_query(run: str, parts: tuple[str, ...]) -> Query:
    """Articles with ``run`` (normalised: letters, digits, CJK) in one of ``parts``,
    scored per part."""
    clauses = []
    for part in parts:
        weight = _PART_WEIGHT[part]
        if len(run) == 1:
            clauses.append({"term": {chars_field(part): {"value": run, "boost": weight}}})
        else:
            clauses.append({"match_phrase": {grams_field(part): {
                "query": run, "boost": weight / (len(run) - 1)}}})
    return any_of(clauses)


def _words_query(text: str, parts: tuple[str, ...], userdict: str | None) -> Query | None:
    words = segment(normalize(text), userdict)
    if not words:
        return None
    return any_of([{"match": {words_field(part): {
        "query": " ".join(words), "boost": WORDS_WEIGHT * _PART_WEIGHT[part]}}}
        for part in parts])


def together_query(runs: list[str], parts: tuple[str, ...]) -> Query | None:
    """A ranking clause for the articles where the runs of two characters or more stand
    together as typed: in order, at most ``NEAR_GAP`` characters apart (each character is
    one position of the bigram field, so a run right after another leaves a gap of one
    position, one more per character between them). None for fewer than two such runs."""
    chain = [run for run in runs if len(run) > 1]
    if len(chain) < 2:
        return None
    gaps = (1 + NEAR_GAP) * (len(chain) - 1)
    return any_of([{"constant_score": {"filter": {"intervals": {grams_field(part): {
        "all_of": {"mode": "ordered", "max_gaps": gaps,
                   "intervals": [{"match": {"query": run, "max_gaps": 0, "mode": "ordered"}}
                                 for run in chain]}}}},
        "boost": TOGETHER_WEIGHT * _PART_WEIGHT[part]}} for part in parts])


def text_query(text: str, field: str | None, userdict: str | None = None,
               together: bool = True) -> Query | None:
    """Articles with every run of ``text`` (in one of its spellings) in the parts of
    ``field`` (None: heading or body), ranked (with ``together``, also for its runs standing
    together); None when it has no letters, digits or CJK characters."""
    parts = WHERE[field]
    every = [runs for spelling in spellings(text) if (runs := RUN.findall(spelling))]
    if not every:
        return None
    exact = any_of([all_of([run_query(run, parts) for run in runs]) for runs in every])
    bonus = [q for q in (_words_query(text, parts, userdict),
                         together_query(every[0], parts) if together else None) if q]
    return {"bool": {"must": [exact], "should": bonus}} if bonus else exact


def headline_first(query: Query, headline: str | None) -> Query:
    """``query`` with the articles whose headline key is ``headline`` lifted above the
    others by HEADLINE_LIFT (a clause named HEADLINE_FIRST); ``query`` when None."""
    if headline is None:
        return query
    lift = {"constant_score": {"filter": {"term": {"headline_key": headline}},
                               "boost": HEADLINE_LIFT, "_name": HEADLINE_FIRST}}
    return {"bool": {"must": [query], "should": [lift]}}


def _no_text(text: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"'{text}' has no letters, digits or Chinese characters to "
                            "search for")


def check_texts(node: Node) -> None:
    """Raise QuerySyntaxError, as compiling would, for a text with nothing searchable in
    it: before the archive is asked for anything."""
    if isinstance(node, Text):
        if not any(RUN.search(s) for s in spellings(node.text)):
            raise _no_text(node.text)
    elif isinstance(node, And | Or):
        for item in node.items:
            check_texts(item)
    elif isinstance(node, Not):
        check_texts(node.item)


def _page_value(value: str) -> str:
    return value.lstrip("0") or "0" if value.isdigit() else value


class Compiler:
    """Compiles query trees for one archive (its synonyms and user dictionary)."""

    def __init__(self, synonyms: Synonyms, userdict: str | None = None) -> None:
        self.synonyms = synonyms
        self.userdict = userdict

    def text(self, text: str, field: str | None, together: bool = True) -> Query | None:
        return text_query(text, field, self.userdict, together)

    def node(self, node: Node) -> Query:
        """The query matching ``node``. Raises QuerySyntaxError for text with nothing
        searchable in it."""
        if isinstance(node, MatchAll):
            return {"match_all": {}}
        if isinstance(node, Text):
            return self._text_node(node)
        if isinstance(node, Exact):
            return exact_query(node.field, node.value)
        if isinstance(node, DateRange):
            return date_range(node.start, node.end)
        if isinstance(node, And):
            return self._all_of(node.items)
        if isinstance(node, Or):
            return any_of([self.node(i) for i in node.items])
        if isinstance(node, Not):
            return {"bool": {"must_not": [self.node(node.item)]}}
        raise TypeError(f"unknown query node {node!r}")  # pragma: no cover

    def _plain_runs(self, node: Node) -> list[str] | None:
        """The runs of a text that has one spelling and no synonyms (so that it can stand
        together with the texts typed next to it); None for any other node."""
        if not isinstance(node, Text) or (not node.quoted and self.synonyms.of(node.text)):
            return None
        only = spellings(node.text)
        return RUN.findall(only[0]) if len(only) == 1 else None

    def _all_of(self, items: tuple[Node, ...]) -> Query:
        """AND of ``items``, ranked also for the runs of consecutive plain texts of one
        field standing together as typed (as ``indexer.engine.compile_query`` does)."""
        musts: list[Query] = []
        bonus: list[Query] = []
        runs: list[str] = []
        field: str | None = None

        def close() -> None:
            if runs and (q := together_query(runs, WHERE[field])) is not None:
                bonus.append(q)

        for item in items:
            plain = self._plain_runs(item)
            if plain is not None:
                assert isinstance(item, Text)
                if runs and item.field != field:
                    close()
                    runs = []
                runs += plain
                field = item.field
                musts.append(self._text_node(item, together=False))
                continue
            close()
            runs = []
            musts.append(self.node(item))
        close()
        if not bonus:
            return all_of(musts)
        return {"bool": {"must": musts, "should": bonus}}

    def _text_node(self, node: Text, together: bool = True) -> Query:
        q = self.text(node.text, node.field, together)
        if q is None:
            raise _no_text(node.text)
        if not node.quoted:
            alts = [a for a in (self.text(s, node.field) for s in self.synonyms.of(node.text))
                    if a is not None]
            if alts:
                q = any_of([q, *alts])
        return q


def exact_query(field: str, value: str) -> Query:
    """``author:``, ``source:`` or ``page:`` with this exact value."""
    if field == "page":
        return {"term": {"page": _page_value(value)}}
    if field == "author":
        return {"terms": {"author": sorted({value, normalize(value)})}}
    return {"term": {field: value}}


def date_range(start: str | None, end: str | None) -> Query:
    """Articles dated ``start`` .. ``end`` (ISO days, inclusive, compared as text; None
    leaves that end open)."""
    return {"range": {"date": {"gte": start or "0000-00-00", "lte": end or "9999-99-99"}}}


def facet_filter(field: str, values: tuple[str, ...]) -> Query:
    """One facet field's chosen values, ORed."""
    if field == "page":
        values = tuple(_page_value(v) for v in values)
    return {"terms": {field: list(dict.fromkeys(values))}}


def facet_filters(filters: Mapping[str, tuple[str, ...]], skip: str | None = None
                  ) -> list[Query]:
    """The request's facet filters, leaving out the field ``skip``."""
    return [facet_filter(field, values) for field, values in filters.items()
            if field != skip and values]


def date_filters(date_from: str | None, date_to: str | None) -> list[Query]:
    return [date_range(date_from, date_to)] if date_from or date_to else []


def filtered(query: Query, filters: list[Query]) -> Query:
    """``query`` (scored) narrowed by ``filters`` (not scored)."""
    if not filters:
        return query
    return {"bool": {"must": [query], "filter": filters}}


def unscored(query: Query, filters: list[Query] = ()) -> Query:
    """The articles of ``query`` and ``filters``, without scoring."""
    return {"bool": {"filter": [query, *filters]}}
