"""A full disk and a folder without write permission: the error says so in one line, and
the index stays as it was — whole, searchable, without leftovers.

The full disk is real: a 48 MB tmpfs mounted for the test (``small_disk``). Root ignores
permission bits, so the permission test runs `baoku` without the capability that lets it
(``setpriv``), making it meet the bits like any user."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from editing_helpers import BAOKU, fill, untimed

from indexer.engine.check import check_index
from indexer.engine.locking import leftover_files
from indexer.engine.store import open_index
from indexer.engine.writing import indexed_hashes


def test_a_full_disk_leaves_the_index_as_it_was(baoku, epaper, small_disk) -> None:
    index = small_disk / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    before = indexed_hashes(open_index(index))
    files = sorted(p.name for p in index.iterdir())
    filler = fill(small_disk, 2**20)

    full = baoku("index", epaper / "20191008", "--index", index)
    assert (full.code, full.out, full.err) == (
        1, "", f"Error: cannot write the index at {index}: No space left on device; the "
               "index is left as it was\n")
    assert indexed_hashes(open_index(index)) == before
    assert sorted(p.name for p in index.iterdir()) == files
    assert leftover_files(index) == []
    assert check_index(index).problems == []

    filler.unlink()
    ran = baoku("index", epaper / "20191008", "--index", index)
    assert (ran.code, untimed(ran.out), ran.err) == (
        0, "added 87, replaced 0, unchanged 0, removed 0, failed 0\n", "")


def as_a_user(*args: str | Path) -> list[str]:
    """The command run without root's power over permission bits."""
    command = [str(BAOKU), *map(str, args)]
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search", "--", *command]


def test_a_read_only_index_folder_is_reported(baoku, epaper, tmp_path) -> None:
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    before = indexed_hashes(open_index(index))
    files = sorted(p.name for p in index.iterdir())
    index.chmod(0o555)
    try:
        ran = subprocess.run(as_a_user("index", epaper / "20191008", "--index", index),
                             capture_output=True, text=True, timeout=600)
        removal = subprocess.run(as_a_user("remove", "rmrb-20191005-01-01", "--index", index),
                                 capture_output=True, text=True, timeout=600)
    finally:
        index.chmod(0o755)
    message = (f"Error: cannot write the index at {index}: Permission denied; the index is "
               "left as it was\n")
    assert (ran.returncode, ran.stdout, ran.stderr) == (1, "", message)
    assert (removal.returncode, removal.stdout, removal.stderr) == (1, "", message)
    assert indexed_hashes(open_index(index)) == before
    assert sorted(p.name for p in index.iterdir()) == files
