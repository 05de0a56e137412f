"""The app's archive, kept on the app (``app.extensions["baoku"]``), never in a module
global: its backend (``indexer.backend.SearchBackend``) is made on first use and kept; the
backend opens the archive when first asked (so the app starts, and says so clearly, before
an index exists) and sees an editor's commit without a restart.
"""
from __future__ import annotations

import os
from threading import Lock

from flask import current_app

from indexer.archive import open_archive
from indexer.backend import SearchBackend
from indexer.results import WarmUp


class IndexHandle:
    """The app's archive, opened once when first needed."""

    def __init__(self, address: str | os.PathLike[str]) -> None:
        self.address = str(address)
        self._backend: SearchBackend | None = None
        self._lock = Lock()

    @property
    def backend(self) -> SearchBackend:
        """The archive's backend. Raises ConfigError for an address Baoku does not serve."""
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    self._backend = open_archive(self.address)
        return self._backend

    def warm_up(self) -> WarmUp:
        """Open the archive and load what every search needs, so that the first users'
        searches are as fast as the later ones. Raises IndexNotFound, IndexVersionError."""
        return self.backend.warm_up()


def handle() -> IndexHandle:
    """The current app's index handle."""
    return current_app.extensions["baoku"]


def setting(name: str):
    """One of the current app's Baoku settings (``indexer.settings``)."""
    return current_app.config["BAOKU"][name]


def search_sizes() -> dict[str, int]:
    """The settings a search request takes from the app's configuration."""
    return {name: setting(name) for name in ("page_size", "facet_size", "snippet_chars")}
