"""The pages the server keeps to answer the same address again: search, article, issue and
home pages, rendered once per committed generation of the archive, whichever of the
server's processes asks.

A newsroom asks for the same pages over and over (the day's story, its articles, today's
issue), and a search page costs tens of milliseconds of one core where sending kept bytes
costs well under one. A page is kept under its full address (scheme, host, path and
query) and the archive's generation (``SearchBackend.generation``): the first request after
an editor's commit finds no page of the old generation, so a kept page never shows what the
archive no longer holds. Kept: answers 200 to a GET that set no cookie. Not kept: anything
of a backend that cannot tell its generation (OpenSearch), and pages whose content depends
on who asks (saved searches, batch jobs, admin), which do not use ``kept_page``.

The pages are kept on disk beside the archive's state folder (``var/index.pages/``, a
``diskcache`` folder: SQLite, safe across processes and threads), so the N processes of
``baoku serve --workers N`` render a page once between them, not N times. The folder holds
at most ``page_cache_mb`` MB (0 keeps nothing); the pages stored first go first. Every
start of the server keeps its pages apart from those of an earlier run (``SERVER_START``
in their keys), which may have rendered them with other templates or settings; these go
first. Where the folder cannot be written (a read-only deployment), each process keeps its
pages in a temporary folder of its own, and says so in the log. A kept search page says
how long this answer took, not the first one (``retimed``); a response says
``X-Baoku-Page: kept`` or ``rendered``.
"""
from __future__ import annotations

import logging
import re
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import diskcache
from flask import Flask, Response, current_app, make_response, request

from indexer.errors import BaokuError

from .archive import handle

HEADER = "X-Baoku-Page"
EXTENSION = "baoku_pages"
# The app setting (not a Baoku setting) that ``baoku serve`` gives every worker of one start.
SERVER_START = "BAOKU_SERVER_START"
SUFFIX = ".pages"
# The search page's "took" line (search.html), rewritten in a kept page.
_TOOK = re.compile("<span class=\"took\">，用时 \\d+ 毫秒</span>".encode())
_FAILURES = (sqlite3.Error, OSError, diskcache.Timeout)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    mimetype: str

    def packed(self) -> bytes:
        return self.mimetype.encode() + b"\n" + self.body

    @classmethod
    def unpacked(cls, data: bytes) -> KeptPage:
        mimetype, _, body = data.partition(b"\n")
        return cls(body, mimetype.decode())


class PageStore:
    """Pages by key in the folder ``folder`` (None: a temporary folder of this process),
    holding at most ``capacity`` bytes, the first stored dropped first. Safe across
    processes and threads. A store that fails (disk full, locked for long) answers as if it
    kept nothing, and says so in the log once."""

    def __init__(self, folder: Path | None, capacity: int) -> None:
        self.capacity = capacity
        self._temporary = None
        if folder is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="baoku-pages-")
            folder = Path(self._temporary.name)
        self.folder = folder
        # A page is one row (never a file of its own); a page stored past the capacity
        # drops the oldest (diskcache would drop ten); a write waits at most a second for
        # another process's.
        self._cache = diskcache.Cache(str(folder), size_limit=capacity, timeout=1,
                                      disk_min_file_size=1 << 30, cull_limit=1)
        self._failed = False

    def get(self, key: str) -> KeptPage | None:
        try:
            data = self._cache.get(key)
        except _FAILURES as exc:
            self._said(exc)
            return None
        return None if data is None else KeptPage.unpacked(data)

    def put(self, key: str, page: KeptPage) -> None:
        data = page.packed()
        if len(data) > self.capacity:
            return
        try:
            self._cache.set(key, data)
        except _FAILURES as exc:
            self._said(exc)

    def _said(self, exc: BaseException) -> None:
        if not self._failed:
            self._failed = True
            log.warning("kept pages in %s cannot be used (%s): pages are rendered anew",
                        self.folder, exc)

    def volume(self) -> int:
        """Bytes the store takes on disk."""
        return self._cache.volume()

    def __len__(self) -> int:
        return len(self._cache)


def open_store(folder: Path, capacity: int) -> PageStore:
    """The store in ``folder``; where it cannot be used, one in a temporary folder of this
    process (said in the log)."""
    try:
        return PageStore(folder, capacity)
    except _FAILURES as exc:
        log.warning("pages are kept by this process only: %s cannot be used (%s)", folder,
                    exc)
        return PageStore(None, capacity)


@dataclass
class _Pages:
    """The app's kept pages: its store, opened on first use, and its server start."""

    capacity: int
    start: str
    store: PageStore | None = None


_OPENING = threading.Lock()


def register(app: Flask) -> None:
    """Give ``app`` its kept pages (none when ``page_cache_mb`` is 0). An app that
    ``baoku serve`` did not start (``SERVER_START``) keeps its pages apart."""
    megabytes = app.config["BAOKU"]["page_cache_mb"]
    start = app.config.get(SERVER_START) or uuid.uuid4().hex
    app.extensions[EXTENSION] = _Pages(megabytes * 1024 * 1024, start) if megabytes > 0 \
        else None


def page_store() -> PageStore:
    """The store of an app that keeps pages, opened on first use beside the archive's state
    folder."""
    pages: _Pages = current_app.extensions[EXTENSION]
    if pages.store is not None:  # opened: no lock to take
        return pages.store
    with _OPENING:
        if pages.store is None:
            pages.store = open_store(handle().backend.beside_state_folder(SUFFIX),
                                     pages.capacity)
        return pages.store


def retimed(body: bytes, ms: float) -> bytes:
    """``body`` with the search page's "took" line saying ``ms``."""
    return _TOOK.sub(f"<span class=\"took\">，用时 {ms:.0f} 毫秒</span>".encode(), body,
                     count=1)


def _key() -> str | None:
    """This request's key, or None when its page must not be kept (an archive that cannot
    be opened now is left to the view: some answers, a redirect, need none)."""
    pages: _Pages | None = current_app.extensions.get(EXTENSION)
    if pages is None or request.method != "GET":
        return None
    try:
        generation = handle().backend.generation()
    except BaokuError:
        return None
    return None if generation is None else f"{pages.start} {generation!r} {request.url}"


def kept_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Decorate a page view whose answer depends on its address and the archive only."""

    @wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Response:
        started = time.perf_counter()
        key = _key()
        if key is None:
            return make_response(view(*args, **kwargs))
        store = page_store()
        page = store.get(key)
        if page is not None:
            body = retimed(page.body, (time.perf_counter() - started) * 1000)
            response = Response(body, mimetype=page.mimetype)
            response.headers[HEADER] = "kept"
            return response
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and "Set-Cookie" not in response.headers \
                and not response.is_streamed:
            store.put(key, KeptPage(response.get_data(), response.mimetype))
        response.headers[HEADER] = "rendered"
        return response

    return answer

