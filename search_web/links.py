"""Every link the pages make, built in one place: search states, facet toggles, chips, sort
orders, result pages, articles and issues; which article addresses may become links
(``web_link``); and the absolute addresses that leave the site (``absolute_url``).

Facets are plain data, Datasette style: ``{name, label, values: [{value, label, count,
selected, toggle_url}], truncated}``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus, urlsplit

from flask import Flask, current_app, g, request, url_for

from indexer.errors import ConfigError
from indexer.results import SORTS, Facet, SearchResults

from .labels import FIELD_LABELS, SORT_LABELS, TIMELINE_LABELS, date_label, value_label
from .params import TIMELINES, SearchState

# A results page makes some sixty links that differ in one parameter; each name and value is
# quoted once, as ``urlencode`` quotes them.
_quoted = lru_cache(maxsize=4096)(quote_plus)


def _with_args(base: str, args: list[tuple[str, str]]) -> str:
    if not args:
        return base
    return base + "?" + "&".join(_quoted(str(name)) + "=" + _quoted(str(value))
                                 for name, value in args)


def _endpoint_url(endpoint: str) -> str:
    """``url_for(endpoint)``, built once a request: a results page links the search page
    some sixty times (facets, chips, sorts, pages)."""
    built = g.setdefault("endpoint_urls", {})
    if endpoint not in built:
        built[endpoint] = url_for(endpoint)
    return built[endpoint]


def search_url(state: SearchState, endpoint: str = "pages.search") -> str:
    """The URL of ``state`` on ``endpoint`` (the page, its JSON twin or the CSV export: the
    export has neither the page of results nor the timeline's view)."""
    if endpoint == "export.export_csv":
        return _with_args(_endpoint_url(endpoint),
                          state.changed(timeline="count").args(with_page=False))
    return _with_args(_endpoint_url(endpoint), state.args())


def toggle_url(state: SearchState, field: str, value: str) -> str:
    """``state`` with ``value`` of ``field`` added to the chosen ones, or removed if chosen."""
    chosen = state.chosen(field)
    values = tuple(v for v in chosen if v != value) if value in chosen else chosen + (value,)
    return search_url(state.with_filter(field, values))


def narrow_url(state: SearchState, field: str, value: str) -> str:
    """``state`` with ``value`` as the only chosen value of ``field``."""
    return search_url(state.with_filter(field, (value,)))


def article_url(article_id: str, q: str = "") -> str:
    return _with_args(url_for("pages.article", article_id=article_id), [("q", q)] if q else [])


def issue_url(date: str, source: str | None = None, page: str | None = None) -> str:
    url = _with_args(url_for("pages.issue", date=date),
                     [("source", source)] if source else [])
    return f"{url}#page-{page}" if page else url


def web_link(url: str | None) -> str | None:
    """The address to link for an article's ``url``: an http or https address with a host,
    else None, and the page shows the text unlinked (``javascript:``, ``data:``,
    ``vbscript:``, relative or malformed addresses never become links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname \
        else None


def _host_allowed(host: str, allowed: str) -> bool:
    """Whether the Host header ``host`` is one of the comma-separated ``allowed`` hosts (an
    entry without a port allows every port of its host)."""
    name = host.rpartition(":")[0] if host.rpartition(":")[2].isdigit() else host
    entries = {e.strip().lower() for e in allowed.split(",") if e.strip()}
    return host.lower() in entries or name.lower() in entries


def absolute_url(path: str) -> str:
    """``path`` on the site's public address, for links that leave the site (CSV exports):
    the ``public_url`` setting; else the request's host if ``allowed_hosts`` lists it; else
    ``path`` alone. A Host header the client made up never reaches the link."""
    settings = current_app.config["BAOKU"]
    if settings.get("public_url"):
        return settings["public_url"].rstrip("/") + path
    if _host_allowed(request.host, settings.get("allowed_hosts") or ""):
        return request.host_url.rstrip("/") + path
    return path


def check_public_url(value: str | None) -> None:
    """Raises ConfigError unless ``value`` (the ``public_url`` setting) is unset or an http(s)
    address with a host and no query."""
    if value and (web_link(value) != value or urlsplit(value).query
                  or urlsplit(value).fragment):
        raise ConfigError("BAOKU_PUBLIC_URL must be an http or https address such as "
                          f"https://baoku.example.org, not '{value}'")


def facet_view(facet: Facet, state: SearchState) -> dict[str, Any]:
    return {
        "name": facet.name,
        "label": FIELD_LABELS.get(facet.name, facet.name),
        "values": [{"value": v.value, "label": value_label(facet.name, v.value),
                    "count": v.count, "selected": v.selected,
                    "toggle_url": toggle_url(state, facet.name, v.value)}
                   for v in facet.values],
        "truncated": facet.truncated,
    }


def facet_views(results: SearchResults, state: SearchState) -> list[dict[str, Any]]:
    return [facet_view(f, state) for f in results.facets]


def chips(state: SearchState) -> list[dict[str, str]]:
    """The chosen filters and dates, each with the URL that removes it."""
    out = [{"field": field, "value": value,
            "label": f"{FIELD_LABELS[field]}：{value_label(field, value)}",
            "url": toggle_url(state, field, value)}
           for field, values in state.filters for value in values]
    if state.date_from:
        out.append({"field": "from", "value": state.date_from,
                    "label": f"起：{date_label(state.date_from)}",
                    "url": search_url(state.changed(date_from="", p=1))})
    if state.date_to:
        out.append({"field": "to", "value": state.date_to,
                    "label": f"止：{date_label(state.date_to)}",
                    "url": search_url(state.changed(date_to="", p=1))})
    return out


def clear_url(state: SearchState) -> str:
    """The query alone, every filter removed."""
    return search_url(SearchState(q=state.q, sort=state.sort, timeline=state.timeline))


def sort_links(state: SearchState) -> list[dict[str, Any]]:
    return [{"sort": s, "label": SORT_LABELS[s], "current": s == state.sort,
             "url": search_url(state.changed(sort=s, p=1))} for s in SORTS]


def timeline_links(state: SearchState) -> list[dict[str, Any]]:
    """篇数 | 占比: the timeline as articles a month or as their share of all articles."""
    return [{"show": t, "label": TIMELINE_LABELS[t], "current": t == state.timeline,
             "url": search_url(state.changed(timeline=t))} for t in TIMELINES]


def pagination(state: SearchState, hits: int, page_size: int, window: int = 2
               ) -> dict[str, Any]:
    """Links to the previous, next, first, last and nearby pages of ``hits`` results (the
    matching articles less those collapsed into another hit); ``None`` in ``pages`` marks a
    gap."""
    last = max(1, -(-hits // page_size)) if page_size else 1
    current = state.p
    numbers = sorted({1, last, *range(max(1, current - window),
                                      min(last, current + window) + 1)})
    pages: list[dict[str, Any] | None] = []
    for i, n in enumerate(numbers):
        if i and n - numbers[i - 1] > 1:
            pages.append(None)
        pages.append({"number": n, "current": n == current,
                      "url": search_url(state.changed(p=n))})

    def page(n: int) -> str | None:
        return search_url(state.changed(p=n)) if 1 <= n <= last and n != current else None

    return {"current": current, "last": last, "pages": pages if last > 1 else [],
            "previous_url": page(min(current - 1, last)) if current > 1 else None,
            "next_url": page(current + 1), "last_url": search_url(state.changed(p=last))}


def register(app: Flask) -> None:
    """Template helpers; raises ConfigError for a malformed ``public_url``."""
    check_public_url(app.config["BAOKU"].get("public_url"))
    app.add_template_global(web_link)
    app.add_template_global(article_url)
    app.add_template_global(issue_url)
    app.add_template_global(search_url)
    app.add_template_global(narrow_url)
