"""Several processes and an interrupted run give the same files, byte for byte, as one
uninterrupted run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import BOM, baoku, many_queries

from indexer.batch import BatchOptions, read_state, run_batch

FILES = ("summary.csv", "counts.csv", "wide.csv", "hits.csv")


def contents(prefix: Path) -> dict[str, bytes]:
    return {name: Path(f"{prefix}.{name}").read_bytes() for name in FILES}


# Ten rounds of the queries: a run lasts seconds, so that the one killed midway has
# recorded its progress (every ``SAVE_EVERY``) well before it would end, however fast the
# machine (one round can end within a single record's interval).
QUERY_TEXT = many_queries() * 10


@pytest.fixture(scope="module")
def queries(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("resume") / "queries.txt"
    path.write_text(QUERY_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(batch_index, queries) -> dict[str, bytes]:
    prefix = queries.parent / "whole"
    code, _, err = baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                         str(prefix), "--limit", "20")
    assert code == 0, err
    return contents(prefix)


def test_two_workers_write_the_files_of_one(batch_index, queries, uninterrupted, tmp_path):
    code, _, err = baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                         str(tmp_path / "two"), "--limit", "20", "--workers", "2")
    assert code == 0, err
    assert contents(tmp_path / "two") == uninterrupted
    assert not (tmp_path / "two.parts").exists()


def kill_midway(batch_index, queries: Path, prefix: Path, workers: int) -> int:
    """Start `baoku batch` in its own process, kill it (SIGKILL) once some queries are
    done; returns how many were."""
    command = [sys.executable, "-c", "from indexer.cli import main; main()", "batch",
               str(queries), "--index", str(batch_index.path), "--out", str(prefix),
               "--limit", "20", "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            state = read_state(prefix)
            if state and state["done"] >= 15:
                break
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
    state = read_state(prefix)
    assert state is not None and not state["finished"], "the run ended before the kill"
    return state["done"]


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_a_kill_writes_the_files_of_an_uninterrupted_run(
        batch_index, queries, uninterrupted, tmp_path, workers):
    prefix = tmp_path / "killed"
    done = kill_midway(batch_index, queries, prefix, workers)
    total = len(QUERY_TEXT.splitlines())
    assert 15 <= done < total
    code, out, err = baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                           str(prefix), "--limit", "20", "--resume", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["queries"], report["resumed_from"], report["ran"]) == (
        total, done, total - done)
    assert contents(prefix) == uninterrupted
    # Each file has its byte-order mark once, at the start, never again where it went on.
    assert all(data.startswith(BOM) and data.count(BOM) == 1 for data in uninterrupted.values())
    assert not Path(f"{prefix}.parts").exists()


def test_resume_of_a_finished_run_runs_nothing(batch_index, queries, tmp_path):
    args = ["batch", str(queries), "--index", str(batch_index.path), "--out",
            str(tmp_path / "o"), "--counts-only", "--json"]
    assert baoku(*args)[0] == 0
    before = Path(f"{tmp_path}/o.counts.csv").read_bytes()
    code, out, _ = baoku(*args, "--resume")
    assert code == 0
    assert json.loads(out)["ran"] == 0
    assert Path(f"{tmp_path}/o.counts.csv").read_bytes() == before


def test_resume_with_other_options_is_refused(batch_index, queries, tmp_path):
    prefix = tmp_path / "o"
    assert baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                 str(prefix), "--counts-only")[0] == 0
    code, _, err = baoku("batch", str(queries), "--index", str(batch_index.path), "--out",
                         str(prefix), "--counts-only", "--by", "year", "--resume")
    assert (code, err) == (2, f"Error: {prefix}.run.json is the record of a run with another "
                              "query file or other options; run without --resume to start "
                              "anew\n")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stopped_run_keeps_its_rows_and_resumes_to_the_files_of_an_uninterrupted_run(
        batch_index, queries, uninterrupted, tmp_path, workers):
    prefix = tmp_path / "stopped"
    finished: list[int] = []
    report = run_batch(batch_index.path, queries, prefix,
                       BatchOptions(limit=20, workers=workers),
                       progress=lambda done, total: finished.append(done),
                       stop=lambda: finished[-1] >= 10)
    assert (report.stopped, report.ran) == (True, 10)
    summary = Path(f"{prefix}.summary.csv").read_bytes()
    # The first ten queries' rows, as the uninterrupted run wrote them, and no more.
    assert summary == b"".join(uninterrupted["summary.csv"].splitlines(keepends=True)[:11])
    wide = Path(f"{prefix}.wide.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(wide[0].split(",")) == 1 + 10  # the period, then the ten queries that ran
    resumed = run_batch(batch_index.path, queries, prefix, BatchOptions(limit=20),
                        resume=True)
    assert (resumed.stopped, resumed.resumed_from) == (False, 10)
    assert contents(prefix) == uninterrupted
