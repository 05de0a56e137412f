"""The open index, kept on the app (``app.extensions["baoku"]``), never in a module global.

The index is opened on first use (so the app starts, and says so clearly, before an index
exists) and then kept; each search takes the thread's refreshed searcher
(``ArchiveIndex.reading``), so a newly committed index is seen without a restart.
"""
from __future__ import annotations

import os
from threading import Lock

from flask import current_app

from indexer.backend import WhooshBackend
from indexer.store import ArchiveIndex, open_index
from indexer.warm import WarmUp, warm_up


class IndexHandle:
    """The index folder of the app, opened once when first needed."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self._backend: WhooshBackend | None = None
        self._lock = Lock()

    @property
    def backend(self) -> WhooshBackend:
        """The search backend over the index. Raises IndexNotFound, IndexVersionError."""
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    self._backend = WhooshBackend(open_index(self.path))
        return self._backend

    def warm_up(self) -> WarmUp:
        """Open the index and load what every search needs (``indexer.warm``: columns,
        field lengths, the postings of the most frequent words), so that the first users'
        searches are as fast as the later ones. Raises IndexNotFound, IndexVersionError."""
        return warm_up(self.backend.index)

    @property
    def index(self) -> ArchiveIndex:
        """The open index (for browsing and similar articles). Raises IndexNotFound,
        IndexVersionError."""
        return self.backend.index


def handle() -> IndexHandle:
    """The current app's index handle."""
    return current_app.extensions["baoku"]


def setting(name: str):
    """One of the current app's Baoku settings (``indexer.settings``)."""
    return current_app.config["BAOKU"][name]


def search_sizes() -> dict[str, int]:
    """The settings a search request takes from the app's configuration."""
    return {name: setting(name) for name in ("page_size", "facet_size", "snippet_chars")}
