"""Batch jobs of the web app, kept on disk so that they survive a page reload and a restart.

A job is a folder ``<jobs>/<id>/`` holding the uploaded ``queries`` file, ``job.json``
(name, owner, key, options, status, times, the final report) and the files
``indexer.batch.runner.run_batch`` writes (``batch.summary.csv``… and its progress record
``batch.run.json``). One background thread per app runs the jobs one after another, with
one process each (searches go on beside them); a job left queued or running by a stopped
server is taken up again when the app starts, continuing where it stopped (``resume``).

A job can be cancelled (a running one stops after the query it is on, its files kept as far
as they got) and deleted (its folder removed). A finished job older than ``days`` days is
deleted when it is next read. Who may see a job (its ``owner``, a hash of the browser's
token, and its ``key``, the secret of its link) is decided by ``search_web.batch_access``.
A job runs while its runner holds the lock on ``<jobs>/runner.lock``, so that of several
processes serving one site (``baoku serve --workers``) one runs a job at a time, and none
runs a job again that another ran.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import queue
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from indexer.batch import BatchOptions, read_state, run_batch
from indexer.batch.input import BatchInputError, count_queries
from indexer.batch.output import output_paths
from indexer.durable import written_whole
from indexer.errors import BaokuError, InvalidRequest

from .errors import kind_of
from .messages import in_chinese

JOB_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
PREFIX = "batch"
MAX_FILE_BYTES = 2 * 1024 * 1024
ACTIVE = ("queued", "running")
STOP_WAIT = 10.0  # seconds a cancel waits for the running job to stop
_log = logging.getLogger(__name__)


class BatchTooLarge(InvalidRequest):
    """An uploaded query file beyond the size cap."""


class JobNotFound(BaokuError):
    """No batch job with that id."""


class JobStore:
    """The jobs folder: creating, reading and listing jobs."""

    def __init__(self, folder: str | os.PathLike[str], address: str, cap: int,
                 days: int = 0) -> None:
        self.folder = Path(folder)
        self.address = address  # the archive the jobs search
        self.cap = cap
        self.days = days  # finished jobs older than this are deleted; 0: kept

    def create(self, data: bytes, filename: str, options: BatchOptions,
               owner: str = "") -> dict[str, Any]:
        """A new queued job for the query file ``data``, belonging to ``owner`` (a hash of
        the browser's token), with a new secret ``key`` for its link. Raises BatchTooLarge
        beyond MAX_FILE_BYTES or ``cap`` queries, InvalidRequest for a file that is not
        UTF-8 text or holds no query (messages in Chinese, for the web page)."""
        if len(data) > MAX_FILE_BYTES:
            raise BatchTooLarge(f"查询文件超过 {MAX_FILE_BYTES:,} 字节，这是网页上批量检索的"
                                "上限（更大的批量请用命令 baoku batch）")
        options.check()
        job_id = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        folder = self.folder / job_id
        folder.mkdir(parents=True)
        queries = folder / "queries"
        queries.write_bytes(data)
        try:
            n = count_queries(queries)
            if n == 0:
                raise InvalidRequest("没有任何查询：每行一条查询，或用带 id,query 列的 CSV")
            if n > self.cap:
                raise BatchTooLarge(f"文件里有 {n:,} 条查询，本站一次批量检索最多 "
                                    f"{self.cap:,} 条（更大的批量请用命令 baoku batch）")
        except BatchInputError as exc:
            shutil.rmtree(folder)
            raise InvalidRequest(input_error_text(exc)) from None
        except BaokuError:
            shutil.rmtree(folder)
            raise
        job = {"id": job_id, "name": Path(filename or "queries").name, "queries": n,
               "owner": owner, "key": secrets.token_urlsafe(18),
               "options": asdict(options), "status": "queued", "created": _now(),
               "started": None, "finished": None, "error": None, "report": None}
        self.save(job)
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        """The job with ``job_id``, its progress read from the batch's record. Raises
        JobNotFound, also for a job that has expired (and is deleted now)."""
        if not JOB_ID.match(job_id):
            raise JobNotFound(f"没有这个批量检索任务：{job_id}")
        try:
            job = json.loads((self.folder / job_id / "job.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            raise JobNotFound(f"没有这个批量检索任务：{job_id}") from None
        if self.expired(job):
            self.remove(job_id)
            raise JobNotFound(f"没有这个批量检索任务：{job_id}")
        state = read_state(self.prefix(job_id)) or {}
        job["done"] = job["queries"] if job["status"] == "done" else state.get("done", 0)
        return job

    def recent(self, n: int = 20, keep: Callable[[dict[str, Any]], bool] | None = None
               ) -> list[dict[str, Any]]:
        """The ``n`` newest jobs (of those ``keep`` keeps), newest first."""
        if not self.folder.is_dir():
            return []
        ids = sorted((p.name for p in self.folder.iterdir() if JOB_ID.match(p.name)),
                     reverse=True)
        jobs = []
        for job_id in ids:
            try:
                job = self.get(job_id)
            except JobNotFound:
                continue  # a folder being created, removed or expired
            if keep is None or keep(job):
                jobs.append(job)
                if len(jobs) == n:
                    break
        return jobs

    def unfinished(self) -> list[str]:
        """Ids of the jobs queued or running, oldest first (and expired jobs deleted)."""
        return [j["id"] for j in reversed(self.recent(10_000)) if j["status"] in ACTIVE]

    def expired(self, job: dict[str, Any]) -> bool:
        """Whether ``job`` ended more than ``days`` days ago."""
        if not self.days or job["status"] in ACTIVE:
            return False
        ended = datetime.fromisoformat(job["finished"] or job["created"])
        return datetime.now(UTC) - ended > timedelta(days=self.days)

    def remove(self, job_id: str) -> None:
        """Delete the job's folder and everything in it."""
        shutil.rmtree(self.folder / job_id, ignore_errors=True)

    def stop_mark(self, job_id: str) -> Path:
        """The file whose presence tells the job's runner, in any process, to stop."""
        return self.folder / job_id / "stop"

    def prefix(self, job_id: str) -> Path:
        return self.folder / job_id / PREFIX

    def files(self, job: dict[str, Any]) -> dict[str, Path]:
        """The output files ``job`` has written, by kind: summary, counts, wide, hits."""
        options = job["options"]
        paths = output_paths(self.prefix(job["id"]), options["fmt"], options["hits"])
        return {kind: path for kind, path in paths.items() if path.exists()}

    def options(self, job: dict[str, Any]) -> BatchOptions:
        data = dict(job["options"])
        data["filters"] = tuple((k, tuple(v)) for k, v in data["filters"])
        return BatchOptions(**data)

    def save(self, job: dict[str, Any]) -> None:
        job = {k: v for k, v in job.items() if k != "done"}
        path = self.folder / job["id"] / "job.json"
        with written_whole(path) as out:
            json.dump(job, out, ensure_ascii=False, indent=1)


class JobRunner:
    """One background thread running the queued jobs of a store in order."""

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._current: str | None = None  # the job running now

    def submit(self, job_id: str) -> None:
        self._queue.put(job_id)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="baoku-batch",
                                                daemon=True)
                self._thread.start()

    def cancel(self, job_id: str) -> None:
        """Cancel a queued job, or stop the running one and wait (at most STOP_WAIT
        seconds) until it has; a finished job is left as it is. Raises JobNotFound."""
        with self._lock:
            job = self.store.get(job_id)
            if job["status"] not in ACTIVE:
                return
            # The mark on disk reaches the runner whichever server process runs the job.
            self.store.stop_mark(job_id).touch()
            if job["status"] == "queued" and job_id != self._current:
                job.update(status="cancelled", finished=_now())
                self.store.save(job)
                return
        deadline = time.monotonic() + STOP_WAIT
        while time.monotonic() < deadline and self._status(job_id) == "running":
            time.sleep(0.02)

    def _status(self, job_id: str) -> str | None:
        try:
            return self.store.get(job_id)["status"]
        except JobNotFound:
            return None

    def delete(self, job_id: str) -> None:
        """Stop the job if it runs, then delete its folder. Raises JobNotFound."""
        self.cancel(job_id)
        with self._lock:
            self.store.remove(job_id)

    def recover(self) -> None:
        """Queue again the jobs a stopped server left queued or running."""
        for job_id in self.store.unfinished():
            self.submit(job_id)

    def wait(self, timeout: float) -> bool:
        """Wait until every submitted job has finished; False on timeout (for tests and
        shutdown)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _loop(self) -> None:
        while True:
            try:
                job_id = self._queue.get(timeout=5)
            except queue.Empty:
                return
            try:
                self.run(job_id)
            finally:
                self._queue.task_done()

    def run(self, job_id: str) -> None:
        """Run (or continue) one job, recording its outcome in ``job.json``; waits for
        another process's runner to finish its job first."""
        self.store.folder.mkdir(parents=True, exist_ok=True)
        with open(self.store.folder / "runner.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            self._run(job_id)

    def _run(self, job_id: str) -> None:
        store = self.store
        with self._lock:
            try:
                job = store.get(job_id)
            except JobNotFound:
                return  # deleted while queued
            if job["status"] not in ACTIVE:
                return
            self._current = job_id
            job.update(status="running", started=job["started"] or _now())
            store.save(job)
        try:
            report = run_batch(store.address, store.folder / job_id / "queries",
                               store.prefix(job_id), store.options(job), resume=True,
                               stop=store.stop_mark(job_id).exists)
        except BaokuError as exc:
            _log.warning("batch job %s failed: %s", job_id, exc)
            job.update(status="failed", error=failure_text(exc), finished=_now())
        except Exception:  # noqa: BLE001 - a job's failure is shown on its page
            _log.exception("batch job %s failed", job_id)
            job.update(status="failed", error=INTERNAL_ERROR, finished=_now())
        else:
            job.update(status="cancelled" if report.stopped else "done", finished=_now(),
                       report=report.to_json())
        with self._lock:
            if (store.folder / job_id).is_dir():  # not deleted meanwhile
                store.save(job)
            self._current = None


# What a job's page says of a failure the server's log explains.
INTERNAL_ERROR = "服务器内部错误，任务没有完成；管理员可在服务器日志中查看原因。"


def failure_text(exc: BaokuError) -> str:
    """What a job's page says of ``exc``: the reason when it is the request's (in
    Chinese), the kind of fault and the advice when it is the server's (a damaged index,
    an unreachable cluster), never the server's paths."""
    kind = kind_of(exc)
    if kind.status >= 500:
        return f"{kind.title}：{kind.advice}"
    return in_chinese(str(exc))


def input_error_text(exc: BatchInputError) -> str:
    """In Chinese, why an uploaded query file cannot be read as a whole."""
    text = str(exc)
    if m := re.search(r"is not UTF-8 text \(byte (\d+)\)", text):
        return f"上传的文件不是 UTF-8 文本（第 {m.group(1)} 个字节）：请另存为 UTF-8 后再上传"
    if m := re.match(r"line (\d+): the CSV columns must be .*, not (.*)$", text):
        return (f"第 {m.group(1)} 行：CSV 的列只能是 id、query，以及可选的 from、to、source"
                f"（各一次），而不是 {m.group(2)}")
    return f"无法读取上传的文件：{text}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
