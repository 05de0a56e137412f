"""The bounds of a search, in one place: how long a query may be, how many terms it may
have and how deep its parentheses and NOTs may nest, and how many filter values a request
may choose. Each is checked before any search work, so that no query or URL can make a
search take much longer, or a page grow much larger, than the largest real one.

The limits are generous for real use: a pasted headline with its subtitle, a list of a
hundred names joined by OR, a few levels of grouping. ``docs/query-language.md`` (Limits)
says what each one refuses.
"""
from __future__ import annotations

from collections.abc import Iterable

from indexer.errors import InvalidRequest, QueryTooLarge

# Characters in a query, as typed and once normalised (NFKC can lengthen a character).
MAX_QUERY_CHARS = 1000
# Terms in a query: runs of letters, digits or Chinese characters (``国庆 阅兵`` is two,
# ``300元、连`` is two), a quoted text is one, and each field value (author:, date:…) is one.
MAX_QUERY_TERMS = 100
# Characters in one run: a longer one (``aaaa…``, a paragraph without punctuation) is
# matched as a chain of as many character pairs, each looked up.
MAX_TERM_CHARS = 100
# Terms the looser retry looks for (``indexer.searching.loose``), each on its own: a query
# with more terms typed is not retried, and the words of the long terms no article has are
# looked for only up to this many terms in all.
MAX_RETRY_TERMS = 30
# Parentheses and NOTs (or ``-``) open inside one another.
MAX_QUERY_DEPTH = 10
# Values chosen for one filter field (source, year, month, page, author), and in all.
MAX_FILTER_VALUES = 20
MAX_FILTER_VALUES_TOTAL = 50


def check_length(query: str) -> None:
    """Raises QueryTooLarge for a query longer than ``MAX_QUERY_CHARS`` characters."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLarge(f"the query is {len(query)} characters long; the most a query may "
                            f"have is {MAX_QUERY_CHARS}", MAX_QUERY_CHARS)


def check_depth(depth: int, position: int) -> None:
    """Raises QueryTooLarge when ``depth`` (parentheses and NOTs open at ``position``, a
    0-based index into the query) exceeds ``MAX_QUERY_DEPTH``."""
    if depth > MAX_QUERY_DEPTH:
        raise QueryTooLarge(f"parentheses and NOT are nested {depth} deep at position "
                            f"{position + 1}; the most is {MAX_QUERY_DEPTH}", position)


def check_runs(runs: list[str], position: int) -> None:
    """Raises QueryTooLarge when one of ``runs`` (those of a text at ``position``) is longer
    than ``MAX_TERM_CHARS``."""
    longest = max(runs, key=len, default="")
    if len(longest) > MAX_TERM_CHARS:
        raise QueryTooLarge(f"the word at position {position + 1} is {len(longest)} "
                            f"characters long without a space or punctuation; the most is "
                            f"{MAX_TERM_CHARS}", position)


def check_terms(count: int, position: int) -> None:
    """Raises QueryTooLarge when ``count`` terms, reached at ``position``, exceed
    ``MAX_QUERY_TERMS``."""
    if count > MAX_QUERY_TERMS:
        raise QueryTooLarge(f"the query has more than {MAX_QUERY_TERMS} terms (words, quoted "
                            f"texts, field values); the one at position {position + 1} is "
                            "past the limit", position)


def filter_excess(filters: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[str, int] | None:
    """The first bound the chosen filter values break: (the field, its number of values)
    for more than ``MAX_FILTER_VALUES`` values of one field, ("", the number of values) for
    more than ``MAX_FILTER_VALUES_TOTAL`` in all; None within both."""
    total = 0
    for name, values in filters:
        if len(values) > MAX_FILTER_VALUES:
            return name, len(values)
        total += len(values)
    return ("", total) if total > MAX_FILTER_VALUES_TOTAL else None


def check_filters(filters: Iterable[tuple[str, tuple[str, ...]]]) -> None:
    """Raises InvalidRequest for more filter values than the bounds allow."""
    excess = filter_excess(filters)
    if excess is None:
        return
    name, count = excess
    if name:
        raise InvalidRequest(f"{count} values of the filter '{name}'; the most is "
                             f"{MAX_FILTER_VALUES}")
    raise InvalidRequest(f"{count} filter values in all; the most is "
                         f"{MAX_FILTER_VALUES_TOTAL}")
