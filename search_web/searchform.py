"""What the search box and the advanced search form send, turned into the search to show.

Both forms submit to ``/search`` with a marker (``form=box`` or ``form=advanced``); the page
then redirects to the plain URL of the search asked for, so every search keeps one shareable
address.

- The search box: a new query starts from no filters; with 在结果中检索 (``within``) ticked
  it keeps the current ones (sent as hidden fields). The dates typed in its 起 / 止 fields
  apply either way, as shown; a year (and month) picked (``pick_year``, ``pick_month``)
  sets both.
- The advanced form: headline, text, author, paper, page (版), dates, an exact phrase and
  words to leave out become the equivalent query-language string (``advanced_query``), so
  that the box shows how to type it.
"""
from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from indexer.errors import InvalidRequest

from .params import SearchState, parse_args

FORM = "form"  # the marker: "box" or "advanced"
WITHIN = "within"
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[\"“”「」『』]")
# (parameter of the advanced form, field prefix of the query language), in query order
ADVANCED_FIELDS = (("a_title", "title:"), ("a_body", "body:"), ("a_author", "author:"),
                   ("a_source", "source:"), ("a_page", "page:"))


def _words(value: str) -> list[str]:
    return [w for w in _SPACE.split(_QUOTES.sub(" ", value)) if w]


def _exact(prefix: str, value: str) -> str:
    """``prefix`` and a whole value (quoted when it holds a space)."""
    words = _words(value)
    if not words:
        return ""
    text = " ".join(words)
    return f'{prefix}"{text}"' if len(words) > 1 else f"{prefix}{text}"


def advanced_query(args: MultiDict) -> str:
    """The query-language string of the advanced form's fields: ``title:`` and ``body:``
    for each word, ``author:``, ``source:`` and ``page:`` for the whole value, ``date:``
    for the range, the phrase in quotes, ``-word`` for each word to leave out."""
    parts: list[str] = []
    for name, prefix in ADVANCED_FIELDS:
        value = args.get(name, "")
        if prefix in ("title:", "body:"):
            parts += [f"{prefix}{w}" for w in _words(value)]
        elif part := _exact(prefix, value):
            parts.append(part)
    start, end = args.get("a_from", "").strip(), args.get("a_to", "").strip()
    if start or end:
        parts.append(f"date:{start}" if start == end else f"date:{start}..{end}")
    phrase = " ".join(_words(args.get("a_phrase", "")))
    if phrase:
        parts.append(f'"{phrase}"')
    parts += [f"-{w.lstrip('-')}" for w in _words(args.get("a_exclude", "")) if w.strip("-")]
    return " ".join(parts)


def _picked(args: MultiDict) -> str:
    """The year or month of the quick pick ("" for none). Raises InvalidRequest."""
    year = args.get("pick_year", "").strip()
    month = args.get("pick_month", "").strip()
    if not year:
        return ""
    if not re.fullmatch(r"[0-9]{4}", year):
        raise InvalidRequest(f"year='{year}' is not a year; write YYYY")
    # ASCII digits only: str.isdigit() accepts ² and ١, which int() refuses or misreads.
    if re.fullmatch(r"[0-9]{1,2}", month) and 1 <= int(month) <= 12:
        return f"{year}-{int(month):02d}"
    return year


def submitted(args: MultiDict) -> SearchState:
    """The search a form submission asks for. Raises InvalidRequest for a bad parameter."""
    if args.get(FORM) == "advanced":
        base = parse_args(MultiDict([(k, v) for k, v in args.items(multi=True)
                                     if k in ("sort", "timeline")]))
        return SearchState(q=advanced_query(args), sort=base.sort, timeline=base.timeline)
    state = parse_args(args)
    picked = _picked(args)
    if picked:
        state = state.changed(date_from=picked, date_to=picked)
    if args.get(WITHIN):
        return state.changed(p=1)
    return SearchState(q=state.q, date_from=state.date_from, date_to=state.date_to,
                       sort=state.sort, timeline=state.timeline)
