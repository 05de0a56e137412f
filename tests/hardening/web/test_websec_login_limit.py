"""Failed logins are limited per client address: past ``login_attempts`` wrong tokens in
the window, the address gets 429 and the login page says when to try again, even for the
right token; other addresses are not affected, and the limit ends with the window."""
from __future__ import annotations

import time

import pytest
from websec_helpers import TOKEN, csrf, message

from indexer.errors import ConfigError
from search_web import create_app


def limited_app(tmp_path, window: int):
    return create_app({"index": str(tmp_path / "index"), "admin_token": TOKEN,
                       "login_attempts": 3, "login_window": window, "TESTING": True})


def log_in(client, token: str):
    return client.post("/admin/login", data={"token": token,
                                             "csrf_token": csrf(client.get("/admin").text)})


def test_a_fourth_try_in_the_window_is_429(tmp_path) -> None:
    app = limited_app(tmp_path, 600)
    client = app.test_client()
    for _ in range(3):
        wrong = log_in(client, "guess")
        assert (wrong.status_code, message(wrong.text)) == (403, "口令不对，请重新输入。")
    refused = log_in(client, TOKEN)
    assert (refused.status_code, message(refused.text)) == (
        429, "登录失败次数过多：请在 10 分钟后再试。")
    assert 590 <= int(refused.headers["Retry-After"]) <= 600
    assert client.get_cookie("baoku_admin", path="/admin") is None
    # A script with the right token in a header, from the same address: refused too.
    scripted = app.test_client().post("/admin/logout",
                                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert (scripted.status_code, message(scripted.text)) == (
        429, "登录失败次数过多：请在 10 分钟后再试。")
    # Another address may still log in.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert log_in(other, TOKEN).status_code == 303


def test_wrong_header_tokens_count_and_the_limit_ends_with_the_window(tmp_path) -> None:
    app = limited_app(tmp_path, 2)
    client = app.test_client()
    statuses = [client.post("/admin/logout", headers={"X-Baoku-Admin-Token": "guess"}
                            ).status_code for _ in range(4)]
    assert statuses == [403, 403, 403, 429]
    refused = log_in(client, TOKEN)
    assert (refused.status_code, message(refused.text)) == (
        429, f"登录失败次数过多：请在 {refused.headers['Retry-After']} 秒后再试。")
    time.sleep(2.1)
    assert log_in(client, TOKEN).status_code == 303


@pytest.mark.parametrize("attempts, window", [(0, 900), (5, 0)])
def test_a_limit_below_one_stops_the_app(tmp_path, attempts, window) -> None:
    with pytest.raises(ConfigError) as caught:
        create_app({"index": str(tmp_path / "index"), "login_attempts": attempts,
                    "login_window": window})
    assert str(caught.value) == ("BAOKU_LOGIN_ATTEMPTS and BAOKU_LOGIN_WINDOW must be at "
                                 f"least 1, not {attempts} and {window}")


def test_without_a_writable_count_file_the_process_still_counts(tmp_path, caplog) -> None:
    (tmp_path / "index.admin-logins.sqlite3").mkdir()  # where the file would go: unusable
    app = limited_app(tmp_path, 600)
    client = app.test_client()
    assert [log_in(client, "guess").status_code for _ in range(3)] == [403, 403, 403]
    assert log_in(client, TOKEN).status_code == 429
    assert "failed admin logins are counted in this process only" in caplog.text


def test_the_count_is_kept_over_a_restart(tmp_path) -> None:
    for _ in range(3):
        assert log_in(limited_app(tmp_path, 600).test_client(), "guess").status_code == 403
    restarted = limited_app(tmp_path, 600)  # a new app, as after a restart
    assert log_in(restarted.test_client(), TOKEN).status_code == 429
    assert (tmp_path / "index.admin-logins.sqlite3").is_file()
