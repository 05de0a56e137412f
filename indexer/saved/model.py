"""A saved search: the query and filters a journalist follows, under a name, with the secret
token of its feed."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from indexer.errors import InvalidRequest
from indexer.query.language import parse_query
from indexer.results import SearchRequest

# The longest name a saved search may have, in characters.
MAX_NAME = 100
Filters = tuple[tuple[str, tuple[str, ...]], ...]


def filters_to_json(filters: Filters) -> str:
    return json.dumps([[name, list(values)] for name, values in filters], ensure_ascii=False)


def filters_from_json(text: str) -> Filters:
    return tuple((name, tuple(values)) for name, values in json.loads(text))


def fresh_feed_token() -> str:
    """A new random token naming a saved search's Atom feed (32 characters)."""
    return secrets.token_urlsafe(24)


def now() -> str:
    """The time now, UTC, as the saved searches record it (ISO, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class NewSearch:
    """A saved search about to be stored: checked, with a fresh feed token. ``owner`` is the
    hash of the browser token that made it (empty for one made on the command line);
    ``feed_token`` names its Atom feed."""

    name: str
    query: str
    filters: Filters = ()
    date_from: str | None = None
    date_to: str | None = None
    owner: str = ""
    feed_token: str = field(default_factory=fresh_feed_token)
    created: str = field(default_factory=now)


@dataclass(frozen=True)
class SavedSearch(NewSearch):
    """A saved search as stored: a ``NewSearch`` with the id the store gave it."""

    id: int = 0

    def request(self, **sizes: int | bool) -> SearchRequest:
        """The library request of this search, newest first (``sizes``: limit, offset,
        snippet_chars…, as ``SearchRequest`` takes them)."""
        return SearchRequest(query=self.query, filters=self.filters, date_from=self.date_from,
                             date_to=self.date_to, sort="newest", **sizes)  # type: ignore[arg-type]

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "query": self.query,
                "filters": {name: list(values) for name, values in self.filters},
                "from": self.date_from, "to": self.date_to, "created": self.created,
                "by": "browser" if self.owner else "command line"}


def check_search(request: SearchRequest) -> None:
    """Raises InvalidRequest (bad filters or dates) or QuerySyntaxError (QueryTooLarge) for
    a search the archive would refuse: when it is saved, and before each commit's check."""
    request.validate()
    parse_query(request.query)


def new_saved_search(name: str, query: str, filters: Filters = (), date_from: str | None = None,
                     date_to: str | None = None, owner: str = "") -> NewSearch:
    """A saved search to store, checked as a search would be. Raises InvalidRequest for an
    empty or too long name or an empty query, QuerySyntaxError (QueryTooLarge) for a query
    the search would refuse, InvalidRequest for bad filters."""
    name, query = name.strip(), query.strip()
    if not name:
        raise InvalidRequest("a saved search needs a name")
    if len(name) > MAX_NAME:
        raise InvalidRequest(f"the name of a saved search may have at most {MAX_NAME} "
                             f"characters, not {len(name)}")
    if not query:
        raise InvalidRequest("a saved search needs a query: an empty one would follow every "
                             "article")
    check_search(SearchRequest(query=query, filters=filters, date_from=date_from,
                               date_to=date_to))
    return NewSearch(name, query, filters, date_from, date_to, owner)
