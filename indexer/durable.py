"""Files written whole or not at all: a segment's checksums and facet codes, an index's
configuration, the state of a watched folder, of a batch run, of a web batch job."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TEMP = ".tmp"  # the suffix of a file being written


@contextmanager
def written_whole(path: Path, mode: str = "w") -> Iterator[IO]:
    """The file to write ``path`` with: a temporary file beside it, flushed to the disk and
    renamed to ``path`` once written, so that a reader sees all of it or none; an error
    while writing (a full disk) removes it and leaves ``path`` as it was. Raises OSError."""
    temp = path.with_name(path.name + TEMP)
    try:
        with temp.open(mode, **({} if "b" in mode else {"encoding": "utf-8"})) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
