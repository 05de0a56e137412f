"""The HTML pages: home, search, article, issue. Each view reads the URL, calls the archive's
backend and renders one data dict; ``api.py`` serves the same data as JSON."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from indexer.results import SearchRequest, SearchResults

from . import citation, links, messages, searchform, summary
from .archive import handle, search_sizes, setting
from .page_cache import kept_page
from .params import SearchState, check_utf8, parse_args
from .timeline import Timeline, month_shares, ratio_timeline, timeline

bp = Blueprint("pages", __name__)

RECENT_ISSUES = 12
SIMILAR = 5


def home_data() -> dict[str, Any]:
    archive = handle().backend
    return {"stats": archive.stats(), "recent": archive.recent_issues(RECENT_ISSUES)}


def article_data(article_id: str, q: str) -> dict[str, Any]:
    archive = handle().backend
    view = archive.read_article(article_id, q)
    values = archive.article_entities(view.article)
    return {"view": view, "similar": archive.similar(article_id, SIMILAR),
            "entities": {field: values[field] for field in ("person", "place", "org")
                         if field in values}}


def issue_data(date: str, source: str | None) -> dict[str, Any]:
    return {"date": date, "source": source, "issues": handle().backend.issues_on(date, source)}


@bp.before_app_request
def _utf8_parameters() -> None:
    """Every page's URL parameters must be UTF-8 text. Raises InvalidRequest."""
    check_utf8(request.query_string)


def _source_arg() -> str | None:
    return request.args.get("source", "").strip() or None


@bp.get("/")
@kept_page
def home():
    return render_template("home.html", **home_data(), state=SearchState(),
                           json_url=url_for("api.archive"))


def search_timeline(state: SearchState, search_request: SearchRequest,
                    results: SearchResults) -> Timeline | None:
    """The timeline the state asks for: articles a month (the month facet), or their share
    of all articles of each month (exact matches only, so none after a loose retry)."""
    if state.timeline == "ratio":
        return None if results.loose else ratio_timeline(
            month_shares(handle().backend, search_request), state)
    return timeline(results.facet("month"), state)


@bp.get("/search")
@kept_page
def search():
    if request.args.get(searchform.FORM):  # the search box or the advanced form
        return redirect(links.search_url(searchform.submitted(request.args)))
    state = parse_args(request.args)
    search_request = state.request(**search_sizes())
    results = handle().backend.search(search_request)
    return render_template(
        "search.html", state=state, results=results,
        facets=links.facet_views(results, state),
        timeline=search_timeline(state, search_request, results),
        timeline_links=() if results.loose else links.timeline_links(state),
        chips=links.chips(state), clear_url=links.clear_url(state),
        collapsed_note=summary.collapsed_note(results),
        simplified_note=summary.simplified_note(state.q),
        retry_notice=messages.retry_notice(results.notice),
        sorts=links.sort_links(state),
        pagination=links.pagination(state, results.total - results.collapsed,
                                    setting("page_size")),
        export_url=links.search_url(state, "export.export_csv"),
        export_cap=setting("export_cap"),
        json_url=links.search_url(state, "api.search"))


@bp.get("/article/<path:article_id>")
@kept_page
def article(article_id: str):
    q = request.args.get("q", "")
    data = article_data(article_id, q)
    twin = url_for("api.article", article_id=article_id, **({"q": q} if q else {}))
    article = data["view"].article
    return render_template("article.html", **data, q=q, state=SearchState(q=q),
                           json_url=twin,
                           permalink=links.absolute_url(url_for("pages.article",
                                                                article_id=article_id)),
                           citation_gbt=citation.gbt7714(article),
                           citation_plain=citation.plain(article))


@bp.get("/issue/<date>")
@kept_page
def issue(date: str):
    source = _source_arg()
    data = issue_data(date, source)
    twin = url_for("api.issue", date=date, **({"source": source} if source else {}))
    return render_template("issue.html", **data, state=SearchState(), json_url=twin)
