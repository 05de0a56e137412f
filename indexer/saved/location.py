"""Where an archive's saved searches live: a SQLite file beside its state folder (for an
index folder, beside that folder), so that deleting the index and indexing the files again
keeps them, and ``baoku check``, ``copy`` and the writers never meet it."""
from __future__ import annotations

from pathlib import Path

from indexer.backend import SearchBackend

SUFFIX = ".saved-searches.sqlite3"


def store_path(archive: SearchBackend) -> Path:
    """``var/index`` -> ``var/index.saved-searches.sqlite3``."""
    return archive.beside_state_folder(SUFFIX)
