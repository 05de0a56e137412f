"""The pages a server process keeps to answer the same address again: search, article,
issue and home pages, rendered once per committed generation of the archive.

A newsroom asks for the same pages over and over (the day's story, its articles, today's
issue), and a search page costs tens of milliseconds of one core where sending kept bytes
costs well under one. A page is kept under its full address (scheme, host, path and
query) and the archive's generation (``SearchBackend.generation``): the first request after
an editor's commit finds no page of the old generation, so a kept page never shows what the
archive no longer holds. Kept: answers 200 to a GET that set no cookie. Not kept: anything
of a backend that cannot tell its generation (OpenSearch), and pages whose content depends
on who asks (saved searches, batch jobs, admin), which do not use ``kept_page``.

The store is one least-recently-used dictionary per process, bounded by the bytes of the
pages it holds (the ``page_cache_mb`` setting; 0 keeps nothing). A kept search page says
how long this answer took, not the first one (``retimed``); a response says
``X-Baoku-Page: kept`` or ``rendered``.
"""
from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from threading import Lock
from typing import Any

from flask import Flask, Response, current_app, make_response, request

from indexer.errors import BaokuError

from .archive import handle

HEADER = "X-Baoku-Page"
EXTENSION = "baoku_pages"
# The search page's "took" line (search.html), rewritten in a kept page.
_TOOK = re.compile("<span class=\"took\">，用时 \\d+ 毫秒</span>".encode())


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    mimetype: str


class PageStore:
    """Pages by key, least recently used dropped first once their bytes pass ``capacity``;
    safe across threads."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.size = 0
        self._pages: OrderedDict[Hashable, KeptPage] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: KeptPage) -> None:
        if len(page.body) > self.capacity:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._pages[key] = page
            self.size += len(page.body)
            while self.size > self.capacity:
                _key, dropped = self._pages.popitem(last=False)
                self.size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._pages)


def register(app: Flask) -> None:
    """Give ``app`` its page store (none when ``page_cache_mb`` is 0)."""
    megabytes = app.config["BAOKU"]["page_cache_mb"]
    app.extensions[EXTENSION] = PageStore(megabytes * 1024 * 1024) if megabytes > 0 else None


def retimed(body: bytes, ms: float) -> bytes:
    """``body`` with the search page's "took" line saying ``ms``."""
    return _TOOK.sub(f"<span class=\"took\">，用时 {ms:.0f} 毫秒</span>".encode(), body,
                     count=1)


def _key() -> tuple[Hashable, str] | None:
    """This request's key, or None when its page must not be kept (an archive that cannot
    be opened now is left to the view: some answers, a redirect, need none)."""
    store = current_app.extensions.get(EXTENSION)
    if store is None or request.method != "GET":
        return None
    try:
        generation = handle().backend.generation()
    except BaokuError:
        return None
    return None if generation is None else (generation, request.url)


def kept_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Decorate a page view whose answer depends on its address and the archive only."""

    @wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Response:
        started = time.perf_counter()
        key = _key()
        store: PageStore | None = current_app.extensions.get(EXTENSION)
        if key is None or store is None:
            return make_response(view(*args, **kwargs))
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

