"""How many CPU cores this process may use (the default number of indexing workers and of
``baoku serve`` worker processes), and how indexing workers may be started."""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_fork_allowed = threading.local()


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity, as a container limits it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@contextmanager
def forking_workers() -> Iterator[None]:
    """Within it, this thread's indexing or batch may fork its workers. Only a program that
    is nothing but an indexer or a batch runner says so (``baoku index``, ``baoku batch``):
    a web worker or a library user may hold sockets, signal handlers or threads of C
    libraries that a fork must not copy."""
    _fork_allowed.on = True
    try:
        yield
    finally:
        _fork_allowed.on = False


def worker_start_method() -> str:
    """How indexing workers are started: "fork" inside ``forking_workers`` in a process
    running one thread (every module is imported already), else "spawn" (a fork copies the
    locks other threads may hold at that moment)."""
    allowed = getattr(_fork_allowed, "on", False)
    forks = allowed and threading.active_count() == 1
    return "fork" if forks and "fork" in multiprocessing.get_all_start_methods() else "spawn"
