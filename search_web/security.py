"""What keeps the pages safe: response headers — a strict Content-Security-Policy (only the
app's own files; no inline script or style; nothing from elsewhere) and friends — and the
origin check of every request that changes something.

A POST, PUT, PATCH or DELETE (the admin pages, batch jobs, the API) that names where it
comes from — ``Origin``, or lacking it ``Referer`` — must come from this site: the scheme
and host the request was sent to, or the ``public_url`` setting. Otherwise it is refused
with 403. A request naming neither (curl, scripts) passes this check; the admin pages still
ask such a request for the admin token.
"""
from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def same_secret(given: str, expected: str) -> bool:
    """Whether two secrets are equal, in constant time, whatever characters they hold (a
    token outside ASCII is compared as UTF-8, never a server error)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


def header_token() -> str | None:
    """The admin token a script sent: ``Authorization: Bearer …`` or ``X-Baoku-Admin-Token``."""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[len("Bearer "):].strip()
    return request.headers.get("X-Baoku-Admin-Token")


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """The origin of an address as (scheme, host, port), default ports filled in; None for
    one without a scheme and host (such as the ``null`` origin of a sandboxed page)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not scheme or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS.get(scheme, 0)


def site_origins() -> set[tuple[str, str, int]]:
    """The origins this site answers as: the one the request was sent to, and the
    ``public_url`` setting's (a site behind a proxy)."""
    public = current_app.config["BAOKU"].get("public_url")
    named = (origin_of(request.host_url), origin_of(public) if public else None)
    return {origin for origin in named if origin is not None}


def check_origin() -> None:
    """403 for a state-changing request whose ``Origin`` (or, lacking it, ``Referer``) is not
    this site's; requests naming neither pass."""
    if request.method not in UNSAFE_METHODS:
        return
    named = request.headers.get("Origin") or request.headers.get("Referer")
    if named and origin_of(named) not in site_origins():
        shown = named if len(named) <= 100 else named[:100] + "…"
        abort(403, f"已拒绝来自其他网站的请求（来源：{shown}）：修改数据的请求只接受本站页面"
                   "提交的表单，或不带 Origin 和 Referer 的脚本请求。")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    app.before_request(check_origin)
    app.after_request(add_headers)
