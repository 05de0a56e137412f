"""Watching a drop folder: each new issue folder (or file) is indexed once it is complete.

Every entry directly under the watched folder is an issue: a folder (every file below it) or
a single file. Hidden entries and names of transfers in progress (``.part``, ``.tmp``,
``.crdownload``, ``~``) are ignored. An entry is complete when its signature — the names,
sizes and modification times of its files — has not changed for ``settle`` seconds; it is
then indexed (one ``index_articles`` run, so articles already indexed are unchanged and
corrected ones replaced). The signature indexed is kept in ``watch-state.json`` in the index
folder, so an entry is indexed again only when it changes, also after a restart. Each run is
logged, one line, to ``watch.log`` in the index folder and to the ``log`` callback. A run
that fails (the index locked too long, a full disk) is logged and tried again at the next
poll. Deleting an entry does not withdraw its articles: that is ``baoku remove``.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indexer.backend import WRITE_WAIT, SearchBackend
from indexer.durable import written_whole
from indexer.errors import BaokuError
from indexer.readers import read_paths
from indexer.readers.counting import count_articles
from indexer.saved.checking import note_commit

from .progress import Counted
from .summary import IndexSummary

STATE_NAME = "watch-state.json"
LOG_NAME = "watch.log"
_IN_TRANSFER = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")


@dataclass(frozen=True)
class WatchRun:
    """One indexing run of the watcher: the entry, and its summary or its error."""

    entry: Path
    summary: IndexSummary | None
    error: str | None = None

    def line(self) -> str:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        what = self.summary.line() if self.summary else f"Error: {self.error} (will retry)"
        return f"{stamp} {self.entry.name}: {what}"


def signature(entry: Path) -> str:
    """A digest of the names, sizes and modification times of the files of ``entry``."""
    files = [entry] if entry.is_file() else sorted(p for p in entry.rglob("*") if p.is_file())
    h = hashlib.sha1()
    for path in files:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue  # removed while listing: the next poll sees the new state
        h.update(f"{path.relative_to(entry.parent)}\0{st.st_size}\0{st.st_mtime_ns}\n"
                 .encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class Watcher:
    """Indexes the complete, new or changed entries of ``folder`` into ``archive`` (its state
    and log kept in the archive's state folder); ``poll`` does one pass, ``run`` polls until
    stopped."""

    def __init__(self, archive: SearchBackend, folder: str | os.PathLike[str], *,
                 settle: float = 10.0, wait: float = WRITE_WAIT,
                 log: Callable[[str], None] = lambda _line: None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.archive = archive
        self.state_folder = archive.state_folder
        self.folder = Path(folder)
        self.settle = settle
        self.wait = wait
        self.log = log
        self.clock = clock
        self._seen: dict[Path, tuple[str, float]] = {}  # entry -> (signature, since)
        self.state = self._load_state()

    def entries(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir()
                      if not p.name.startswith(".") and not p.name.endswith(_IN_TRANSFER))

    def pending(self) -> list[Path]:
        """Entries that are new or changed since they were last indexed (complete or not)."""
        return [e for e in self.entries() if self.state.get(str(e.resolve())) != signature(e)]

    def poll(self) -> list[WatchRun]:
        """One pass: index each entry that is new or changed and has settled."""
        runs = []
        now = self.clock()
        for entry in self.entries():
            sig = signature(entry)
            key = str(entry.resolve())
            if self.state.get(key) == sig:
                continue
            seen_sig, since = self._seen.get(entry, (None, now))
            if seen_sig != sig:
                self._seen[entry] = (sig, now)
                since = now
            if now - since < self.settle:
                continue
            run = self._index(entry)
            runs.append(run)
            if run.summary is not None:
                self.state[key] = sig
                self._save_state()
                self._seen.pop(entry, None)
        return runs

    def run(self, interval: float = 2.0, stop: threading.Event | None = None,
            once: bool = False) -> list[WatchRun]:
        """Poll every ``interval`` seconds until ``stop`` is set; with ``once``, until every
        entry present at the start has been indexed or has failed once. Returns the runs
        (kept only with ``once``)."""
        stop = stop or threading.Event()
        done: list[WatchRun] = []
        waiting = set(self.pending()) if once else set()
        while not stop.is_set():
            runs = self.poll()
            if once:
                done.extend(runs)
                waiting -= {r.entry for r in runs}
                if not waiting:
                    break
            stop.wait(interval)
        return done

    def _index(self, entry: Path) -> WatchRun:
        try:
            summary = self.archive.index_articles(
                read_paths([entry]), wait=self.wait, command=f"baoku watch {self.folder}",
                progress=Counted(count_articles([entry])[0]))
            note_commit(self.archive, summary)  # the saved searches' new matches
            run = WatchRun(entry, summary)
        except BaokuError as exc:
            run = WatchRun(entry, None, str(exc))
        lines = [run.line()]
        if run.summary is not None:
            lines += [f"  {note}" for note in run.summary.notes]
            lines += [f"  skipped {failure}" for failure in run.summary.failures]
        self._write_log(lines)
        return run

    def _write_log(self, lines: list[str]) -> None:
        for line in lines:
            self.log(line)
        try:
            with open(self.state_folder / LOG_NAME, "a", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        except OSError as exc:
            self.log(f"cannot write {self.state_folder / LOG_NAME}: {exc.strerror or exc}")

    def _load_state(self) -> dict[str, str]:
        try:
            data = json.loads((self.state_folder / STATE_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return dict(data.get("entries", {}))

    def _save_state(self) -> None:
        path = self.state_folder / STATE_NAME
        try:
            with written_whole(path) as out:
                json.dump({"entries": self.state}, out, ensure_ascii=False, indent=1)
        except OSError as exc:  # the entry is indexed again (unchanged) after a restart
            self.log(f"cannot write {path}: {exc.strerror or exc}")
