"""Creating and opening a Baoku index folder: the Whoosh index plus its configuration file.

The folder holds Whoosh's files and ``baoku.json``:
``{"schema_version": 1, "storage_format": 3, "userdict": "userdict.txt" | null,
"synonyms": "synonyms.txt" | null}`` where the dictionary and synonyms files are copies kept
inside the folder, so the index is self-contained.

``storage_format`` says how postings are stored (``indexer.engine.codec``). Every readable
format is read and extended as it was written: the formats are those of the index's own
schema, pickled in it. A format this Baoku does not know (a newer one) is refused, never
guessed.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from indexer.backend import SYNONYMS_FILE, USERDICT_FILE
from indexer.durable import written_whole
from indexer.errors import ConfigError, IndexDamaged, IndexNotFound, IndexVersionError
from indexer.query.synonyms import Synonyms, load_synonyms

from .codec import READABLE_FORMATS, STORAGE_FORMAT, codec_for
from .codec.terms_file import TermsFileDamaged
from .facets import FacetCache
from .schema import SCHEMA_VERSION, build_schema
from .whoosh_private import check_whoosh_version, latest_toc_file, read_toc

CONFIG_NAME = "baoku.json"
# What reading a truncated or overwritten file of the index raises (Whoosh unpickles its
# table of contents and parts of its segments, and unpacks fixed-size records).
READ_ERRORS = (EOFError, pickle.UnpicklingError, struct.error, zlib.error, FileNotFoundError,
               TermsFileDamaged)
USERDICT_NAME = USERDICT_FILE
SYNONYMS_NAME = SYNONYMS_FILE


@dataclass
class ArchiveIndex:
    """An open Baoku index: the Whoosh index, its folder and its query-time configuration."""

    path: Path
    whoosh: FileIndex
    synonyms: Synonyms
    # How its new segments are stored (``indexer.engine.codec``), from ``baoku.json``.
    storage_format: int = 1
    facet_cache: FacetCache = field(init=False)  # its codes files are in ``path``

    _local: threading.local = field(default_factory=threading.local, repr=False)

    def __post_init__(self) -> None:
        self.facet_cache = FacetCache(self.path)

    def searcher(self):
        """A new Whoosh searcher on the latest committed generation (close it after use)."""
        return self.whoosh.searcher()

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """This thread's searcher, refreshed to the latest committed generation: an editor's
        commit is seen by the next search, a half-written one never (Whoosh switches
        generations atomically). The searcher is kept between searches and, after a
        commit, keeps the readers of the segments the commit did not change
        (``refreshed_searcher``). Raises IndexDamaged when a file of the index cannot be
        read as Whoosh wrote it."""
        try:
            current = getattr(self._local, "searcher", None)
            if current is None:
                current = self.whoosh.searcher()
            elif not current.up_to_date():
                current = refreshed_searcher(self.whoosh, current)
            self._local.searcher = current
            yield current
        except READ_ERRORS as exc:
            self._local.searcher = None
            raise damaged(self.path, exc) from exc

    def generation(self) -> tuple:
        """What identifies the committed generation searches read now (``generation_of``)."""
        with self.reading() as searcher:
            return generation_of(searcher.reader())

    def codec(self):
        """The Whoosh codec the index's new segments are written with (its format's)."""
        return codec_for(self.storage_format)

    def userdict(self) -> str | None:
        path = self.path / USERDICT_NAME
        return str(path) if path.exists() else None


def generation_of(reader) -> tuple:
    """What identifies the committed generation ``reader`` reads: its number and its
    segments (a rebuilt index starts numbering again, with new segments)."""
    return (reader.generation(),
            tuple(leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()
                  if leaf.segment() is not None))


def refreshed_searcher(ix: FileIndex, old: Searcher) -> Searcher:
    """A searcher on the latest commit of ``ix`` that takes over ``old``'s readers of the
    segments the commit left as they were (same segment, same deletions) and opens readers
    for the others: new segments, merged ones, and old ones with new deletions. A day's
    issue then costs its own small segment, not the archive's. Whoosh's
    ``Searcher.refresh`` also reuses readers, but by segment id alone: a reused reader
    would miss the new deletions. ``old`` must not be used afterwards."""
    try:
        toc = read_toc(ix)
        reusable = {reader.segment().segment_id(): reader
                    for reader, _ in old.reader().leaf_readers()
                    if reader.segment() is not None}
        readers: list = []
        opened: list = []
        try:
            for segment in toc.segments:
                reader = reusable.get(segment.segment_id())
                if reader is None or not _same_deletions(reader.segment(), segment):
                    reader = SegmentReader(ix.storage, toc.schema, segment,
                                           generation=toc.generation)
                    opened.append(reader)
                readers.append(reader)
        except BaseException:
            for reader in opened:
                reader.close()
            raise
    except OSError:  # a writer removed a file just now: open everything anew
        old.close()
        return ix.searcher()
    kept = {id(reader) for reader in readers}
    for reader, _ in old.reader().leaf_readers():
        if id(reader) not in kept and not getattr(reader, "is_closed", False):
            reader.close()
    old.is_closed = True
    reader = (MultiReader(readers, generation=toc.generation) if readers
              else EmptyReader(toc.schema))
    return Searcher(reader, fromindex=ix)


def damaged(folder: Path, exc: BaseException, what: str | None = None) -> IndexDamaged:
    """The one-line error of reading a damaged file (``what`` is damaged: by default the
    index at ``folder``), pointing to ``baoku check``."""
    damage = f"{what or f'the index at {folder} is damaged'} ({type(exc).__name__}: {exc})"
    return IndexDamaged(f"{damage}; run 'baoku check --index {folder}' to see which files "
                        "and articles are affected", damage)


def _same_deletions(a, b) -> bool:
    return a.deleted_count() == b.deleted_count() and (
        not a.deleted_count() or set(a.deleted_docs()) == set(b.deleted_docs()))


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
    """Open an existing index. Raises IndexNotFound, IndexVersionError, ConfigError (an
    untested Whoosh is installed), IndexDamaged (its table of contents is unreadable)."""
    check_whoosh_version()
    folder = Path(path)
    config = _read_config(folder)
    version = config.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexVersionError(f"the index at {folder} has schema version {version}; this "
                                f"Baoku writes version {SCHEMA_VERSION}: reindex into a new "
                                "folder")
    storage_format = config.get("storage_format", 1)
    if storage_format not in READABLE_FORMATS:
        raise IndexVersionError(f"the index at {folder} stores its postings in format "
                                f"{storage_format}, which this Baoku cannot read (it reads "
                                f"formats {', '.join(map(str, READABLE_FORMATS))}): upgrade "
                                "Baoku, or reindex into a new folder")
    # Segments read through file handles (the OS caches the files), not memory-mapped:
    # Whoosh's mmap path copies each segment's term index and postings into the memory of
    # every searcher it opens (``BufferFile``), 1.4 GB and seconds per searcher for 20,000
    # articles, for each server thread and again after each commit; searches are as fast.
    storage = FileStorage(str(folder), supports_mmap=False)
    if latest_toc_file(storage) is None:
        raise IndexNotFound(f"no Baoku index at {folder} (its Whoosh files are missing)")
    try:
        ix = storage.open_index()
    except READ_ERRORS as exc:
        raise damaged(folder, exc, f"the table of contents {latest_toc_file(storage)} of "
                                   f"the index at {folder} is damaged") from exc
    return ArchiveIndex(folder, ix, load_synonyms(folder / SYNONYMS_NAME), storage_format)


def _install(src: str | os.PathLike[str] | None, dest: Path, what: str) -> None:
    if src is None:
        return
    try:
        shutil.copyfile(src, dest)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} {src}: {exc.strerror or exc}") from None


def create_or_open(path: str | os.PathLike[str], userdict: str | None = None,
                   synonyms: str | None = None,
                   storage_format: int = STORAGE_FORMAT) -> ArchiveIndex:
    """Open the index at ``path``, creating it when the folder has none (its postings in
    ``storage_format``: an older one only to compare formats). A user dictionary
    or synonyms file given here is copied into the index folder (replacing the old one).
    Raises ConfigError (also when an untested Whoosh is installed), IndexVersionError."""
    check_whoosh_version()
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
    whoosh_index.create_in(str(folder), build_schema(str((folder / USERDICT_NAME).resolve()),
                                                     storage_format))
    config = {"schema_version": SCHEMA_VERSION, "storage_format": storage_format,
              "userdict": USERDICT_NAME,
              "synonyms": SYNONYMS_NAME}
    with written_whole(folder / CONFIG_NAME) as out:
        out.write(json.dumps(config, indent=2) + "\n")
    return open_index(folder)
