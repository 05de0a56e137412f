"""The web app served by several processes behind one port: gunicorn's master process
holds the listening socket and keeps ``workers`` processes alive, each with ``threads``
threads (gunicorn's ``gthread`` worker).

Nothing is loaded before the fork: each worker builds its own app (``create_app``), opens
the archive read-only and warms it up before it takes its first request, so no thread and
no open searcher is shared across processes. ``on_ready`` is called (in the last worker to
be ready) once every worker of the start has warmed up. Every worker sees an editor's commit at its
next search (``search_web.archive``); the batch jobs of the site run in one worker at a
time (``search_web.batch_jobs`` locks the jobs folder).
"""
from __future__ import annotations

import multiprocessing
import socket
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from indexer.archive import open_archive

from . import create_app
from .page_cache import SERVER_START

# Seconds a worker is given to finish its requests after SIGTERM before it is killed.
GRACEFUL_SECONDS = 10
# Line format of --access-log: the answering worker's <pid>, client, request line, status,
# bytes, milliseconds.
ACCESS_LOG_FORMAT = '%(p)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def check_archive(address: str) -> None:
    """Open the archive once, in the master, so that a missing or unreadable one is said
    before any worker starts. Raises IndexNotFound, IndexVersionError, ConfigError."""
    open_archive(address).open()


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: any free port), made here rather than
    by gunicorn so that a port in use is one clear OSError, at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=2048)
    sock.set_inheritable(True)
    return sock


class WebServer(BaseApplication):
    """Gunicorn running the app over ``address`` on an open socket."""

    def __init__(self, address: str, sock: socket.socket, *, workers: int, threads: int,
                 access_log: bool = False,
                 on_ready: Callable[[], None] | None = None) -> None:
        self.address = address
        self.options: dict[str, Any] = {
            "bind": [f"fd://{sock.fileno()}"],
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # A worker takes no more connections than its threads can soon answer (gunicorn
            # takes up to 1,000): the rest wait in the socket's queue for whichever worker is
            # free, where one busy worker would otherwise hold them in its own. 2 workers, 50
            # clients, runs alternating (bench/load.py): 108-110 requests/s against 84-89, p99
            # 1.6-1.8 s against 2.0-2.1.
            "worker_connections": 2 * threads,
            "graceful_timeout": GRACEFUL_SECONDS,
            "loglevel": "warning",
            "accesslog": "-" if access_log else None,
            "access_log_format": ACCESS_LOG_FORMAT,
            "proc_name": "baoku-serve",
            "post_worker_init": self._worker_ready,
        }
        self.on_ready = on_ready
        self._ready = multiprocessing.Value("i", 0)  # workers warmed up, shared by all
        self._socket = sock  # kept open for the workers
        self._start = uuid.uuid4().hex  # the workers of this start share their kept pages
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        """The app of one worker, warmed up: called in each worker after the fork."""
        app = create_app({"index": self.address, SERVER_START: self._start})
        app.extensions["baoku"].warm_up()
        return app

    def _worker_ready(self, _worker: object) -> None:
        with self._ready.get_lock():
            self._ready.value += 1
            last = self._ready.value == self.cfg.workers
        if last and self.on_ready is not None:
            self.on_ready()
