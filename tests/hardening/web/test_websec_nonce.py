"""The CSRF nonce cannot be fixed by the client: the login page never takes a nonce the
browser brought, and logging in starts a fresh one, so a form token learnt before the login
is worthless after it."""
from __future__ import annotations

from websec_helpers import TOKEN, csrf, message

NONCE = "baoku_admin_nonce"
CSRF_REFUSED = "表单已过期或来自别的网站（CSRF 校验未通过）：请重新打开管理页面。"


def nonce(client) -> str:
    return client.get_cookie(NONCE, path="/admin").value


def test_the_login_page_replaces_a_nonce_the_browser_brought(admin_app) -> None:
    client = admin_app.test_client()
    client.set_cookie(NONCE, "planted-by-another-site", path="/admin")
    token = csrf(client.get("/admin").text)
    assert nonce(client) != "planted-by-another-site"
    # The page's token does not belong to the planted nonce.
    client.set_cookie(NONCE, "planted-by-another-site", path="/admin")
    response = client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    assert (response.status_code, message(response.text)) == (403, CSRF_REFUSED)
    assert client.get_cookie("baoku_admin", path="/admin") is None


def test_logging_in_starts_a_fresh_nonce(admin_app) -> None:
    client = admin_app.test_client()
    before_token = csrf(client.get("/admin").text)
    before = nonce(client)
    response = client.post("/admin/login", data={"token": TOKEN, "csrf_token": before_token})
    assert (response.status_code, response.headers["Location"]) == (303, "/admin")
    assert nonce(client) != before
    # A token known before the login (to whoever planted the nonce) is refused after it.
    forged = client.post("/admin/logout", data={"csrf_token": before_token})
    assert (forged.status_code, message(forged.text)) == (403, CSRF_REFUSED)
    assert client.get("/admin").status_code == 200
    # The forms of the logged-in page work.
    out = client.post("/admin/logout", data={"csrf_token": csrf(client.get("/admin").text)})
    assert out.status_code == 303
    assert client.get("/admin").status_code == 403
