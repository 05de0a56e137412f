"""How many CPU cores this process may use: the default number of indexing workers and of
``baoku serve`` worker processes."""
from __future__ import annotations

import os


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity, as a container limits it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
