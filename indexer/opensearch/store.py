"""One archive on a cluster: its index, its configuration (``_meta.baoku``: the mapping's
version, the synonyms and the user dictionary) and the local folder Baoku keeps beside it.

The configuration lives in the index's mapping, so every client of the cluster reads the
same synonyms and segments with the same dictionary; the state folder holds copies of both
files (jieba reads its dictionary from a file) and whatever else Baoku keeps locally
(uploads, the watch state and log).
"""
from __future__ import annotations

import os
from pathlib import Path
from threading import Lock
from typing import Any

from indexer.backend import SYNONYMS_FILE, USERDICT_FILE
from indexer.durable import written_whole
from indexer.errors import ConfigError, IndexVersionError, IndexWriteError
from indexer.query.synonyms import Synonyms, parse_synonyms

from .address import Address
from .client import Cluster
from .mapping import MAPPING_VERSION, index_body, meta_of

USERDICT_NAME = USERDICT_FILE  # the names every backend keeps them by
SYNONYMS_NAME = SYNONYMS_FILE


def state_folder(address: Address) -> Path:
    """``$BAOKU_STATE_DIR/opensearch/<cluster-hash>-<NAME>`` when ``BAOKU_STATE_DIR`` is
    set, else ``$XDG_DATA_HOME/baoku/opensearch/<cluster-hash>-<NAME>`` (XDG_DATA_HOME
    defaulting to ``~/.local/share``); the cluster hash is that of its set of nodes."""
    base = os.environ.get("BAOKU_STATE_DIR")
    if not base:
        data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = str(Path(data) / "baoku")
    return Path(base) / "opensearch" / f"{address.cluster_key}-{address.index}"


def read_text_file(path: str | os.PathLike[str], what: str) -> str:
    """The text of a user's file. Raises ConfigError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"cannot read the {what} {path}: {reason}") from None


class Archive:
    """The archive at ``address``; its configuration is read on first use and kept."""

    def __init__(self, address: Address, shards: int, replicas: int) -> None:
        self.address = address
        self.cluster = Cluster(address)
        self.index = address.index
        self.shards = shards
        self.replicas = replicas
        self._meta: dict[str, Any] | None = None
        self._synonyms: Synonyms | None = None
        self._lock = Lock()

    @property
    def folder(self) -> Path:
        """The state folder (created when missing)."""
        folder = state_folder(self.address)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the state folder {folder} of "
                              f"{self.address.text}: {exc.strerror or exc}") from None
        return folder

    def exists(self) -> bool:
        return bool(self.cluster.call(self.cluster.client.indices.exists, index=self.index))

    def meta(self) -> dict[str, Any]:
        """The archive's ``_meta.baoku``. Raises IndexNotFound, IndexVersionError,
        ArchiveUnavailable."""
        if self._meta is None:
            with self._lock:
                if self._meta is None:
                    self._load()
        assert self._meta is not None
        return self._meta

    def _load(self) -> None:
        answer = self.cluster.call(self.cluster.client.indices.get_mapping, index=self.index)
        mapping = next(iter(answer.values()))["mappings"]
        meta = (mapping.get("_meta") or {}).get("baoku")
        if not isinstance(meta, dict):
            raise IndexVersionError(f"the index '{self.index}' at {self.address.text} was not "
                                    "written by Baoku")
        if meta.get("mapping_version") != MAPPING_VERSION:
            raise IndexVersionError(
                f"the archive at {self.address.text} has mapping version "
                f"{meta.get('mapping_version')}; this Baoku writes version {MAPPING_VERSION}: "
                "rebuild it as a new archive, with 'baoku copy --from FOLDER --to "
                "opensearch://HOST:PORT/NEWNAME' from an index folder of its articles or "
                "'baoku index FILES --index opensearch://HOST:PORT/NEWNAME' from their files")
        self._install(meta)
        self._synonyms = (parse_synonyms(meta["synonyms"], f"{self.address.text} synonyms")
                          if meta.get("synonyms") else Synonyms())
        self._meta = meta

    def _install(self, meta: dict[str, Any]) -> None:
        """Keep the state folder's copies of the dictionary and synonyms as the cluster has
        them."""
        for name, text in ((USERDICT_NAME, meta.get("userdict")),
                           (SYNONYMS_NAME, meta.get("synonyms"))):
            path = self.folder / name
            try:
                if text is None:
                    path.unlink(missing_ok=True)
                elif not path.exists() or path.read_text(encoding="utf-8") != text:
                    with written_whole(path) as out:
                        out.write(text)
            except OSError as exc:
                raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None

    @property
    def synonyms(self) -> Synonyms:
        self.meta()
        assert self._synonyms is not None
        return self._synonyms

    def userdict(self) -> str | None:
        """The path of the archive's user dictionary (in the state folder), None without
        one."""
        return str(self.folder / USERDICT_NAME) if self.meta().get("userdict") else None

    def prepare(self, userdict: str | None, synonyms: str | None) -> bool:
        """Make the archive ready for writing: created with the mapping when it does not
        exist, its dictionary and synonyms replaced by the files given. Returns whether it
        existed. Raises ConfigError (a file unreadable, malformed synonyms)."""
        dict_text = None if userdict is None else read_text_file(userdict, "user dictionary")
        syn_text = None if synonyms is None else read_text_file(synonyms, "synonyms file")
        if syn_text is not None:
            parse_synonyms(syn_text, str(synonyms))  # refuse a malformed file first
        existed = self.exists()
        if not existed:
            meta = meta_of(syn_text, dict_text)
            try:
                self.cluster.call(self.cluster.client.indices.create, index=self.index,
                                  body=index_body(self.shards, self.replicas, meta),
                                  wait_for_active_shards="1", doing="writing")
            except IndexWriteError:
                if not self.exists():
                    raise
                existed = True  # another writer created it just now
        elif dict_text is not None or syn_text is not None:
            meta = dict(self.meta())
            if dict_text is not None:
                meta["userdict"] = dict_text
            if syn_text is not None:
                meta["synonyms"] = syn_text
            self.cluster.call(self.cluster.client.indices.put_mapping, index=self.index,
                              body={"_meta": {"baoku": meta}}, doing="writing")
        self.forget()
        self.meta()
        return existed

    def forget(self) -> None:
        """Read the configuration again on next use."""
        with self._lock:
            self._meta = None
            self._synonyms = None

    def refresh(self) -> None:
        self.cluster.call(self.cluster.client.indices.refresh, index=self.index,
                          doing="writing")
