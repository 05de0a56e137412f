"""A `baoku index` killed with SIGKILL while its worker processes build a segment takes its
workers with it: none stays behind blocked on its pipe, and the last commit stays whole."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from editing_helpers import start_baoku

from indexer.engine.check import check_index
from indexer.engine.store import open_index
from indexer.engine.writing import indexed_hashes

COPIES = 3  # 3 × 379 articles, shared out over the workers


def many_articles(corpus_data: Path, dest: Path) -> Path:
    """The 人民日报 articles of the test corpus, ``COPIES`` times under new ids."""
    records = [json.loads(line) for line in
               (corpus_data / "rmrb-2019-2020.jsonl").read_text(encoding="utf-8").splitlines()]
    with dest.open("w", encoding="utf-8") as out:
        for copy in range(COPIES):
            for record in records:
                out.write(json.dumps({**record, "id": f"{record['id']}-{copy}"},
                                     ensure_ascii=False) + "\n")
    return dest


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def listed(folder: Path) -> list[Path]:
    """The entries of a folder of ``/proc``; none once its process has ended."""
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` still running; one that ends while it is read has none."""
    found = []
    for task in listed(Path(f"/proc/{pid}/task")):
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def command_line(pid: int) -> bytes:
    """The command line of ``pid``, empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def workers_of(pid: int) -> list[int]:
    """The worker processes of the indexer ``pid`` (forked: they run its command line;
    multiprocessing's resource tracker, if any, left out)."""
    return [p for p in descendants(pid) if b"resource_tracker" not in command_line(p)]


def open_files(pid: int, folder: Path) -> set[str]:
    """The files of ``folder`` that process ``pid`` holds open (none once it has ended)."""
    names = set()
    for fd in listed(Path(f"/proc/{pid}/fd")):
        try:
            target = Path(os.readlink(fd))
        except FileNotFoundError:
            continue
        if target.parent == folder:
            names.add(target.name)
    return names


def building(worker: int, indexer: int, folder: Path) -> bool:
    """Whether ``worker`` holds files of ``folder`` of its own (a forked worker also holds
    those its indexer had open when it was forked)."""
    return bool(open_files(worker, folder) - open_files(indexer, folder))


def test_workers_end_with_a_killed_indexer(baoku, epaper, corpus_data, tmp_path) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    committed = indexed_hashes(open_index(index))
    articles = many_articles(corpus_data, tmp_path / "many.jsonl")

    proc = start_baoku("index", articles, "--index", index, "--workers", "3")
    deadline = time.monotonic() + 300
    # Killed while a worker builds its segment, holding a file of the index folder.
    while True:
        workers = workers_of(proc.pid)
        if any(building(w, proc.pid, index) for w in workers):
            break
        assert proc.poll() is None, f"the indexer ended first: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "no worker began a segment"
        time.sleep(0.05)
    children = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()

    gone_by = time.monotonic() + 5
    while any(map(alive, children)) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert [p for p in children if alive(p)] == []
    assert len(workers) == 3
    opened = open_index(index)
    assert indexed_hashes(opened) == committed
    assert check_index(index).problems == []


WATCHED = """
import multiprocessing, os, sys, time
from indexer.engine.parent_watch import die_with_parent

def child(parent):
    print(die_with_parent(parent, use_signal=False), flush=True)
    time.sleep(60)

if __name__ == "__main__":
    worker = multiprocessing.get_context("spawn").Process(target=child, args=(os.getpid(),))
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(60)
"""


def test_without_the_death_signal_a_watch_ends_the_worker(tmp_path) -> None:
    """Where the kernel's parent-death signal is unavailable, the watching thread ends the
    worker within a few seconds of its parent's death."""
    script = tmp_path / "watched.py"
    script.write_text(WATCHED, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                              text=True)
    worker = int(parent.stdout.readline())
    assert parent.stdout.readline() == "watch\n"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    gone_by = time.monotonic() + 5
    while alive(worker) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert alive(worker) is False


def test_on_linux_the_kernel_ends_the_worker() -> None:
    """On Linux the worker asks the kernel for the parent-death signal and needs no
    watching thread (``prctl`` found among the loaded symbols, no process started)."""
    asked = subprocess.run(
        [sys.executable, "-c", "import os\n"
         "from indexer.engine.parent_watch import die_with_parent\n"
         "print(die_with_parent(os.getppid()))"],
        capture_output=True, text=True, check=True)
    assert asked.stdout == "signal\n"
