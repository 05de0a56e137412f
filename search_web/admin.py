"""The editors' admin pages at ``/admin``: log in with the admin token, upload an issue (a
zip of the issue folder), see what indexing it changed.

Access: without a configured token (setting ``admin_token``, ``BAOKU_ADMIN_TOKEN``) every
admin route answers 403. With one, a request is an editor's when it carries the token in an
``Authorization: Bearer …`` or ``X-Baoku-Admin-Token`` header (scripts), or the login cookie
the login form sets (browsers). Anything else gets 403 — the page at ``/admin`` then shows
the login form.

Cookies and CSRF, signed with the admin token itself (so changing the token logs everyone
out, and no other secret is needed): a random browser nonce (``baoku_admin_nonce``), a login
cookie binding that nonce, and in every form a CSRF token binding it too. A form posted
without the matching token — from another site — is refused with 403. Header requests need
no CSRF token: a browser cannot add such a header across sites. The server never adopts a
nonce the browser brought: the login page always issues a fresh one, and logging in starts
another, so a nonce planted by someone else (and the form tokens made for it) is worthless.

Wrong tokens, in the login form or a header, are counted per client address
(``login_limit``): past ``login_attempts`` within ``login_window`` seconds the address is
answered 429 with the login page saying when to try again.

Uploads: at most ``upload_cap_mb`` MB (413 beyond), stored and indexed by
``indexer.editing.upload`` (unpacked to at most ``upload_unpack_cap_mb`` MB, no entry
leaving the folder, into ``uploads/`` beside the archive), in one commit; a running server
sees the new issue at its next search. The result page lists the articles by page (版); a
zip refused is 400, a full disk 507, an upload without any readable article 422, each with
a Chinese message and nothing kept (``upload_page``).
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from indexer.editing.upload import index_upload
from indexer.errors import BaokuError, IndexWriteError, UploadRefused

from . import login_limit
from .archive import handle, setting
from .errors import handle_http_error
from .security import header_token, same_secret
from .upload_page import by_page, refusal, write_failure

bp = Blueprint("admin", __name__, url_prefix="/admin")

NONCE_COOKIE = "baoku_admin_nonce"
LOGIN_COOKIE = "baoku_admin"
SESSION_SECONDS = 12 * 3600
LOCK_WAIT = 10.0  # seconds an upload waits for another writer before answering 503
FORM_CAP = 64 * 1024  # bytes of any other admin form


def _signer(token: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(token, salt=f"baoku-admin-{purpose}")


def _valid(token: str, purpose: str, signed: str | None, nonce: str | None) -> bool:
    if not signed or not nonce:
        return False
    try:
        value = _signer(token, purpose).loads(signed, max_age=SESSION_SECONDS)
    except BadSignature:
        return False
    return isinstance(value, str) and same_secret(value, nonce)


def _new_nonce() -> str:
    return secrets.token_urlsafe(24)


@bp.record_once
def _setup(state) -> None:
    login_limit.install(state.app)


@bp.before_request
def guard() -> tuple[str, int, dict[str, str]] | None:
    """403 without a configured token; 429 for an address that failed too many logins;
    decide who the request is; cap upload sizes."""
    token = setting("admin_token")
    if not token:
        abort(403, "管理页面未启用：请在配置中设置 BAOKU_ADMIN_TOKEN。")
    g.admin_token = token
    # Set before anything reads the body: Werkzeug answers 413 beyond it.
    request.max_content_length = (setting("upload_cap_mb") * 2**20
                                  if request.endpoint == "admin.upload" else FORM_CAP)
    header = header_token()
    brought = request.cookies.get(NONCE_COOKIE)
    by_cookie = _valid(token, "login", request.cookies.get(LOGIN_COOKIE), brought)
    # A nonce the browser brought is kept only when a login cookie vouches for it; anyone
    # else gets a fresh one, so no page hands out a form token for a nonce someone planted.
    g.nonce = brought if by_cookie and brought else _new_nonce()
    if header is not None or request.endpoint == "admin.login":
        wait = login_limit.login_limit().retry_after(login_limit.client_address())
        if wait:
            page, status = _page("admin_login.html", 429,
                                 limited=login_limit.too_many_message(wait))
            return page, status, {"Retry-After": str(wait)}
    g.by_header = header is not None and login_limit.token_attempt(header, token)
    g.editor = g.by_header or by_cookie
    if not g.editor and request.endpoint not in ("admin.home", "admin.login"):
        abort(403, "请先用管理口令登录。")
    if request.method == "POST" and not g.by_header:
        if not _valid(token, "csrf", request.form.get("csrf_token"),
                      request.cookies.get(NONCE_COOKIE)):
            abort(403, "表单已过期或来自别的网站（CSRF 校验未通过）：请重新打开管理页面。")
    return None


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    """413 in Chinese, with the cap that was passed."""
    what = (f"上传的文件超过了 {setting('upload_cap_mb')} MB 的上限：请分开上传，或请管理员调高 "
            "BAOKU_UPLOAD_CAP_MB。" if request.endpoint == "admin.upload"
            else f"提交的表单超过了 {FORM_CAP // 1024} KB 的上限。")
    return handle_http_error(RequestEntityTooLarge(description=what))


@bp.after_request
def keep_nonce(response: Response) -> Response:
    nonce = g.get("nonce")
    if nonce and request.cookies.get(NONCE_COOKIE) != nonce:
        response.set_cookie(NONCE_COOKIE, nonce, httponly=True, samesite="Strict",
                            secure=request.is_secure, path=bp.url_prefix)
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(template: str, status: int = 200, **data):
    csrf = _signer(g.admin_token, "csrf").dumps(g.nonce)
    return render_template(template, csrf_token=csrf, cap_mb=setting("upload_cap_mb"),
                           **data), status


@bp.get("")
def home():
    if not g.editor:
        return _page("admin_login.html", 403)
    return _page("admin.html", index_info=_index_info())


@bp.post("/login")
def login():
    if not login_limit.token_attempt(request.form.get("token", ""), g.admin_token):
        return _page("admin_login.html", 403, wrong=True)
    g.nonce = _new_nonce()  # never the nonce the browser came with
    response = redirect(url_for("admin.home"), 303)
    response.set_cookie(LOGIN_COOKIE, _signer(g.admin_token, "login").dumps(g.nonce),
                        max_age=SESSION_SECONDS, httponly=True, samesite="Strict",
                        secure=request.is_secure, path=bp.url_prefix)
    return response


@bp.post("/logout")
def logout():
    response = redirect(url_for("admin.home"), 303)
    response.delete_cookie(LOGIN_COOKIE, path=bp.url_prefix)
    return response


@bp.post("/upload")
def upload():
    sent = request.files.get("issue")
    if sent is None or not sent.filename:
        return _page("admin.html", 400, index_info=_index_info(),
                     error="请选择一个 zip 文件（整期报纸的文件夹打包）。")
    try:
        done = index_upload(handle().backend, sent.stream,
                            secure_filename(Path(sent.filename).stem) or "issue",
                            setting("upload_unpack_cap_mb") * 2**20, wait=LOCK_WAIT,
                            command=f"web upload {sent.filename}")
    except UploadRefused as exc:
        return _page("admin.html", 400, index_info=_index_info(), error=refusal(exc))
    except IndexWriteError as exc:
        message, status = write_failure(exc)
        return _page("admin.html", status, index_info=_index_info(), error=message)
    return _page("admin_result.html", 200 if done.ok else 422, done=done,
                 summary=done.summary, upload=sent.filename, pages=by_page(done.articles))


def _index_info() -> dict | None:
    """Articles and latest date of the index, or None before it exists."""
    try:
        stats = handle().backend.stats()
    except BaokuError:
        return None
    return {"articles": stats.articles, "last_date": stats.last_date}
