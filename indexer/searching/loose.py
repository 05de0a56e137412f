"""The looser retry, the same for every backend: when no article has every term of a query,
the articles with most of them.

The terms are what the user typed, one per run of characters (a quoted text is one term).
A term that no article has at all and that is three characters or longer (a pasted headline
with a wrong character, a name run into a word) is broken into its jieba words, each a term
of its own. What is not text — ``author:``, ``date:``, ``-word``, the request's filters —
stays required. Only a query that is a list of terms (no OR at the top) is retried, and only
up to ``MAX_RETRY_TERMS`` terms (``indexer.query.limits``): a query with more terms typed is
not retried, and the words of long terms are searched until the terms reach that number.

The retry keeps the articles that have at least all but one of the most terms any article
has (``floor``: ``best``, and ``best - 1`` when that is one or more) and ranks them by how
many terms they have, then by relevance. The notice names the terms no article has.

What is neutral lives here: which terms there are (``retry_terms``), the floor, the notice
and what a hit lacks. A backend compiles each term's text with its own ``text_query`` (and
joins alternatives with ``any_of``), says which terms some required article has
(``found``), and finds the articles above the floor its own way
(``indexer.engine.loose``, ``indexer.opensearch.loose``).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.query.language import And, Node, Text
from indexer.query.limits import MAX_RETRY_TERMS
from indexer.query.synonyms import Synonyms
from indexer.text.normalize import normalize
from indexer.text.segmentation import RUN, segment

MIN_SPLIT = 3  # a term of this many characters or more that matches nothing is split

# A backend's query for a text: text_query(text, field) with field None (heading or body),
# "title" or "body"; None when the text has nothing searchable.
TextQuery = Callable[[str, "str | None"], Any]
AnyOf = Callable[[list], Any]  # the query matching any of the given queries


@dataclass(frozen=True)
class Term:
    """One term of the retry: the text shown and its exact match (a backend's query)."""

    text: str
    query: Any


@dataclass(frozen=True)
class RetryTerms:
    """The terms a retry searches: those found as typed, then the words of the long typed
    terms no article has."""

    terms: tuple[Term, ...]
    typed: tuple[str, ...]  # the terms as typed (before splitting)
    nowhere: tuple[str, ...]  # typed terms no article has
    unsplit: tuple[str, ...] = ()  # of those, the ones not searched as their words

    def notice(self) -> str:
        return retry_notice(self.typed, self.nowhere)

    def missing(self, has: Sequence[bool]) -> tuple[str, ...]:
        """What an article lacks, given for each term whether it has it."""
        return self.unsplit + tuple(t.text for t, h in zip(self.terms, has, strict=True)
                                    if not h)


def retry_notice(typed: Sequence[str], nowhere: Sequence[str]) -> str:
    """What the user is told: e.g. "no article has all of 女排 足球; showing articles with
    most of them (none has 足球)"."""
    if len(typed) == 1:
        return f"no article has {typed[0]}; showing articles with most of its words"
    text = f"no article has all of {' '.join(typed)}; showing articles with most of them"
    if nowhere:
        text += f" (none has {' '.join(nowhere)})"
    return text


def floor(best: int) -> int:
    """The fewest terms a kept article has, when the best has ``best``."""
    return max(1, best - 1)


def split_items(node: Node) -> tuple[list[Text], list[Node]] | None:
    """The Text items of a top-level AND (or the single Text) and the other, required,
    items; None for a query of another shape."""
    items = node.items if isinstance(node, And) else (node,)
    texts = [i for i in items if isinstance(i, Text)]
    if not texts:
        return None
    return texts, [i for i in items if not isinstance(i, Text)]


def typed_terms(texts: Sequence[Text], synonyms: Synonyms, text_query: TextQuery,
                any_of: AnyOf) -> list[tuple[Term, Text]]:
    """One term per run of each unquoted text (with its synonyms when the text is one run)
    and per quoted text."""
    out: list[tuple[Term, Text]] = []
    for node in texts:
        runs = RUN.findall(normalize(node.text))
        if node.quoted or len(runs) == 1:
            q = text_query(node.text, node.field)
            if q is None:
                continue
            if not node.quoted:
                alts = [a for a in (text_query(s, node.field) for s in synonyms.of(node.text))
                        if a is not None]
                q = any_of([q, *alts]) if alts else q
            out.append((Term(" ".join(runs) if node.quoted else runs[0], q), node))
        else:
            out.extend((Term(run, text_query(run, node.field)), node) for run in runs)
    return out


def retry_terms(node: Node, synonyms: Synonyms, userdict: str | None, text_query: TextQuery,
                any_of: AnyOf, found: Callable[[list], list[bool]]) -> RetryTerms | None:
    """The terms of ``node``'s retry; ``found(queries)`` tells for each query whether an
    article matching the required items and filters has it. None when the query is not a
    list of two or more terms (or of one long term no article has)."""
    parts = split_items(node)
    if parts is None:
        return None
    texts, _others = parts
    # A term typed twice (in the same field) is one term.
    typed = list({(term.text, text.field): (term, text) for term, text in
                  typed_terms(texts, synonyms, text_query, any_of)}.values())
    if len(typed) > MAX_RETRY_TERMS:
        return None
    present = found([term.query for term, _ in typed]) if typed else []
    room = MAX_RETRY_TERMS - sum(present)  # for the words of terms no article has
    terms: list[Term] = []
    nowhere: list[str] = []
    unsplit: list[str] = []
    for (term, text), here in zip(typed, present, strict=True):
        if here:
            terms.append(term)
            continue
        nowhere.append(term.text)
        if text.quoted or len(term.text) < MIN_SPLIT:
            unsplit.append(term.text)
            continue
        for word in dict.fromkeys(segment(term.text, userdict)):
            q = text_query(word, text.field) if room > 0 else None
            if q is not None:
                terms.append(Term(word, q))
                room -= 1
    if len(terms) < 2 and not (terms and nowhere):
        return None
    return RetryTerms(tuple(terms), tuple(t.text for t, _ in typed), tuple(nowhere),
                      tuple(unsplit))
