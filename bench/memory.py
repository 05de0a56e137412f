"""Peak memory of a process tree, sampled from ``/proc`` (Linux) while it runs.

``resource.getrusage`` gives only the largest single process; an indexing run is a main
process plus workers, so ``PeakMemory`` sums the resident memory of a process and all its
descendants every ``interval`` seconds and keeps the largest sum.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (0 once it is gone)."""
    tree = _children()
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(tree.get(current, ()))
    return total


class PeakMemory:
    """``with PeakMemory(pid) as peak: ...`` then ``peak.bytes``."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid = pid
        self.interval = interval
        self.bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.bytes = max(self.bytes, tree_rss(self.pid))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
