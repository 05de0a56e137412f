"""The editors' admin pages: 403 without the token, CSRF-protected forms, a size cap, and an
uploaded issue indexed and searchable in the running app at once."""
from __future__ import annotations

import io
import os
import re
import socket
import zipfile
from pathlib import Path

import pytest

from indexer.engine.locking import WriteLock, read_holder
from search_web import admin, create_app

TOKEN = "editor-token-2019"


def issue_zip(folder: Path, extra: list[tuple[str, bytes]] = ()) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"{folder.name}/{path.name}")
        for name, data in extra:
            z.writestr(name, data)
    buf.seek(0)
    return buf


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}


def total(client, q: str = "") -> int:
    return client.get("/api/search", query_string={"q": q}).get_json()["total"]


@pytest.fixture()
def app(tmp_path):
    return create_app({"index": str(tmp_path / "index"), "admin_token": TOKEN,
                       "upload_cap_mb": 1, "TESTING": True})


@pytest.fixture()
def editor(app):
    """A client logged in through the form; ``client.csrf`` is its forms' token."""
    client = app.test_client()
    token = csrf(client.get("/admin").text)
    response = client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (303, "/admin")
    client.csrf = csrf(client.get("/admin").text)
    return client


ROUTES = [("get", "/admin"), ("post", "/admin/login"), ("post", "/admin/upload"),
          ("post", "/admin/logout")]


@pytest.mark.parametrize("method, path", ROUTES)
def test_without_a_configured_token_every_admin_route_is_403(tmp_path, monkeypatch, method,
                                                            path) -> None:
    monkeypatch.delenv("BAOKU_ADMIN_TOKEN", raising=False)
    client = create_app({"index": str(tmp_path / "index"), "TESTING": True}).test_client()
    response = getattr(client, method)(path, headers={"Authorization": "Bearer "},
                                       data={"token": ""})
    assert response.status_code == 403
    assert "管理页面未启用：请在配置中设置 BAOKU_ADMIN_TOKEN。" in response.text


@pytest.mark.parametrize("method, path", ROUTES)
def test_a_wrong_token_is_403_everywhere(app, method, path) -> None:
    response = getattr(app.test_client(), method)(
        path, headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 403


def test_the_login_form(app, tmp_path) -> None:
    client = app.test_client()
    page = client.get("/admin")
    assert page.status_code == 403
    assert '<form method="post" action="/admin/login">' in page.text
    wrong = client.post("/admin/login", data={"token": "guess", "csrf_token": csrf(page.text)})
    assert (wrong.status_code, "口令不对，请重新输入。" in wrong.text) == (403, True)
    forged = client.post("/admin/login", data={"token": TOKEN})
    assert forged.status_code == 403
    assert "CSRF 校验未通过" in forged.text
    assert client.get_cookie("baoku_admin", path="/admin") is None


def test_uploading_an_issue_indexes_it_for_the_running_app(editor, epaper, tmp_path) -> None:
    assert editor.get("/admin").text.count("索引尚未建立") == 1
    sent = editor.post("/admin/upload", data={"csrf_token": editor.csrf,
                                              "issue": (issue_zip(epaper / "20191005"),
                                                        "20191005.zip")})
    assert sent.status_code == 200
    assert counts(sent.text) == {"added": 37, "replaced": 0, "unchanged": 0, "removed": 0,
                                 "failed": 0}
    assert total(editor) == 37
    assert re.search(r'id="index-info">([^<]*)<', editor.get("/admin").text).group(1) == (
        "索引现有 37 篇文章，最新一期 2019-10-05。")
    again = editor.post("/admin/upload", data={"csrf_token": editor.csrf,
                                               "issue": (issue_zip(epaper / "20191005"),
                                                         "20191005.zip")})
    assert counts(again.text) == {"added": 0, "replaced": 0, "unchanged": 37, "removed": 0,
                                  "failed": 0}
    # By a script: the token in a header, no CSRF token needed.
    scripted = editor.application.test_client().post(
        "/admin/upload", headers={"Authorization": f"Bearer {TOKEN}"},
        data={"issue": (issue_zip(epaper / "20191007"), "20191007.zip")})
    assert counts(scripted.text)["added"] == 31
    assert total(editor) == 68


def test_an_upload_without_the_csrf_token_is_refused(editor, epaper) -> None:
    response = editor.post("/admin/upload", data={
        "issue": (issue_zip(epaper / "20191005"), "20191005.zip")})
    assert response.status_code == 403
    assert "CSRF 校验未通过" in response.text


def test_an_upload_without_login_is_refused(app, epaper, tmp_path) -> None:
    response = app.test_client().post("/admin/upload", data={
        "issue": (issue_zip(epaper / "20191005"), "20191005.zip")})
    assert response.status_code == 403
    assert not (tmp_path / "index").exists()


def test_a_zip_with_a_parent_entry_is_refused(editor, epaper, tmp_path) -> None:
    evil = issue_zip(epaper / "20191005", extra=[("../../x", b"owned")])
    response = editor.post("/admin/upload", data={"csrf_token": editor.csrf,
                                                  "issue": (evil, "evil.zip")})
    assert response.status_code == 400
    assert re.search(r'id="upload-error">([^<]*)<', response.text).group(1) == (
        "zip 包里的“../../x”指向整期文件夹以外：没有解压，也没有索引任何内容。")
    assert sorted(p.name for p in tmp_path.rglob("x")) == []
    assert list((tmp_path / "index" / "uploads").iterdir()) == []
    assert not (tmp_path / "index" / "baoku.json").exists()


def test_an_upload_over_the_cap_is_413(editor) -> None:
    response = editor.post("/admin/upload", data={
        "csrf_token": editor.csrf, "issue": (io.BytesIO(b"x" * (2**20 + 1)), "big.zip")})
    assert response.status_code == 413
    assert "上传的内容太大" in response.text


def test_logging_out(editor) -> None:
    response = editor.post("/admin/logout", data={"csrf_token": editor.csrf})
    assert response.status_code == 303
    assert editor.get("/admin").status_code == 403


def test_an_upload_while_another_writer_holds_the_index_is_503(editor, epaper, tmp_path,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(admin, "LOCK_WAIT", 0.2)
    with WriteLock(tmp_path / "index", command="baoku index elsewhere") as lock:
        lock.acquire(0)
        since = read_holder(tmp_path / "index").since
        response = editor.post("/admin/upload", data={
            "csrf_token": editor.csrf, "issue": (issue_zip(epaper / "20191005"),
                                                 "20191005.zip")})
    assert response.status_code == 503
    assert re.search(r'class="message"[^>]*>([^<]*)<', response.text).group(1) == (
        f"索引 {tmp_path / 'index'} 正在被另一个程序写入（pid {os.getpid()} on "
        f"{socket.gethostname()} (&#39;baoku index elsewhere&#39;, since {since})）；已等待 "
        "0.2 秒。请等它写完后再试")
    assert list((tmp_path / "index" / "uploads").iterdir()) == []
