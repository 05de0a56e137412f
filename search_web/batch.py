"""Batch search on the web: upload a file of queries, follow its progress, download the
summary, counts and hits files.

    GET  /batch                       the upload form and the recent jobs
    POST /batch                       start a job from the form, then show its page
    GET  /batch/<id>                  a job's page (progress, then the downloads)
    GET  /batch/<id>/download/<kind>  summary, counts or hits, once the job is done
    POST /api/batch                   the same upload; 202 and the job as JSON
    GET  /api/batch/<id>              the job as JSON

Form fields (HTML and API alike): ``queries`` (the file), ``by`` (year, month, day),
``limit`` (hits per query, 1..1000), ``format`` (csv, jsonl), ``counts_only``, ``from``,
``to``, ``source`` (repeatable). Jobs live on disk (``batch_jobs``), so a reload or a
restart loses none.
"""
from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.exceptions import Conflict, NotFound, RequestEntityTooLarge

from indexer.archive import open_archive
from indexer.batch import BatchOptions
from indexer.errors import InvalidRequest
from indexer.query.dates import date_bound
from indexer.searching.trend import PERIODS
from indexer.settings import load_settings

from .batch_jobs import MAX_FILE_BYTES, BatchTooLarge, JobNotFound, JobRunner, JobStore
from .params import SearchState

bp = Blueprint("batch", __name__)

EXTENSION = "baoku_batch"
MAX_LIMIT = 1000
KINDS = ("summary", "counts", "hits")
STATUS_LABELS = {"queued": "排队中", "running": "运行中", "done": "已完成", "failed": "失败"}


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app
    settings = app.config.get("BAOKU") or load_settings()
    address = settings["index"]
    folder = settings.get("batch_dir") or open_archive(address).state_folder.parent / "batch-jobs"
    runner = JobRunner(JobStore(folder, address, settings.get("batch_cap", 5000)))
    app.extensions[EXTENSION] = runner
    runner.recover()


def runner() -> JobRunner:
    return current_app.extensions[EXTENSION]


def store() -> JobStore:
    return runner().store


def options_from_form(form) -> BatchOptions:
    """The batch options of a submitted form. Raises InvalidRequest."""
    by = form.get("by", "month")
    if by not in PERIODS:
        raise InvalidRequest(f"by must be one of {', '.join(PERIODS)}, not '{by}'")
    try:
        limit = int(form.get("limit", "100") or 100)
    except ValueError:
        raise InvalidRequest(f"limit must be a whole number, not '{form.get('limit')}'") \
            from None
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    date_from = date_bound(form.get("from"), end=False, name="from")
    date_to = date_bound(form.get("to"), end=True, name="to")
    sources = tuple(s.strip() for s in form.getlist("source") if s.strip())
    return BatchOptions(by=by, limit=limit, hits=not form.get("counts_only"),
                        fmt=form.get("format", "csv"), date_from=date_from, date_to=date_to,
                        filters=(("source", sources),) if sources else (),
                        snippet_chars=current_app.config.get("BAOKU", {}).get(
                            "snippet_chars", 160))


def _start_job() -> dict[str, Any]:
    """Create and queue the job of the submitted form. Raises InvalidRequest, 413."""
    upload = request.files.get("queries")
    if upload is None or not upload.filename:
        raise InvalidRequest("choose a query file to upload (field 'queries')")
    options = options_from_form(request.form)
    try:
        # Read one byte past the cap at most: enough to refuse a larger file.
        job = store().create(upload.stream.read(MAX_FILE_BYTES + 1), upload.filename, options)
    except BatchTooLarge as exc:
        raise RequestEntityTooLarge(description=str(exc)) from None
    runner().submit(job["id"])
    return job


def _job(job_id: str) -> dict[str, Any]:
    try:
        return store().get(job_id)
    except JobNotFound as exc:
        raise NotFound(description=str(exc)) from None


def job_view(job: dict[str, Any]) -> dict[str, Any]:
    """A job as the page and the API show it (no server paths)."""
    options = job["options"]
    report = job.get("report") or {}
    done, total = job["done"], job["queries"]
    view = {
        "id": job["id"], "name": job["name"], "status": job["status"],
        "status_label": STATUS_LABELS[job["status"]],
        "queries": total, "done": done, "progress": round(done / total, 4) if total else 0,
        "eta_seconds": _eta(job), "created": job["created"], "started": job["started"],
        "finished": job["finished"], "error": job["error"],
        "options": {"by": options["by"], "limit": options["limit"],
                    "format": options["fmt"], "counts_only": not options["hits"],
                    "from": options["date_from"], "to": options["date_to"],
                    "source": [v for k, vs in options["filters"] for v in vs
                               if k == "source"]},
        "invalid": [{"id": i, "query": q, "error": e} for i, q, e in report.get("errors", [])],
        "no_results": [{"id": i, "query": q} for i, q in report.get("no_results", [])],
        "url": url_for("batch.job_page", job_id=job["id"]),
        "api_url": url_for("batch.api_job", job_id=job["id"]),
        "files": {},
    }
    if job["status"] == "done":
        view["files"] = {kind: url_for("batch.download", job_id=job["id"], kind=kind)
                         for kind in store().files(job)}
    return view


def _eta(job: dict[str, Any]) -> float | None:
    if job["status"] != "running" or not job["started"] or not job["done"]:
        return None
    started = datetime.fromisoformat(job["started"]).timestamp()
    elapsed = max(time.time() - started, 0.001)
    return round(elapsed / job["done"] * (job["queries"] - job["done"]), 1)


@bp.get("/batch")
def batch_page():
    return render_template("batch.html", jobs=[job_view(j) for j in store().recent()],
                           job=None, periods=PERIODS, max_limit=MAX_LIMIT,
                           cap=store().cap, state=SearchState())


@bp.post("/batch")
def submit_page():
    job = _start_job()
    return redirect(url_for("batch.job_page", job_id=job["id"]), code=303)


@bp.get("/batch/<job_id>")
def job_page(job_id: str):
    view = job_view(_job(job_id))
    return render_template("batch.html", job=view, jobs=[], periods=PERIODS,
                           max_limit=MAX_LIMIT, cap=store().cap, state=SearchState(),
                           json_url=view["api_url"])


@bp.get("/batch/<job_id>/download/<kind>")
def download(job_id: str, kind: str):
    job = _job(job_id)
    files = store().files(job)
    if kind not in files:
        raise NotFound(description=f"a batch has no file '{kind}'; it has "
                                   + ", ".join(files))
    if job["status"] != "done":
        raise Conflict(description=f"batch job {job_id} has not finished "
                                   f"({job['done']} of {job['queries']} queries done)")
    path = files[kind]
    return send_file(path, as_attachment=True, download_name=f"batch-{job_id}.{kind}"
                     f"{''.join(path.suffixes[-1:])}", max_age=0)


@bp.post("/api/batch")
def api_submit():
    job = _start_job()
    view = job_view(store().get(job["id"]))
    return jsonify(view), 202, {"Location": view["api_url"]}


@bp.get("/api/batch/<job_id>")
def api_job(job_id: str):
    return jsonify(job_view(_job(job_id)))
