"""Saved searches on the web (订阅): "订阅此检索" on a search page saves its query and
filters; ``/saved`` lists the browser's saved searches with how many new articles each has;
``/saved/<id>`` shows one, its new articles first, marked 新 (then they are no longer new);
``/saved/<token>.atom`` is its Atom feed, whose link ``POST /saved/<id>/feed`` renews (the
old one then answers 404). ``/api/saved`` and ``/api/saved/<id>`` are the pages' JSON
twins.

Who may see what, without accounts (``batch_access``, shared with batch jobs): a saved
search belongs to the browser that made it (its random cookie token, of which the search
keeps a hash) and to whoever holds its feed link (the feed only); the admin (the admin token
in a header) sees and may delete all. Anyone else gets 404, as for a search that does not
exist. The forms' POSTs pass the site's origin check (``security``) like every other.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.query.dates import date_bound
from indexer.saved import WEB, SavedSearch, SavedStore, new_saved_search
from indexer.saved.feed import atom_feed
from indexer.saved.hits import matched_hits
from indexer.saved.location import store_path

from . import links
from .archive import handle, setting
from .batch_access import browser_owner, is_admin, keep_cookie, owns
from .params import PARAMETERS, SearchState, parse_args

bp = Blueprint("saved", __name__)
bp.after_request(keep_cookie)

NEW_SHOWN = 100  # new articles listed at the top of a saved search's page
FEED_ENTRIES = 50  # entries of a feed
SEARCH_PARAMETERS = tuple(name for name, _help in PARAMETERS)


def store() -> SavedStore:
    """The saved searches of the app's archive. Raises IndexNotFound (no archive yet)."""
    archive = handle().backend
    archive.open()
    return SavedStore(store_path(archive))


def _mine(saved: SavedSearch | None) -> SavedSearch:
    """``saved`` when this request may see and change it, else 404."""
    if saved is None or not owns({"owner": saved.owner}):
        abort(404, "没有这个订阅，或它不属于这个浏览器。")
    return saved


def _state(saved: SavedSearch) -> SearchState:
    """The search page state of a saved search (newest first)."""
    return SearchState(q=saved.query, filters=saved.filters, date_from=saved.date_from or "",
                       date_to=saved.date_to or "", sort="newest")


@bp.post("/saved")
def create():
    """Save the search the form carries (its URL parameters as hidden fields) under the name
    typed; 400 in Chinese for an empty name or query, a name taken, a bad query."""
    form = request.form
    state = parse_args(MultiDict([(k, v) for k, v in form.items(multi=True)
                                  if k in SEARCH_PARAMETERS]))
    new = new_saved_search(form.get("name", ""), state.q, state.filters,
                           date_bound(state.date_from, end=False, name="from"),
                           date_bound(state.date_to, end=True, name="to"),
                           owner=browser_owner())
    saved = store().add(new)
    return redirect(url_for("saved.show", search_id=saved.id), 303)


def listing_data() -> dict:
    """This browser's saved searches (every one for the admin), each with its new count."""
    saved_store = store()
    searches = saved_store.searches(None if is_admin() else browser_owner())
    counts = saved_store.unseen_counts(WEB)
    return {"searches": [
        {"search": s, "new": counts.get(s.id, 0), "url": url_for("saved.show", search_id=s.id),
         "search_url": links.search_url(_state(s)),
         "conditions": [chip["label"] for chip in links.chips(_state(s))],
         "feed_url": url_for("saved.feed", token=s.feed_token)} for s in searches]}


def show_data(search_id: int, mark: bool = False) -> dict:
    """A saved search's new articles, then its latest results. With ``mark``, when its own
    browser looks, the new ones are no longer new; the admin's look changes nothing."""
    saved_store = store()
    saved = _mine(saved_store.get(search_id))
    archive = handle().backend
    unseen_count = saved_store.unseen_counts(WEB).get(saved.id, 0)
    unseen = saved_store.unseen(saved.id, WEB, NEW_SHOWN)
    fresh = matched_hits(archive, saved, unseen, setting("snippet_chars"))
    results = archive.search(saved.request(limit=setting("page_size"), facets=False,
                                           snippet_chars=setting("snippet_chars")))
    if mark and unseen and browser_owner() == saved.owner:
        saved_store.mark_seen(saved.id, WEB, unseen[0].seq)
    shown = {m.hit.id for m in fresh}
    return {"saved": saved, "results": results, "new_hits": fresh, "new_ids": shown,
            "unseen": unseen_count, "others": [h for h in results.hits if h.id not in shown],
            "state": _state(saved), "search_url": links.search_url(_state(saved)),
            "feed_url": url_for("saved.feed", token=saved.feed_token)}


@bp.get("/saved")
def listing():
    return render_template("saved_list.html", state=SearchState(), **listing_data(),
                           json_url=url_for("saved.listing_json"))


@bp.get("/api/saved")
def listing_json():
    return {"searches": [{**item["search"].to_json(), "new": item["new"],
                          "feed": links.absolute_url(item["feed_url"])}
                         for item in listing_data()["searches"]]}


def opened_by_the_reader() -> bool:
    """Whether the page was opened by the reader: typed, bookmarked or followed from this
    site. A link or redirect from another site (which the Lax cookie still goes with) must
    not use up the reader's 新 articles; browsers name the page's origin in
    ``Sec-Fetch-Site``."""
    return request.headers.get("Sec-Fetch-Site", "none") in ("none", "same-origin")


@bp.get("/saved/<int:search_id>")
def show(search_id: int):
    return render_template("saved.html", **show_data(search_id, opened_by_the_reader()),
                           json_url=url_for("saved.show_json", search_id=search_id))


@bp.get("/api/saved/<int:search_id>")
def show_json(search_id: int):
    data = show_data(search_id)
    return {"search": data["saved"].to_json(), "unseen": data["unseen"],
            "new": [m.to_json() for m in data["new_hits"]],
            "results": data["results"].to_json(),
            "feed": links.absolute_url(data["feed_url"])}


@bp.post("/saved/<int:search_id>/delete")
def delete(search_id: int):
    saved_store = store()
    saved = _mine(saved_store.get(search_id))
    saved_store.remove(saved.id)
    return redirect(url_for("saved.listing"), 303)


@bp.post("/saved/<int:search_id>/feed")
def renew_feed(search_id: int):
    """A new feed link for the saved search (its owner's or the admin's): the old one, which
    may have leaked, answers 404 from now on."""
    saved_store = store()
    saved = _mine(saved_store.get(search_id))
    saved_store.renew_feed_token(saved.id)
    return redirect(url_for("saved.show", search_id=saved.id, renewed=1), 303)


@bp.get("/saved/<token>.atom")
def feed(token: str):
    """The Atom feed of the saved search whose feed token this is (404 otherwise): its
    latest matches, the latest recorded first."""
    saved_store = store()
    saved = saved_store.by_feed_token(token) if token else None
    if saved is None:
        abort(404, "没有这个订阅源。")
    hits = matched_hits(handle().backend, saved, saved_store.latest(saved.id, FEED_ENTRIES),
                        setting("snippet_chars"))
    body = atom_feed(
        saved, hits, feed_url=links.absolute_url(url_for("saved.feed", token=token)),
        search_url=links.absolute_url(links.search_url(_state(saved))),
        article_url=lambda article_id: links.absolute_url(links.article_url(article_id)))
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "no-cache"
    return response
