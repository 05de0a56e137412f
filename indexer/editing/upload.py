"""An uploaded issue (a zip of the issue's folder) stored beside the archive and indexed.

The zip is unpacked (``unpack.unpack_issue``: a size cap, no entry leaving the folder) into
``uploads/STAMP-NAME-RANDOM/issue`` in the archive's state folder, then indexed in one
commit; an upload that is refused or not indexed (locked, disk full) leaves no copy.
"""
from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from indexer.backend import SearchBackend
from indexer.errors import IndexWriteError
from indexer.readers import read_paths
from indexer.readers.metadata import FOLDER_FILE

from .summary import IndexSummary
from .unpack import unpack_issue

UPLOADS = "uploads"


@dataclass(frozen=True)
class Upload:
    summary: IndexSummary
    stored: Path  # where the issue was kept, relative to the archive's state folder


def index_upload(archive: SearchBackend, stream: IO[bytes], name: str, unpack_cap: int, *,
                 wait: float, command: str) -> Upload:
    """Store the zip ``stream`` (named ``name``, a safe file name) and index it into
    ``archive``. Raises UnsafeUpload for a zip refused, IndexWriteError when it cannot be
    stored, IndexLocked after ``wait`` seconds."""
    folder = archive.state_folder
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stored = folder / UPLOADS / f"{stamp}-{name}-{secrets.token_hex(3)}"
    dest = stored / "issue"
    try:
        try:
            stored.mkdir(parents=True)
            # Empty folder metadata: the readers look for baoku.json up to three folders
            # above a file, and must not take the index's own configuration file for it.
            (stored / FOLDER_FILE).write_text("{}\n", encoding="utf-8")
            unpack_issue(stream, dest, unpack_cap)
        except OSError as exc:
            raise IndexWriteError(f"cannot store the upload in {folder / UPLOADS}: "
                                  f"{exc.strerror or exc}; nothing was indexed") from None
        summary = archive.index_articles(read_paths([dest]), wait=wait, command=command)
    except BaseException:  # refused or not indexed: keep no copy
        shutil.rmtree(stored, ignore_errors=True)
        raise
    return Upload(summary, stored.relative_to(folder))
