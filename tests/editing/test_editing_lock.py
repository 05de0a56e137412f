"""One writer at a time: a second indexer waits, then gives up naming the holder; a lock
description left by a dead process is reported by `baoku check` and cleared by the next
writer."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from editing_helpers import start_baoku, untimed

from indexer.article import Article
from indexer.engine.locking import (
    LOCK_NAME,
    LockHolder,
    WriteLock,
    lock_state,
    read_holder,
    shortened,
)
from indexer.engine.store import create_or_open, open_index
from indexer.engine.writing import index_articles, indexed_hashes
from indexer.errors import IndexLocked


def wait_for_holder(index: Path, proc, limit: float = 120.0) -> LockHolder:
    deadline = time.monotonic() + limit
    while (holder := read_holder(index)) is None or holder.pid != proc.pid:
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.02)
    return holder


def test_a_second_indexer_waits_then_names_the_holder(baoku, epaper, tmp_path) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    first = start_baoku("index", epaper / "20191008", epaper / "20191009", "--index", index)
    holder = wait_for_holder(index, first)
    # The first indexer is stopped while it holds the lock, so that it is still writing
    # whatever the machine's speed while the others come (172 articles take a second or
    # two), then let go on.
    os.kill(first.pid, signal.SIGSTOP)
    try:
        assert (holder.host, holder.command) == (
            socket.gethostname(),
            shortened(f"baoku index {epaper / '20191008'} {epaper / '20191009'} --index "
                      f"{index}"))

        impatient = baoku("index", epaper / "20191007", "--index", index, "--wait", "1")
        assert (impatient.code, impatient.out, impatient.err) == (
            3, "", f"Error: the index at {index} is being written by {holder.describe()}; "
                   "waited 1 s. Try again when it has finished\n")
        assert lock_state(index) == ("held", holder)

        patient = start_baoku("index", epaper / "20191007", "--index", index, "--wait",
                              "600")
        time.sleep(1.5)
        assert patient.poll() is None, "the second indexer must wait for the first"
        assert lock_state(index) == ("held", holder)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    first_out, _ = first.communicate(timeout=600)
    patient_out, patient_err = patient.communicate(timeout=600)
    assert (first.returncode, untimed(first_out)) == (
        0, "added 172, replaced 0, unchanged 0, removed 0, failed 0\n")
    assert (patient.returncode, untimed(patient_out), patient_err) == (
        0, "added 31, replaced 0, unchanged 0, removed 0, failed 0\n", "")
    assert len(indexed_hashes(open_index(index))) == 37 + 172 + 31
    assert lock_state(index) == ("free", None)
    assert (index / LOCK_NAME).read_text() == ""


@pytest.fixture()
def small_index(tmp_path):
    index = create_or_open(tmp_path / "index")
    index_articles(index, [Article(id="a1", title="第一篇", body="正文一。", date="2019-10-05"),
                           Article(id="a2", title="第二篇", body="正文二。", date="2019-10-05")])
    return index


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_a_stale_lock_is_reported_and_cleared(baoku, small_index) -> None:
    folder = small_index.path
    stale = LockHolder(pid=dead_pid(), host=socket.gethostname(), command="baoku index x",
                       since="2019-10-05T20:00:00+08:00")
    (folder / LOCK_NAME).write_text(json.dumps(stale.__dict__))
    assert lock_state(folder) == ("stale", stale)

    check = baoku("check", "--index", folder)
    assert (check.code, check.out) == (
        0, f"{folder}: generation 1, 1 segment, 2 articles\n"
           f"note: a stale lock description left by pid {stale.pid} on {stale.host} "
           "('baoku index x', since 2019-10-05T20:00:00+08:00), a process that is gone; the "
           "next writer clears it\nok\n")

    ran = baoku("remove", "a1", "--index", folder, "--wait", "0")
    assert (ran.code, untimed(ran.out), ran.err) == (
        0, "added 0, replaced 0, unchanged 0, removed 1, failed 0\n",
        f"cleared a stale lock left by pid {stale.pid} on {stale.host} ('baoku index x', "
        "since 2019-10-05T20:00:00+08:00), a process that is gone\n")
    assert lock_state(folder) == ("free", None)
    assert sorted(indexed_hashes(open_index(folder))) == ["a2"]


def test_threads_of_one_process_take_turns(small_index) -> None:
    first = WriteLock(small_index.path, command="first")
    first.acquire(0)
    second = WriteLock(small_index.path, command="second")
    with pytest.raises(IndexLocked) as caught:
        second.acquire(0.2)
    assert str(caught.value) == (
        f"the index at {small_index.path} is being written by pid {os.getpid()} on "
        f"{socket.gethostname()} ('first', since {read_holder(small_index.path).since}); "
        "waited 0.2 s. Try again when it has finished")
    first.release()
    second.acquire(0)
    assert (read_holder(small_index.path).command, second.stale) == ("second", None)
    second.release()


def test_a_long_command_line_is_kept_shortened() -> None:
    long = "baoku index " + "x" * 300
    assert (shortened("baoku index a"), shortened(long)) == (
        "baoku index a", long[:199] + "…")
