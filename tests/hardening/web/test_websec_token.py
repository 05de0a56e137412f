"""A token with characters outside ASCII, in a header or in the login form, is refused like
any wrong token (not a server error)."""
from __future__ import annotations

import pytest
from websec_helpers import TOKEN, csrf, message

from search_web import create_app

WRONG = "编辑口令2019"


@pytest.mark.parametrize("header", ["Authorization", "X-Baoku-Admin-Token"])
def test_a_non_ascii_header_token_is_refused(admin_app, header) -> None:
    value = f"Bearer {WRONG}" if header == "Authorization" else WRONG
    response = admin_app.test_client().post("/admin/logout", headers={header: value})
    assert (response.status_code, message(response.text)) == (403, "请先用管理口令登录。")


def test_a_non_ascii_token_in_the_login_form_is_refused(admin_app) -> None:
    client = admin_app.test_client()
    token = csrf(client.get("/admin").text)
    response = client.post("/admin/login", data={"token": WRONG, "csrf_token": token})
    assert (response.status_code, message(response.text)) == (403, "口令不对，请重新输入。")
    assert client.get_cookie("baoku_admin", path="/admin") is None


def test_a_non_ascii_admin_token_works(tmp_path) -> None:
    app = create_app({"index": str(tmp_path / "index"), "admin_token": WRONG,
                      "TESTING": True})
    client = app.test_client()
    token = csrf(client.get("/admin").text)
    wrong = client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    assert (wrong.status_code, message(wrong.text)) == (403, "口令不对，请重新输入。")
    token = csrf(wrong.text)
    right = client.post("/admin/login", data={"token": WRONG, "csrf_token": token})
    assert (right.status_code, right.headers["Location"]) == (303, "/admin")
    assert client.get("/admin").status_code == 200

