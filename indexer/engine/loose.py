"""The looser retry: when no article has every term of a query, the articles with most of them.

The terms are what the user typed, one per run of characters (a quoted text is one term).
A term that no article has at all and that is three characters or longer (a pasted headline
with a wrong character, a name run into a word) is broken into its jieba words, each a term
of its own. What is not text — ``author:``, ``date:``, ``-word``, the request's filters —
stays required. Only a query that is a list of terms (no OR at the top) is retried.

The retry keeps the articles that have at least all but one of the most terms any article
has (``best``, and ``best - 1`` when that is one or more) and ranks them by how many terms
they have, then by relevance. Which articles have which term is read from postings
(``docs_for_query``), never from stored documents; the notice names the terms no article
has.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import query as wq

from indexer.query.language import And, Node, Text
from indexer.query.synonyms import Synonyms
from indexer.text.normalize import normalize
from indexer.text.segmentation import RUN, segment

from .compile_query import TEXT_WHERE, text_query

MIN_SPLIT = 3  # a term of this many characters or more that matches nothing is split


@dataclass(frozen=True)
class Term:
    """One term of the retry: the text shown and its exact match."""

    text: str
    query: wq.Query


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
        if len(self.typed) == 1:
            return (f"no article has {self.typed[0]}; showing articles with most of its "
                    "words")
        text = (f"no article has all of {' '.join(self.typed)}; showing articles with most "
                "of them")
        if self.nowhere:
            text += f" (none has {' '.join(self.nowhere)})"
        return text


def split_items(node: Node) -> tuple[list[Text], list[Node]] | None:
    """The Text items of a top-level AND (or the single Text) and the other, required,
    items; None for a query of another shape."""
    items = node.items if isinstance(node, And) else (node,)
    texts = [i for i in items if isinstance(i, Text)]
    if not texts:
        return None
    return texts, [i for i in items if not isinstance(i, Text)]


def typed_terms(texts: Sequence[Text], synonyms: Synonyms) -> list[tuple[Term, Text]]:
    """One term per run of each unquoted text (with its synonyms when the text is one run)
    and per quoted text."""
    out: list[tuple[Term, Text]] = []
    for node in texts:
        where = TEXT_WHERE[node.field]
        runs = RUN.findall(normalize(node.text))
        if node.quoted or len(runs) == 1:
            q = text_query(node.text, where)
            if q is None:
                continue
            if not node.quoted:
                alts = [a for a in (text_query(s, where) for s in synonyms.of(node.text)) if a]
                q = wq.Or([q, *alts]) if alts else q
            out.append((Term(" ".join(runs) if node.quoted else runs[0], q), node))
        else:
            out.extend((Term(run, text_query(run, where)), node) for run in runs)
    return out


def loosen(searcher, node: Node, synonyms: Synonyms, userdict: str | None,
           required: wq.Query | None) -> LooseMatch | None:
    """The articles with most of ``node``'s terms among those matching ``required`` (the
    request's filters and the query's non-text items compiled, or None); None when the
    query is not a list of two or more terms or no article has any."""
    parts = split_items(node)
    if parts is None:
        return None
    texts, _others = parts
    typed = typed_terms(texts, synonyms)
    universe = None if required is None else set(searcher.docs_for_query(required))

    def docs_of(q: wq.Query) -> set[int]:
        found = set(searcher.docs_for_query(q))
        return found if universe is None else found & universe

    terms: list[Term] = []
    have: list[set[int]] = []
    nowhere: list[str] = []
    unsplit: list[str] = []
    for term, text in typed:
        docs = docs_of(term.query)
        if docs:
            terms.append(term)
            have.append(docs)
            continue
        nowhere.append(term.text)
        if text.quoted or len(term.text) < MIN_SPLIT:
            unsplit.append(term.text)
            continue
        where = TEXT_WHERE[text.field]
        for word in segment(term.text, userdict):
            q = text_query(word, where)
            if q is not None:
                terms.append(Term(word, q))
                have.append(docs_of(q))
    if len(terms) < 2 and not (terms and nowhere):
        return None
    counts = Counter(d for docs in have for d in docs)
    if not counts:
        return None
    best = max(counts.values())
    floor = max(1, best - 1)
    kept = {d: c for d, c in counts.items() if c >= floor}
    return LooseMatch(tuple(terms), kept,
                      tuple(frozenset(d for d in docs if d in kept) for docs in have),
                      tuple(t.text for t, _ in typed), tuple(nowhere), tuple(unsplit))
