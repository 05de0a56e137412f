"""The OpenAPI description of the JSON API (``/api/openapi.json``) and a page that lists it
(``/api/``). The search parameters come from ``params.PARAMETERS``, the one list."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, url_for

import indexer
from indexer.results import FILTER_FIELDS

from .params import PARAMETERS, TIMELINES, SearchState

bp = Blueprint("openapi", __name__, url_prefix="/api")

_ARRAY_PARAMS = FILTER_FIELDS


def _search_parameters() -> list[dict[str, Any]]:
    out = []
    for name, description in PARAMETERS:
        if name in _ARRAY_PARAMS:
            schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
        elif name == "p":
            schema = {"type": "integer", "minimum": 1, "default": 1}
        elif name == "sort":
            schema = {"type": "string", "enum": ["relevance", "newest", "oldest"],
                      "default": "relevance"}
        elif name == "timeline":
            schema = {"type": "string", "enum": list(TIMELINES), "default": "count"}
        else:
            schema = {"type": "string"}
        out.append({"name": name, "in": "query", "required": False,
                    "description": description, "schema": schema,
                    **({"style": "form", "explode": True} if name in _ARRAY_PARAMS else {})})
    return out


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


_ERRORS = {"400": _json("Malformed query or parameter", "Error"),
           "404": _json("Not found", "Error"),
           "503": _json("No index yet", "Error")}

_ERROR = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "status": {"type": "integer"}, "type": {"type": "string"}, "message": {"type": "string"},
    "position": {"type": "integer", "nullable": True}}}}}

_HIT = {"type": "object", "properties": {
    "id": {"type": "string"}, "title": {"type": "string"},
    "date": {"type": "string", "nullable": True}, "source": {"type": "string", "nullable": True},
    "page": {"type": "string", "nullable": True},
    "authors": {"type": "array", "items": {"type": "string"}}, "score": {"type": "number"},
    "snippet": {"type": "string", "description": "HTML-escaped text, matches in <mark>"},
    "also_on": {"type": "array", "items": {"type": "string"}}}}


def _batch_paths() -> dict[str, Any]:
    """The batch endpoints: a job is seen by the browser that started it (its cookie), by
    whoever holds its link (``key``) and by the admin (the admin token in a header)."""
    job_id = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
    key = {"name": "key", "in": "query", "required": False, "schema": {"type": "string"},
           "description": "The job link's key, for a browser that did not start the job."}
    job = _json("The job: status, progress, files", "Object")
    return {
        "/api/batch": {"post": {
            "summary": "Start a batch job: form fields `queries` (a file, one query a line or "
                       "a CSV with id,query) or `queries_text`, `by`, `limit`, "
                       "`counts_only`, `format`, `from`, `to`, `source`.",
            "responses": {"202": job, **_ERRORS}}},
        "/api/batch/{job_id}": {
            "get": {"summary": "A job's status and files.", "parameters": [job_id, key],
                    "responses": {"200": job, **_ERRORS}},
            "delete": {"summary": "Delete a job and its files (its browser or the admin).",
                       "parameters": [job_id],
                       "responses": {"204": {"description": "Deleted"}, **_ERRORS}}},
        "/api/batch/{job_id}/chart": {"get": {
            "summary": "An ended job's counts per period of its queries with most matches.",
            "parameters": [job_id, key],
            "responses": {"200": _json("Chart data", "Object"), **_ERRORS}}},
        "/api/batch/{job_id}/cancel": {"post": {
            "summary": "Stop a running job after its current query; its files are kept, "
                       "marked partial (its browser or the admin).",
            "parameters": [job_id], "responses": {"200": job, **_ERRORS}}},
    }


def _saved_paths() -> dict[str, Any]:
    """The saved searches (``docs/saved-searches.md``): a browser's own (its cookie), every
    one for the admin (the admin token in a header)."""
    search_id = {"name": "search_id", "in": "path", "required": True,
                 "schema": {"type": "integer"}}
    return {
        "/api/saved": {"get": {
            "summary": "This browser's saved searches, each with its count of new articles "
                       "and its Atom feed.",
            "responses": {"200": _json("Saved searches", "Object"), **_ERRORS}}},
        "/api/saved/{search_id}": {"get": {
            "summary": "A saved search: the articles recorded since its browser last looked "
                       "(then no longer new), and its latest results.",
            "parameters": [search_id],
            "responses": {"200": _json("The saved search", "Object"), **_ERRORS}}},
    }


def spec() -> dict[str, Any]:
    """The OpenAPI 3.0 document."""
    search_params = _search_parameters()
    article_id = {"name": "article_id", "in": "path", "required": True,
                  "schema": {"type": "string"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Baoku 报库 API", "version": indexer.__version__,
                 "description": "Full-text search of a Chinese newspaper archive. Every HTML "
                                "page has a JSON twin here."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search: one page of hits, the total and the facet counts "
                           "(the shape of `baoku search --json`).",
                "parameters": search_params,
                "responses": {"200": _json("Results", "SearchResults"), **_ERRORS}}},
            "/api/article/{article_id}": {"get": {
                "summary": "One article, the query's words marked, with the other articles "
                           "of its page and issue and similar articles.",
                "parameters": [article_id, {"name": "q", "in": "query", "required": False,
                                            "schema": {"type": "string"},
                                            "description": "Words to mark."}],
                "responses": {"200": _json("The article", "Object"), **_ERRORS}}},
            "/api/issue/{date}": {"get": {
                "summary": "The issues of a date: pages and their articles, previous and "
                           "next issue.",
                "parameters": [{"name": "date", "in": "path", "required": True,
                                "schema": {"type": "string", "format": "date"}},
                               {"name": "source", "in": "query", "required": False,
                                "schema": {"type": "string"}, "description": "Paper."}],
                "responses": {"200": _json("The issues", "Object"), **_ERRORS}}},
            "/api/archive": {"get": {
                "summary": "What the archive holds (articles, dates, papers, months) and its "
                           "recent issues.",
                "responses": {"200": _json("Archive", "Object"), **_ERRORS}}},
            "/export.csv": {"get": {
                "summary": "Every hit of a search as CSV (streamed, up to the export cap): "
                           "id, title, source, date, page, authors, score, snippet, url.",
                "parameters": [p for p in search_params if p["name"] not in ("p", "timeline")],
                "responses": {"200": {"description": "CSV",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              **_ERRORS}}},
            **_batch_paths(),
            **_saved_paths(),
        },
        "components": {"schemas": {
            "Hit": _HIT,
            "SearchResults": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"},
                "offset": {"type": "integer"}, "limit": {"type": "integer"},
                "took_ms": {"type": "number"}, "notice": {"type": "string", "nullable": True},
                "loose": {"type": "boolean", "description":
                          "no article has every term: the hits have most of them"},
                "collapsed": {"type": "integer", "description":
                              "matching articles folded into another hit (same text)"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "description": "facet name -> {value: count}",
                           "additionalProperties": {"type": "object",
                                                    "additionalProperties": {
                                                        "type": "integer"}}},
                "timeline": {"$ref": "#/components/schemas/Timeline"}}},
            "Timeline": {"type": "object", "description":
                         "Only with the timeline parameter: every month with articles (a "
                         "chosen month does not hide the others), its matches, all its "
                         "articles under the same filters and dates, and the share.",
                         "properties": {
                             "by": {"type": "string", "enum": ["month"]},
                             "show": {"type": "string", "enum": list(TIMELINES)},
                             "periods": {"type": "array", "items": {
                                 "type": "object", "properties": {
                                     "period": {"type": "string"},
                                     "count": {"type": "integer"},
                                     "articles": {"type": "integer"},
                                     "ratio": {"type": "number"}}}}}},
            "Object": {"type": "object"},
            "Error": _ERROR,
        }},
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(spec())


@bp.get("/")
def docs():
    return render_template("api.html", spec=spec(), state=SearchState(),
                           json_url=url_for("openapi.openapi_json"))
