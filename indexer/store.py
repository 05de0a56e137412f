"""Creating and opening a Baoku index folder: the Whoosh index plus its configuration file.

The folder holds Whoosh's files and ``baoku.json``:
``{"schema_version": 1, "userdict": "userdict.txt" | null, "synonyms": "synonyms.txt" | null}``
where the dictionary and synonyms files are copies kept inside the folder, so the index is
self-contained.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import FileIndex

from .errors import ConfigError, IndexNotFound, IndexVersionError
from .facets import FacetCache
from .schema import SCHEMA_VERSION, build_schema
from .synonyms import Synonyms, load_synonyms

CONFIG_NAME = "baoku.json"
USERDICT_NAME = "userdict.txt"
SYNONYMS_NAME = "synonyms.txt"


@dataclass
class ArchiveIndex:
    """An open Baoku index: the Whoosh index, its folder and its query-time configuration."""

    path: Path
    whoosh: FileIndex
    synonyms: Synonyms
    facet_cache: FacetCache = field(default_factory=FacetCache)

    _local: threading.local = field(default_factory=threading.local, repr=False)

    def searcher(self):
        """A new Whoosh searcher on the latest committed generation (close it after use)."""
        return self.whoosh.searcher()

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """This thread's searcher, refreshed to the latest committed generation: an editor's
        commit is seen by the next search, a half-written one never (Whoosh switches
        generations atomically). Opening a searcher costs tens of milliseconds, so it is
        kept between searches rather than opened for each."""
        current = getattr(self._local, "searcher", None)
        if current is not None and not current.up_to_date():
            # A new searcher, not Searcher.refresh(): refresh reuses the readers of unchanged
            # segments, which then miss the new deletions, and fails on an index that had no
            # segment.
            current.close()
            current = None
        if current is None:
            current = self.whoosh.searcher()
        self._local.searcher = current
        yield current

    def userdict(self) -> str | None:
        path = self.path / USERDICT_NAME
        return str(path) if path.exists() else None


def _read_config(path: Path) -> dict:
    try:
        return json.loads((path / CONFIG_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotFound(f"no Baoku index at {path} (run 'baoku index PATH --index "
                            f"{path}' to create one)") from None
    except (OSError, ValueError) as exc:
        raise IndexNotFound(f"the index configuration {path / CONFIG_NAME} is unreadable: "
                            f"{exc}") from None


def open_index(path: str | os.PathLike[str]) -> ArchiveIndex:
    """Open an existing index. Raises IndexNotFound, IndexVersionError."""
    folder = Path(path)
    config = _read_config(folder)
    version = config.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexVersionError(f"the index at {folder} has schema version {version}; this "
                                f"Baoku writes version {SCHEMA_VERSION}: reindex into a new "
                                "folder")
    if not whoosh_index.exists_in(str(folder)):
        raise IndexNotFound(f"no Baoku index at {folder} (its Whoosh files are missing)")
    ix = whoosh_index.open_dir(str(folder))
    return ArchiveIndex(folder, ix, load_synonyms(folder / SYNONYMS_NAME))


def _install(src: str | os.PathLike[str] | None, dest: Path, what: str) -> None:
    if src is None:
        return
    try:
        shutil.copyfile(src, dest)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} {src}: {exc.strerror or exc}") from None


def create_or_open(path: str | os.PathLike[str], userdict: str | None = None,
                   synonyms: str | None = None) -> ArchiveIndex:
    """Open the index at ``path``, creating it when the folder has none. A user dictionary
    or synonyms file given here is copied into the index folder (replacing the old one).
    Raises ConfigError, IndexVersionError."""
    folder = Path(path)
    if synonyms is not None:
        load_synonyms(Path(synonyms))  # refuse a malformed file before touching the index
    if (folder / CONFIG_NAME).exists():
        _install(userdict, folder / USERDICT_NAME, "user dictionary")
        _install(synonyms, folder / SYNONYMS_NAME, "synonyms file")
        return open_index(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the index folder {folder}: "
                          f"{exc.strerror or exc}") from None
    _install(userdict, folder / USERDICT_NAME, "user dictionary")
    _install(synonyms, folder / SYNONYMS_NAME, "synonyms file")
    whoosh_index.create_in(str(folder), build_schema(str((folder / USERDICT_NAME).resolve())))
    config = {"schema_version": SCHEMA_VERSION, "userdict": USERDICT_NAME,
              "synonyms": SYNONYMS_NAME}
    tmp = folder / (CONFIG_NAME + ".tmp")
    tmp.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / CONFIG_NAME)
    return open_index(folder)
