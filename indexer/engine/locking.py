"""One writer at a time, and clearing what a killed writer left behind.

The lock is an OS file lock (``flock``) on ``write.lock`` in the index folder. The OS
releases it when its process ends, however it ends, so the lock itself is never stale. The
holder writes who it is into the same file (pid, host, command, since when) after taking the
lock and erases it before releasing, so a writer that has to wait can name the holder. A
description found in a lock that is free is stale — its process was killed — and the next
writer clears it and says so.

A killed writer can also leave files: segments it had not committed, a half-renamed table
of contents, Whoosh's temporary pool folder. None of them is read (a searcher reads only the
segments the latest table of contents names); ``leftover_files`` lists them and the next
writer removes them with ``clear_leftovers`` while it holds the lock.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from indexer.errors import IndexLocked, IndexWriteError

from .whoosh_private import (
    INDEX_NAME,
    POOL_FOLDER,
    is_toc_temp,
    segment_of_file,
    toc_generation,
)

LOCK_NAME = "write.lock"
WHOOSH_NAME = INDEX_NAME  # Whoosh's default index name, which its files' names start with


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) the write lock."""

    pid: int
    host: str
    command: str
    since: str  # ISO 8601, local time with its offset

    @classmethod
    def current(cls, command: str | None = None) -> LockHolder:
        return cls(pid=os.getpid(), host=socket.gethostname(),
                   command=command or _command_line(),
                   since=datetime.now().astimezone().isoformat(timespec="seconds"))

    def alive(self) -> bool | None:
        """Whether the process still runs; None when it ran on another host."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} ('{self.command}', since {self.since})"

    @classmethod
    def parse(cls, text: str) -> LockHolder | None:
        try:
            data = json.loads(text)
            return cls(pid=int(data["pid"]), host=str(data["host"]),
                       command=str(data["command"]), since=str(data["since"]))
        except (ValueError, KeyError, TypeError):
            return None


COMMAND_CHARS = 200  # the longest command line a lock description keeps


def shortened(command: str) -> str:
    """``command`` as a lock description keeps it: at most COMMAND_CHARS characters."""
    return command if len(command) <= COMMAND_CHARS else command[:COMMAND_CHARS - 1] + "…"


def _command_line() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return shortened(" ".join([name, *sys.argv[1:]]))


class WriteLock:
    """The index folder's write lock. ``stale`` is the holder description a killed process
    left, when ``acquire`` found and cleared one."""

    def __init__(self, folder: str | os.PathLike[str], command: str | None = None) -> None:
        self.folder = Path(folder)
        self.command = command
        self.stale: LockHolder | None = None
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float, poll: float = 0.1) -> None:
        """Take the lock (creating the folder if needed), waiting up to ``timeout`` seconds.
        Raises IndexLocked (naming the holder), IndexWriteError when the folder cannot be
        written."""
        if self._fd is not None:
            raise RuntimeError("this WriteLock is already held")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexWriteError(f"cannot write to the index folder {self.folder}: "
                                  f"{exc.strerror or exc}; nothing was changed") from None
        deadline = time.monotonic() + timeout
        while not _try_flock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                holder = read_holder(self.folder)
                who = holder.describe() if holder else "another process"
                raise IndexLocked(f"the index at {self.folder} is being written by {who}; "
                                  f"waited {timeout:g} s. Try again when it has finished")
            time.sleep(poll)
        try:
            self.stale = LockHolder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            data = json.dumps(asdict(LockHolder.current(self.command)), ensure_ascii=False)
            os.ftruncate(fd, 0)
            os.pwrite(fd, data.encode("utf-8") + b"\n", 0)
        except OSError as exc:
            _unlock(fd)
            raise IndexWriteError(f"cannot write to the index folder {self.folder}: "
                                  f"{exc.strerror or exc}; nothing was changed") from None
        self._fd = fd

    def release(self) -> None:
        """Erase the holder description and release the lock."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass  # a description left behind is cleared as stale by the next writer
        _unlock(fd)

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read_holder(folder: str | os.PathLike[str]) -> LockHolder | None:
    """The description in the lock file (the holder's, or a stale one), or None."""
    try:
        return LockHolder.parse((Path(folder) / LOCK_NAME).read_text("utf-8", "replace"))
    except OSError:
        return None


def lock_state(folder: str | os.PathLike[str]) -> tuple[str, LockHolder | None]:
    """``("free", None)``, ``("held", holder)`` or ``("stale", holder)``, probing the lock
    without waiting."""
    holder = read_holder(folder)
    try:
        fd = os.open(Path(folder) / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return "free", None
    try:
        if not _try_flock(fd):
            return "held", holder
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    return ("stale", holder) if holder else ("free", None)


def leftover_files(folder: str | os.PathLike[str]) -> list[str]:
    """Whoosh files no committed generation uses: what an interrupted writer left."""
    folder = Path(folder)
    names = sorted(p.name for p in folder.iterdir())
    generations = [g for name in names if (g := toc_generation(name)) is not None]
    if not generations:
        return []
    generation = max(generations)
    toc = TOC.read(FileStorage(str(folder)), WHOOSH_NAME, generation)
    used = {segment.segment_id() for segment in toc.segments}
    out = []
    for name in names:
        toc_of = toc_generation(name)
        segment = segment_of_file(name)
        if ((toc_of is not None and toc_of != generation) or is_toc_temp(name)
                or (segment is not None and segment not in used) or name == POOL_FOLDER):
            out.append(name)
    return out


def clear_leftovers(folder: str | os.PathLike[str]) -> list[str]:
    """Remove ``leftover_files``; call only while holding the write lock. Returns the names
    removed. Readers never open these files (or, for an old generation a searcher still
    uses, keep them open: the files stay readable until closed)."""
    folder = Path(folder)
    removed = []
    for name in leftover_files(folder):
        path = folder / name
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        removed.append(name)
    return removed
