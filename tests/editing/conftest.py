"""Fixtures of the editors' tests: real e-paper issues and the ``baoku`` command run as a
real subprocess."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from editing_helpers import Ran, run_baoku


@pytest.fixture(scope="session")
def epaper(corpus_data: Path) -> Path:
    """``raw/rmrb-epaper``: one folder of 人民日报 text files per day of October 2019."""
    return corpus_data / "raw" / "rmrb-epaper"


@pytest.fixture()
def baoku() -> Callable[..., Ran]:
    """Run ``baoku ARGS…`` and wait for it: ``Ran(code, out, err)``."""
    return run_baoku


@pytest.fixture()
def issue_copy(tmp_path: Path, epaper: Path) -> Callable[[str], Path]:
    """A writable copy of the issue of a day (``"20191005"``) under the test's folder."""
    def copy(day: str) -> Path:
        dest = tmp_path / "issues" / day
        shutil.copytree(epaper / day, dest)
        return dest
    return copy


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 48 MB disk (tmpfs) mounted for the test: filled, it is a full disk (the tests
    run as root, in CI too)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                   check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)

