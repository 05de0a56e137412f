"""Worker processes that end with the process that started them.

A writer killed with SIGKILL cannot stop its workers: without this they would stay, blocked
reading their inbox pipe and holding their memory and the files of a half-built segment,
until someone kills them by hand. ``die_with_parent`` (called first thing in a worker) asks
Linux to send the worker SIGKILL when its parent ends (``prctl(PR_SET_PDEATHSIG)``); where
that is unavailable, a daemon thread checks every ``WATCH_SECONDS`` that the parent is still
the worker's parent and ends the worker when it is not.

Linux sends the signal when the *thread* that started the worker ends. The writer's thread
waits for its workers (``commit`` and ``cancel`` stop them), so it outlives them.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0


def die_with_parent(parent: int, *, use_signal: bool = True) -> str:
    """End this process when the process ``parent`` ends. Returns how: ``"signal"`` (the
    kernel's parent-death signal) or ``"watch"`` (a checking thread; also with
    ``use_signal=False``). Ends this process at once when ``parent`` is already gone."""
    how = "signal" if use_signal and _set_death_signal() else "watch"
    if how == "watch":
        threading.Thread(target=_watch, args=(parent,), name="parent-watch",
                         daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        _end()
    return how


def _end() -> None:
    """End this process at once, as the parent-death signal would."""
    os.kill(os.getpid(), signal.SIGKILL)


def _set_death_signal() -> bool:
    """Ask for SIGKILL when the parent ends; False where ``prctl`` is not available.
    ``prctl`` is looked up among the symbols this process has loaded (the C library's
    among them): ``ctypes.util.find_library`` would start an ``ldconfig`` process in
    every worker."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    return prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    _end()
