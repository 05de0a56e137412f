"""The JSON API: the twin of each HTML page. ``/api/search`` has the same shape as
``baoku search --json``, plus ``timeline`` (every month with its count, all its articles and
the share) when the ``timeline`` parameter is given; a parameter it does not know is
refused, naming the ones it takes. Errors have one shape (see ``errors.py``)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from .archive import handle, search_sizes
from .pages import article_data, home_data, issue_data
from .params import PARAMETERS, check_names, parse_args
from .timeline import month_shares

bp = Blueprint("api", __name__, url_prefix="/api")
SEARCH_PARAMETERS = tuple(name for name, _ in PARAMETERS)


@bp.get("/search")
def search():
    check_names(request.args, SEARCH_PARAMETERS)
    state = parse_args(request.args)
    search_request = state.request(**search_sizes())
    data = handle().backend.search(search_request).to_json()
    if "timeline" in request.args:  # the search page's timeline, as data
        periods = month_shares(handle().backend, search_request)
        data["timeline"] = {"by": "month", "show": state.timeline,
                            "periods": [p.to_json() for p in periods]}
    return jsonify(data)


@bp.get("/article/<path:article_id>")
def article(article_id: str):
    data = article_data(article_id, request.args.get("q", ""))
    return jsonify({**data["view"].to_json(),
                    "entities": {k: list(v) for k, v in data["entities"].items()},
                    "similar": [hit.to_json() for hit in data["similar"]]})


@bp.get("/issue/<date>")
def issue(date: str):
    data = issue_data(date, request.args.get("source", "").strip() or None)
    return jsonify({"date": data["date"], "source": data["source"],
                    "issues": [i.to_json() for i in data["issues"]]})


@bp.get("/archive")
def archive():
    data = home_data()
    return jsonify({"stats": data["stats"].to_json(),
                    "recent_issues": [r.to_json() for r in data["recent"]]})
