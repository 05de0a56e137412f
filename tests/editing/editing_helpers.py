"""Helpers of the editors' tests (a uniquely named module: the test folders share sys.path)."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

BAOKU = Path(sys.executable).with_name("baoku")
_TIMING = re.compile(r" in \d+\.\d s \(\d+ KB/s\)")


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def run_baoku(*args: str | Path, timeout: float = 600, **kwargs) -> Ran:
    """Run ``baoku ARGS…`` (the one installed next to this Python) and wait for it."""
    done = subprocess.run([str(BAOKU), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kwargs)
    return Ran(done.returncode, done.stdout, done.stderr)


def start_baoku(*args: str | Path, **kwargs) -> subprocess.Popen:
    """Start ``baoku ARGS…`` without waiting (text pipes for its output)."""
    return subprocess.Popen([str(BAOKU), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def untimed(text: str) -> str:
    """Summary lines without their duration and speed."""
    return _TIMING.sub("", text)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` free bytes; returns the filling file."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - leave))
    return filler


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> io.BytesIO:
    """A zip holding ``entries`` (name or ZipInfo, bytes), read from its start."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    buf.seek(0)
    return buf
