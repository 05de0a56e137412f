"""Failed admin logins, counted per client address: after ``login_attempts`` wrong tokens
(in the login form or a header) within ``login_window`` seconds, an address may present no
token until the oldest of those failures leaves the window; meanwhile it is answered 429.

The failures are kept in a SQLite file beside the archive's state folder
(``var/index.admin-logins.sqlite3``), so every process of ``baoku serve --workers N`` counts
the same failures (N processes must not give a guesser N times the tries) and a restart
forgets none. Where that file cannot be written (a read-only deployment), each process
counts in its own memory, and says so in the log. Behind a reverse proxy every client has
the proxy's address, so they share one count.
"""
from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from pathlib import Path

from flask import Flask, current_app, g, request

from indexer.errors import ConfigError

from .archive import handle
from .security import same_secret

EXTENSION = "baoku_login_limit"
SUFFIX = ".admin-logins.sqlite3"
BUSY_WAIT = 5.0  # seconds a process waits for another's write
_SCHEMA = "CREATE TABLE IF NOT EXISTS failure (address TEXT NOT NULL, at REAL NOT NULL)"
log = logging.getLogger(__name__)


def check_limits(attempts: int, window: int) -> None:
    """Raises ConfigError unless both are at least 1."""
    if attempts < 1 or window < 1:
        raise ConfigError("BAOKU_LOGIN_ATTEMPTS and BAOKU_LOGIN_WINDOW must be at least "
                          f"1, not {attempts} and {window}")


class LoginLimit:
    """The failed logins of each client address over a moving window, in the SQLite file
    ``path`` (None: this process's memory)."""

    def __init__(self, attempts: int, window: int, path: Path | None) -> None:
        check_limits(attempts, window)
        self.attempts, self.window = attempts, window
        self._lock = threading.Lock()
        self._db = _in_memory()
        self._where = path
        if path is not None:
            try:
                db = sqlite3.connect(path, timeout=BUSY_WAIT, check_same_thread=False,
                                     isolation_level=None)
                db.execute(_SCHEMA)
                self._db = db
            except sqlite3.Error as exc:
                _counted_here(path, exc)

    def _run(self, statement: str, *values: object) -> list[tuple]:
        """The rows of ``statement``; a file that fails (locked for ``BUSY_WAIT``, disk
        full) is left for this process's memory from then on."""
        with self._lock:
            try:
                return self._db.execute(statement, values).fetchall()
            except sqlite3.Error as exc:
                _counted_here(self._where, exc)
                self._db = _in_memory()
                return self._db.execute(statement, values).fetchall()

    def retry_after(self, address: str) -> int:
        """Seconds before ``address`` may try a token again; 0 while it may."""
        now = time.time()
        rows = self._run("SELECT at FROM failure WHERE address = ? AND at > ? "
                         "ORDER BY at DESC LIMIT ?", address, now - self.window, self.attempts)
        if len(rows) < self.attempts:
            return 0
        return max(1, math.ceil(rows[-1][0] + self.window - now))

    def failed(self, address: str) -> None:
        now = time.time()
        self._run("DELETE FROM failure WHERE at <= ?", now - self.window)
        self._run("INSERT INTO failure VALUES (?, ?)", address, now)

    def succeeded(self, address: str) -> None:
        """A right token forgets the address's failures."""
        self._run("DELETE FROM failure WHERE address = ?", address)


def _in_memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    db.execute(_SCHEMA)
    return db


def _counted_here(where: object, exc: sqlite3.Error) -> None:
    log.warning("failed admin logins are counted in this process only: %s cannot be used "
                "(%s)", where, exc)


def too_many_message(seconds: int) -> str:
    """What a refused address is told: when to try again, in minutes (seconds below one)."""
    wait = f"{math.ceil(seconds / 60)} 分钟" if seconds >= 60 else f"{seconds} 秒"
    return f"登录失败次数过多：请在 {wait}后再试。"


def install(app: Flask) -> None:
    """Give ``app`` its count, from its settings. Raises ConfigError."""
    settings = app.config["BAOKU"]
    limits = (settings["login_attempts"], settings["login_window"])
    check_limits(*limits)
    app.extensions[EXTENSION] = limits


_OPENING = threading.Lock()


def login_limit() -> LoginLimit:
    """The app's count, opened on first use (beside the archive's state folder)."""
    with _OPENING:
        found = current_app.extensions[EXTENSION]
        if isinstance(found, tuple):
            found = LoginLimit(*found, handle().backend.beside_state_folder(SUFFIX))
            current_app.extensions[EXTENSION] = found
        return found


def client_address() -> str:
    """The address failed logins are counted against."""
    return request.remote_addr or "unknown"


def token_attempt(given: str, token: str) -> bool:
    """Whether ``given`` is the admin token; a wrong one counts against the client's
    address, and an address past its limit is never recognised (whatever it sends) until
    its window ends. Counted once per request, however often the request asks."""
    if "token_attempt" not in g:
        address = client_address()
        limit = login_limit()
        if limit.retry_after(address):
            g.token_attempt = False
        else:
            right = same_secret(given, token)
            (limit.succeeded if right else limit.failed)(address)
            g.token_attempt = right
    return g.token_attempt
