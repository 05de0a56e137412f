"""Batch search on the web: upload or paste a list of queries, follow its progress, look at
its chart, download its files.

    GET    /batch                        the form and your jobs (the admin's: every job)
    POST   /batch                        start a job from the form, then show its page
    GET    /batch/<id>?key=…             a job's page (progress, then chart and downloads)
    POST   /batch/<id>/cancel            stop it (its files so far are kept, marked partial)
    POST   /batch/<id>/delete            stop it and delete its folder
    GET    /batch/<id>/download/<kind>   summary, counts, wide or hits, once it has ended
    POST   /api/batch                    the same form; 202 and the job as JSON
    GET    /api/batch/<id>               the job as JSON
    GET    /api/batch/<id>/chart         the chart's data (``batch_chart``)
    POST   /api/batch/<id>/cancel        cancel; the job as JSON
    DELETE /api/batch/<id>               delete; 204

Form fields (HTML and API alike): ``queries`` (the file) or ``queries_text`` (pasted, one
query a line), ``by`` (year, month, day, or a facet: source, author, person, place,
place_province, place_city, place_county, org), ``limit`` (hits per query, 1..1000), ``format``
(csv, jsonl), ``counts_only``, ``from``, ``to``, ``source`` (repeatable). Who may see and
change a job: ``batch_access``. Jobs live on disk (``batch_jobs``), so a reload or a
restart loses none.
"""
from __future__ import annotations

import math
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
from indexer.batch import FORMATS, BatchOptions
from indexer.batch.facet_counts import FACET_BY
from indexer.errors import InvalidRequest
from indexer.query.dates import date_bound
from indexer.searching.trend import PERIODS
from indexer.settings import load_settings

from .batch_access import browser_owner, is_admin, keep_cookie, may_see, owns
from .batch_chart import chart_data
from .batch_jobs import MAX_FILE_BYTES, BatchTooLarge, JobNotFound, JobRunner, JobStore
from .labels import FIELD_LABELS
from .params import SearchState

bp = Blueprint("batch", __name__)
bp.after_request(keep_cookie)

EXTENSION = "baoku_batch"
MAX_LIMIT = 1000
PASTED_NAME = "粘贴的查询"
STATUS_LABELS = {"queued": "排队中", "running": "运行中", "done": "已完成", "failed": "失败",
                 "cancelled": "已取消"}
PERIOD_LABELS = {"year": "年", "month": "月", "day": "日"}
# What a job may count by: periods of time, or the values of a facet (as ``baoku batch --by``).
BY_LABELS = {**PERIOD_LABELS, **{field: FIELD_LABELS[field] for field in FACET_BY}}
FILE_LABELS = {"summary": "汇总（每条查询的总数）",
               "counts": "按时间计数·长表（每行一条查询的一个时期，含占比）",
               "wide": "按时间计数·宽表（每行一个时期，每列一条查询）",
               "hits": "全部结果"}
VALUE_FILE_LABELS = {**FILE_LABELS,
                     "counts": "按{by}计数·长表（每行一条查询的一个值，含占比）",
                     "wide": "按{by}计数·宽表（每行一个值，每列一条查询）"}
ENDED = ("done", "cancelled")  # the jobs whose files can be downloaded


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app
    settings = app.config.get("BAOKU") or load_settings()
    address = settings["index"]
    folder = settings.get("batch_dir") or open_archive(address).state_folder.parent / "batch-jobs"
    runner = JobRunner(JobStore(folder, address, settings.get("batch_cap", 5000),
                                settings.get("batch_job_days", 30)))
    app.extensions[EXTENSION] = runner
    runner.recover()


def runner() -> JobRunner:
    return current_app.extensions[EXTENSION]


def store() -> JobStore:
    return runner().store


def options_from_form(form) -> BatchOptions:
    """The batch options of a submitted form. Raises InvalidRequest (in Chinese)."""
    by = form.get("by", "month")
    if by not in BY_LABELS:
        raise InvalidRequest(f"计数方式只能是 {'、'.join(BY_LABELS)}，而不是“{by}”")
    fmt = form.get("format", "csv")
    if fmt not in FORMATS:
        raise InvalidRequest(f"结果格式只能是 {'、'.join(FORMATS)}，而不是“{fmt}”")
    try:
        limit = int(form.get("limit", "100") or 100)
    except ValueError:
        raise InvalidRequest(f"每条查询的结果数必须是整数，而不是“{form.get('limit')}”") \
            from None
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"每条查询的结果数必须在 1 到 {MAX_LIMIT} 之间，而不是 {limit}")
    bounds = {}
    for name, label, end in (("from", "起始日期", False), ("to", "截止日期", True)):
        try:
            bounds[name] = date_bound(form.get(name), end=end)
        except InvalidRequest:
            raise InvalidRequest(f"{label}“{form.get(name)}”不是一个日期：请写成 YYYY、"
                                 "YYYY-MM 或 YYYY-MM-DD，例如 2019-10-01") from None
    sources = tuple(s.strip() for s in form.getlist("source") if s.strip())
    return BatchOptions(by=by, limit=limit, hits=not form.get("counts_only"), fmt=fmt,
                        date_from=bounds["from"], date_to=bounds["to"],
                        filters=(("source", sources),) if sources else (),
                        snippet_chars=current_app.config.get("BAOKU", {}).get(
                            "snippet_chars", 160))


def _sent_queries() -> tuple[bytes, str]:
    """The bytes and name of the uploaded file or of the pasted queries. Raises
    InvalidRequest."""
    upload = request.files.get("queries")
    pasted = request.form.get("queries_text", "").strip()
    if upload is not None and upload.filename:
        if pasted:
            raise InvalidRequest("请只用一种方式提交查询：上传文件，或粘贴到文本框，不要两样都用")
        # Read one byte past the cap at most: enough to refuse a larger file.
        return upload.stream.read(MAX_FILE_BYTES + 1), upload.filename
    if pasted:
        return (pasted + "\n").encode("utf-8"), PASTED_NAME
    raise InvalidRequest("请上传一个查询文件（字段 queries），或把查询粘贴到文本框里（字段 "
                         "queries_text），每行一条")


def _start_job() -> dict[str, Any]:
    """Create and queue the job of the submitted form. Raises InvalidRequest, 413."""
    data, name = _sent_queries()
    options = options_from_form(request.form)
    try:
        job = store().create(data, name, options, owner=browser_owner())
    except BatchTooLarge as exc:
        raise RequestEntityTooLarge(description=str(exc)) from None
    runner().submit(job["id"])
    return job


def _job(job_id: str, manage: bool = False) -> dict[str, Any]:
    """The job, if this request may see it (``manage``: and cancel or delete it); else 404,
    as for a job that does not exist."""
    try:
        job = store().get(job_id)
    except JobNotFound as exc:
        raise NotFound(description=str(exc)) from None
    if not (owns(job) if manage else may_see(job)):
        raise NotFound(description=f"没有这个批量检索任务：{job_id}")
    return job


def job_view(job: dict[str, Any]) -> dict[str, Any]:
    """A job as the page and the API show it (no server paths, no owner)."""
    options = job["options"]
    report = job.get("report") or {}
    done, total = job["done"], job["queries"]
    eta = _eta(job)
    key = job.get("key")
    view = {
        "id": job["id"], "name": job["name"], "status": job["status"],
        "status_label": STATUS_LABELS[job["status"]],
        "queries": total, "done": done, "progress": round(done / total, 4) if total else 0,
        "eta_seconds": eta, "eta_text": eta_text(eta), "created": job["created"],
        "started": job["started"], "finished": job["finished"], "error": job["error"],
        "partial": job["status"] == "cancelled",
        "options": {"by": options["by"], "limit": options["limit"],
                    "format": options["fmt"], "counts_only": not options["hits"],
                    "from": options["date_from"], "to": options["date_to"],
                    "source": [v for k, vs in options["filters"] for v in vs
                               if k == "source"]},
        "invalid": [{"id": i, "query": q, "error": e} for i, q, e in report.get("errors", [])],
        "no_results": [{"id": i, "query": q} for i, q in report.get("no_results", [])],
        "url": url_for("batch.job_page", job_id=job["id"], key=key),
        "api_url": url_for("batch.api_job", job_id=job["id"], key=key),
        "chart_url": None,
        "files": {},
        "can_manage": owns(job),
    }
    if job["status"] in ENDED:
        view["files"] = {kind: url_for("batch.download", job_id=job["id"], kind=kind, key=key)
                         for kind in store().files(job)}
        if "counts" in view["files"]:
            view["chart_url"] = url_for("batch.api_chart", job_id=job["id"], key=key)
    return view


def file_labels(by: str) -> dict[str, str]:
    """What the page calls each file of a job counting by ``by``."""
    if by in PERIODS:
        return FILE_LABELS
    return {kind: label.format(by=BY_LABELS[by]) for kind, label in VALUE_FILE_LABELS.items()}


def _eta(job: dict[str, Any]) -> float | None:
    if job["status"] != "running" or not job["started"] or not job["done"]:
        return None
    started = datetime.fromisoformat(job["started"]).timestamp()
    elapsed = max(time.time() - started, 0.001)
    return round(elapsed / job["done"] * (job["queries"] - job["done"]), 1)


def eta_text(seconds: float | None) -> str:
    """The time left, in whole minutes, as the page shows it ("" when unknown)."""
    if seconds is None:
        return ""
    if seconds < 60:
        return "预计不到 1 分钟完成"
    return f"预计还需约 {math.ceil(seconds / 60)} 分钟"


def _render(job: dict[str, Any] | None, status: int = 200):
    view = job_view(job) if job else None
    jobs = [] if job else [job_view(j) for j in store().recent(
        keep=None if is_admin() else owns)]
    return render_template("batch.html", job=view, jobs=jobs, periods=PERIODS,
                           facets=FACET_BY, by_labels=BY_LABELS,
                           file_labels=file_labels(view["options"]["by"] if view else "month"),
                           max_limit=MAX_LIMIT, cap=store().cap, days=store().days,
                           state=SearchState(), json_url=view["api_url"] if view else None), status


@bp.get("/batch")
def batch_page():
    return _render(None)


@bp.post("/batch")
def submit_page():
    job = _start_job()
    return redirect(url_for("batch.job_page", job_id=job["id"], key=job["key"]), code=303)


@bp.get("/batch/<job_id>")
def job_page(job_id: str):
    return _render(_job(job_id))


@bp.post("/batch/<job_id>/cancel")
def cancel_page(job_id: str):
    job = _job(job_id, manage=True)
    runner().cancel(job_id)
    return redirect(url_for("batch.job_page", job_id=job_id, key=job.get("key")), code=303)


@bp.post("/batch/<job_id>/delete")
def delete_page(job_id: str):
    _job(job_id, manage=True)
    runner().delete(job_id)
    return redirect(url_for("batch.batch_page"), code=303)


@bp.get("/batch/<job_id>/download/<kind>")
def download(job_id: str, kind: str):
    job = _job(job_id)
    if job["status"] not in ENDED:
        raise Conflict(description=f"批量检索任务 {job_id} 尚未结束（已完成 {job['done']} / "
                                   f"{job['queries']} 条查询）")
    files = store().files(job)
    if kind not in files:
        raise NotFound(description=f"这个批量检索没有“{kind}”文件；它有："
                                   + "、".join(files))
    path = files[kind]
    partial = ".partial" if job["status"] == "cancelled" else ""
    return send_file(path, as_attachment=True, download_name=f"batch-{job_id}{partial}.{kind}"
                     f"{''.join(path.suffixes[-1:])}", max_age=0)


@bp.post("/api/batch")
def api_submit():
    job = _start_job()
    view = job_view(store().get(job["id"]))
    return jsonify(view), 202, {"Location": view["api_url"]}


@bp.get("/api/batch/<job_id>")
def api_job(job_id: str):
    return jsonify(job_view(_job(job_id)))


@bp.get("/api/batch/<job_id>/chart")
def api_chart(job_id: str):
    job = _job(job_id)
    files = store().files(job)
    if job["status"] not in ENDED or "counts" not in files:
        raise Conflict(description=f"批量检索任务 {job_id} 尚未结束，还没有图表")
    return jsonify(chart_data(files, by_values=job["options"]["by"] not in PERIODS))


@bp.post("/api/batch/<job_id>/cancel")
def api_cancel(job_id: str):
    _job(job_id, manage=True)
    runner().cancel(job_id)
    return jsonify(job_view(store().get(job_id)))


@bp.delete("/api/batch/<job_id>")
def api_delete(job_id: str):
    _job(job_id, manage=True)
    runner().delete(job_id)
    return "", 204
