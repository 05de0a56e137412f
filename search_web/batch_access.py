"""Who may see a web batch job: the browser that started it, whoever holds its link, and
the admin. A query list can reveal an investigation, so nobody else learns that it exists.

The browser that starts a job gets a random token in the cookie ``baoku_batch`` (HttpOnly,
SameSite=Lax, so another site's form cannot act with it); the job records a hash of it as
its ``owner``. Each job also has a secret ``key``; its link (``/batch/<id>?key=…``) opens it
in any browser, to share it deliberately. The admin (the ``admin_token`` setting, sent in an
``Authorization: Bearer …`` or ``X-Baoku-Admin-Token`` header) sees every job. Owners and
the admin may cancel and delete a job; the link only shows it and its files. Anyone else
gets 404, as for a job that does not exist.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask import Response, g, request

from . import login_limit
from .archive import setting
from .security import header_token, same_secret

COOKIE = "baoku_batch"
COOKIE_DAYS = 365


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def browser_owner() -> str:
    """The owner hash of this browser, giving it a token (set on the response by
    ``keep_cookie``) if it has none yet."""
    token = request.cookies.get(COOKIE) or g.get("batch_new_token")
    if not token:
        token = g.batch_new_token = secrets.token_urlsafe(24)
    return _hash(token)


def is_admin() -> bool:
    """Whether the request carries the configured admin token; a wrong one counts as a
    failed login of its address (``login_limit``), so that these pages are no way round the
    limit."""
    token = setting("admin_token")
    sent = header_token()
    return bool(token) and sent is not None and login_limit.token_attempt(sent, token)


def owns(job: dict[str, Any]) -> bool:
    """Whether this request may cancel and delete ``job``: its browser, or the admin."""
    token = request.cookies.get(COOKIE)
    return is_admin() or (token is not None and bool(job.get("owner"))
                          and same_secret(_hash(token), job["owner"]))


def may_see(job: dict[str, Any]) -> bool:
    """Whether this request may see ``job`` and its files: an owner, or its link's key."""
    key = request.args.get("key", "")
    return owns(job) or (bool(key) and same_secret(key, job.get("key") or ""))


def keep_cookie(response: Response) -> Response:
    """Set the token ``browser_owner`` gave this browser."""
    token = g.get("batch_new_token")
    if token:
        response.set_cookie(COOKIE, token, max_age=COOKIE_DAYS * 86400, httponly=True,
                            samesite="Lax", secure=request.is_secure)
    return response
