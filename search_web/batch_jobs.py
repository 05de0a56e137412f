"""Batch jobs of the web app, kept on disk so that they survive a page reload and a restart.

A job is a folder ``<jobs>/<id>/`` holding the uploaded ``queries`` file, ``job.json``
(name, options, status, times, the final report) and the files ``indexer.batch.runner.run_batch``
writes (``batch.summary.csv``… and its progress record ``batch.run.json``). One background
thread per app runs the jobs one after another, with one process each (searches go on
beside them); a job left queued or running by a stopped server is taken up again when the
app starts, continuing where it stopped (``resume``). A job runs while its runner holds the
lock on ``<jobs>/runner.lock``, so that of several processes serving one site (``baoku
serve --workers``) one runs a job at a time, and none runs a job again that another ran.
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
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.batch import BatchOptions, read_state, run_batch
from indexer.batch.input import BatchInputError, count_queries
from indexer.batch.output import output_paths
from indexer.errors import BaokuError, InvalidRequest

JOB_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
PREFIX = "batch"
MAX_FILE_BYTES = 2 * 1024 * 1024
_log = logging.getLogger(__name__)


class BatchTooLarge(InvalidRequest):
    """An uploaded query file beyond the size cap."""


class JobNotFound(BaokuError):
    """No batch job with that id."""


class JobStore:
    """The jobs folder: creating, reading and listing jobs."""

    def __init__(self, folder: str | os.PathLike[str], address: str, cap: int) -> None:
        self.folder = Path(folder)
        self.address = address  # the archive the jobs search
        self.cap = cap

    def create(self, data: bytes, filename: str, options: BatchOptions) -> dict[str, Any]:
        """A new queued job for the query file ``data``. Raises BatchTooLarge beyond
        MAX_FILE_BYTES or ``cap`` queries, InvalidRequest for a file that is not UTF-8 text
        or holds no query."""
        if len(data) > MAX_FILE_BYTES:
            raise BatchTooLarge(f"the query file is larger than {MAX_FILE_BYTES:,} bytes, "
                                "the most a batch file may be (run larger batches with "
                                "'baoku batch')")
        options.check()
        job_id = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        folder = self.folder / job_id
        folder.mkdir(parents=True)
        queries = folder / "queries"
        queries.write_bytes(data)
        try:
            n = count_queries(queries)
            if n == 0:
                raise InvalidRequest("the file holds no query (one a line, or a CSV with "
                                     "columns id,query)")
            if n > self.cap:
                raise BatchTooLarge(f"the file holds {n:,} queries; a batch on this site may "
                                    f"hold at most {self.cap:,} (run larger batches with "
                                    "'baoku batch')")
        except BatchInputError as exc:
            shutil.rmtree(folder)
            raise InvalidRequest(str(exc).replace(f"the query file {queries}",
                                                 "the uploaded file")) \
                from None
        except BaokuError:
            shutil.rmtree(folder)
            raise
        job = {"id": job_id, "name": Path(filename or "queries").name, "queries": n,
               "options": asdict(options), "status": "queued", "created": _now(),
               "started": None, "finished": None, "error": None, "report": None}
        self.save(job)
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        """The job with ``job_id``, its progress read from the batch's record. Raises
        JobNotFound."""
        if not JOB_ID.match(job_id):
            raise JobNotFound(f"no batch job '{job_id}'")
        try:
            job = json.loads((self.folder / job_id / "job.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            raise JobNotFound(f"no batch job '{job_id}'") from None
        state = read_state(self.prefix(job_id)) or {}
        job["done"] = job["queries"] if job["status"] == "done" else state.get("done", 0)
        return job

    def recent(self, n: int = 20) -> list[dict[str, Any]]:
        """The ``n`` newest jobs, newest first."""
        if not self.folder.is_dir():
            return []
        ids = sorted((p.name for p in self.folder.iterdir() if JOB_ID.match(p.name)),
                     reverse=True)
        jobs = []
        for job_id in ids[:n]:
            try:
                jobs.append(self.get(job_id))
            except JobNotFound:
                continue  # a folder being created or removed
        return jobs

    def unfinished(self) -> list[str]:
        """Ids of the jobs queued or running, oldest first."""
        return [j["id"] for j in reversed(self.recent(10_000))
                if j["status"] in ("queued", "running")]

    def prefix(self, job_id: str) -> Path:
        return self.folder / job_id / PREFIX

    def files(self, job: dict[str, Any]) -> dict[str, Path]:
        """The output files of ``job`` by kind: summary, counts, hits."""
        options = job["options"]
        return output_paths(self.prefix(job["id"]), options["fmt"], options["hits"])

    def options(self, job: dict[str, Any]) -> BatchOptions:
        data = dict(job["options"])
        data["filters"] = tuple((k, tuple(v)) for k, v in data["filters"])
        return BatchOptions(**data)

    def save(self, job: dict[str, Any]) -> None:
        job = {k: v for k, v in job.items() if k != "done"}
        path = self.folder / job["id"] / "job.json"
        tmp = path.with_name("job.json.tmp")
        tmp.write_text(json.dumps(job, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)


class JobRunner:
    """One background thread running the queued jobs of a store in order."""

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job_id: str) -> None:
        self._queue.put(job_id)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="baoku-batch",
                                                daemon=True)
                self._thread.start()

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
        job = store.get(job_id)
        if job["status"] not in ("queued", "running"):
            return
        job.update(status="running", started=job["started"] or _now())
        store.save(job)
        try:
            report = run_batch(store.address, store.folder / job_id / "queries",
                               store.prefix(job_id), store.options(job), resume=True)
        except BaokuError as exc:
            job.update(status="failed", error=str(exc), finished=_now())
        except Exception as exc:  # noqa: BLE001 - a job's failure is shown on its page
            _log.exception("batch job %s failed", job_id)
            job.update(status="failed", error=f"internal error: {exc!r}", finished=_now())
        else:
            job.update(status="done", finished=_now(), report=report.to_json())
        store.save(job)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
