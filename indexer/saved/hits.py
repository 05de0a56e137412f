"""A saved search's recorded matches shown as hits (headline, paper, date, 版, snippet),
for its web page and its feed: each article read by id and marked with the search's words,
as a search marks them. An article withdrawn since, or corrected so that it no longer
matches, is left out."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.article import Article
from indexer.backend import SearchBackend
from indexer.errors import ArticleNotFound
from indexer.query.language import parse_query
from indexer.query.terms import highlight_terms
from indexer.results import Hit
from indexer.searching.issues import page_key
from indexer.searching.snippets import highlight, make_snippet

from .model import SavedSearch
from .store import Match


@dataclass(frozen=True)
class MatchedHit:
    """A recorded match with its article as a hit."""

    match: Match
    hit: Hit

    def to_json(self) -> dict:
        return {**self.hit.to_json(), "first_seen": self.match.first_seen}


def hit_of(article: Article, terms: tuple[str, ...], snippet_chars: int) -> Hit:
    return Hit(id=article.id, title=article.title, date=article.date, source=article.source,
               page=article.page, authors=article.authors, score=0.0,
               snippet=make_snippet(article.body, terms, snippet_chars),
               title_marks=highlight(article.title, terms), pretitle=article.pretitle,
               subtitle=article.subtitle)


def matched_hits(archive: SearchBackend, saved: SavedSearch, matches: Sequence[Match],
                 snippet_chars: int = 160) -> list[MatchedHit]:
    """``matches`` as hits (``_order``), those that still match only. Raises
    QuerySyntaxError, IndexNotFound."""
    if not matches:
        return []
    still = archive.matching_among([saved.request(facets=False)],
                                   [m.article_id for m in matches])[0]
    terms = highlight_terms(parse_query(saved.query), archive.synonyms)
    out = []
    for match in matches:
        if match.article_id not in still:
            continue
        try:
            article = archive.article(match.article_id)
        except ArticleNotFound:  # withdrawn between the two looks
            continue
        out.append(MatchedHit(match, hit_of(article, terms, snippet_chars)))
    return sorted(out, key=_order)


def _order(matched: MatchedHit) -> tuple:
    """Recorded latest first; among those recorded together (one commit), the newest
    issue first, then by page and id (an issue in its printed order)."""
    hit = matched.hit
    return (_descending(matched.match.first_seen), _descending(hit.date or ""),
            page_key(hit.page), hit.id)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
