"""A `baoku index` killed with SIGKILL at any moment leaves the last commit whole and
searchable; the next run clears what it left and ends with what an uninterrupted run gives."""
from __future__ import annotations

import signal
import time
from pathlib import Path

from editing_helpers import start_baoku, untimed

from indexer.engine.check import check_index
from indexer.engine.locking import leftover_files, read_holder
from indexer.engine.search import search
from indexer.engine.store import open_index
from indexer.engine.writing import indexed_hashes
from indexer.results import SearchRequest

BATCH = ("20191008", "20191009")  # 172 articles: a commit of several seconds


def generation(index: Path) -> int:
    return max(int(p.name.split("_")[2].split(".")[0]) for p in index.glob("_MAIN_*.toc"))


def committing(index: Path, before: set[str]) -> bool:
    """True once the new segment's terms file (Whoosh's term index ``.trm``, or the compact
    terms file ``.tcb`` of storage format 3) is being written: the commit has begun."""
    return any(p.stat().st_size > 0 for ext in ("trm", "tcb")
               for p in index.glob(f"MAIN_*.{ext}") if p.name not in before)


def kill_when(proc, ready, limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    while not ready():
        assert proc.poll() is None, f"the indexer ended before the kill: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


def titles(index) -> list[str]:
    hits = search(index, SearchRequest(query="梯田 OR 国庆", limit=100)).hits
    return [h.id for h in hits]


def test_sigkill_at_several_moments_then_a_rerun(baoku, epaper, tmp_path) -> None:
    index, reference = tmp_path / "index", tmp_path / "uninterrupted"
    batch = [epaper / day for day in BATCH]
    for folder in (index, reference):
        assert baoku("index", epaper / "20191005", "--index", folder).code == 0
    committed = indexed_hashes(open_index(index))
    found_before = titles(open_index(index))
    assert len(committed) == 37 and found_before
    gen = generation(index)

    moments = {
        "after 0.5 s": lambda started: time.monotonic() - started > 0.5,
        "after 2 s": lambda started: time.monotonic() - started > 2.0,
        "during the commit": lambda started: committing(index, files_before),
    }
    for name, moment in moments.items():
        files_before = {p.name for p in index.iterdir()}
        started = time.monotonic()
        proc = start_baoku("index", *batch, "--index", index)
        kill_when(proc, lambda moment=moment, started=started: moment(started))
        opened = open_index(index)
        assert (name, indexed_hashes(opened)) == (name, committed)
        assert (name, generation(index)) == (name, gen)
        assert (name, titles(opened)) == (name, found_before)
        assert (name, check_index(index).problems) == (name, [])

    holder = read_holder(index)
    assert holder is not None and holder.alive() is False
    leftovers = leftover_files(index)
    assert leftovers, "the kill during the commit left the new segment's files"
    rerun = baoku("index", *batch, "--index", index)
    assert (rerun.code, untimed(rerun.out)) == (
        0, "added 172, replaced 0, unchanged 0, removed 0, failed 0\n")
    assert rerun.err == (f"cleared a stale lock left by {holder.describe()}, a process that "
                         f"is gone\nremoved {len(leftovers)} files left by an interrupted "
                         "write\n")
    assert baoku("index", *batch, "--index", reference).code == 0
    assert indexed_hashes(open_index(index)) == indexed_hashes(open_index(reference))
    assert leftover_files(index) == []
    assert check_index(index).lines() == [
        f"{index}: generation {gen + 1}, {check_index(index).segments} segments, "
        "209 articles", "ok"]
