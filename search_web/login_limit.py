"""Failed admin logins, counted per client address: after ``login_attempts`` wrong tokens
(in the login form or a header) within ``login_window`` seconds, an address may present no
token until the oldest of those failures leaves the window; meanwhile it is answered 429.

The counts live in this server process's memory (``limits``' moving window): each process
counts on its own, and a restart forgets them. Behind a reverse proxy every client has the
proxy's address, so they share one count.
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app, g, request
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from indexer.errors import ConfigError

from .security import same_secret

EXTENSION = "baoku_login_limit"


class LoginLimit:
    """The failed logins of each client address over a moving window."""

    def __init__(self, attempts: int, window: int) -> None:
        """Raises ConfigError unless both are at least 1."""
        if attempts < 1 or window < 1:
            raise ConfigError("BAOKU_LOGIN_ATTEMPTS and BAOKU_LOGIN_WINDOW must be at least "
                              f"1, not {attempts} and {window}")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._item = RateLimitItemPerSecond(attempts, window)

    def retry_after(self, address: str) -> int:
        """Seconds before ``address`` may try a token again; 0 while it may."""
        if self._limiter.test(self._item, address):
            return 0
        reset = self._limiter.get_window_stats(self._item, address).reset_time
        return max(1, math.ceil(reset - time.time()))

    def failed(self, address: str) -> None:
        self._limiter.hit(self._item, address)

    def succeeded(self, address: str) -> None:
        """A right token forgets the address's failures."""
        self._limiter.clear(self._item, address)


def too_many_message(seconds: int) -> str:
    """What a refused address is told: when to try again, in minutes (seconds below one)."""
    wait = f"{math.ceil(seconds / 60)} 分钟" if seconds >= 60 else f"{seconds} 秒"
    return f"登录失败次数过多：请在 {wait}后再试。"


def install(app: Flask) -> None:
    """Give ``app`` its count, from its settings. Raises ConfigError."""
    settings = app.config["BAOKU"]
    app.extensions[EXTENSION] = LoginLimit(settings["login_attempts"],
                                           settings["login_window"])


def login_limit() -> LoginLimit:
    return current_app.extensions[EXTENSION]


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
