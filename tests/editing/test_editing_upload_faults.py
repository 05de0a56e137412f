"""Uploads that go wrong: a zip the file system cannot hold (a name both a file and a folder,
a name too long), a zip bomb under the default caps, a zip without any readable article, a
full disk. Each answers with a Chinese message and the right status, shows no path of the
server, keeps nothing of the upload and loses nothing already indexed."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from editing_helpers import fill, make_zip
from test_editing_admin import TOKEN, counts, csrf, issue_zip, total

from indexer.engine.check import check_index
from search_web import create_app

DATA = Path(__file__).resolve().parents[1] / "data"


def error_of(page: str) -> str:
    return re.search(r'id="upload-error">([^<]*)<', page).group(1)


def editor_of(index: Path):
    """A client of an app on ``index`` (default caps), logged in through the form."""
    app = create_app({"index": str(index), "admin_token": TOKEN, "TESTING": True})
    client = app.test_client()
    client.post("/admin/login", data={"token": TOKEN,
                                      "csrf_token": csrf(client.get("/admin").text)})
    client.csrf = csrf(client.get("/admin").text)
    return client


def send(client, data: io.BytesIO, name: str):
    return client.post("/admin/upload", data={"csrf_token": client.csrf,
                                              "issue": (data, name)})


@pytest.fixture()
def indexed(tmp_path, epaper):
    """An editor's client on an archive already holding the issue of 2019-10-05."""
    client = editor_of(tmp_path / "index")
    assert counts(send(client, issue_zip(epaper / "20191005"), "20191005.zip").text)[
        "added"] == 37
    return client


def uploads(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "uploads").iterdir())


@pytest.mark.parametrize("entries, message", [
    ([("20191007/a", b"x"), ("20191007/a/b.txt", b"y")],
     "zip 包里的“20191007/a”既是文件又是文件夹：没有解压，也没有索引任何内容。"),
    ([("20191007/" + "报" * 100 + ".txt", b"x")],
     "zip 包里的“20191007/" + "报" * 51 + "…”名字太长（每一级不能超过 255 字节）："
     "没有解压，也没有索引任何内容。"),
    ([("20191007/" + "a" * 300, b"x")],
     "zip 包里的“20191007/" + "a" * 51 + "…”名字太长（每一级不能超过 255 字节）："
     "没有解压，也没有索引任何内容。"),
])
def test_a_zip_the_disk_cannot_hold_is_a_clear_400(indexed, tmp_path, entries,
                                                   message) -> None:
    kept = uploads(tmp_path / "index")
    response = send(indexed, make_zip(entries), "bad.zip")
    assert (response.status_code, error_of(response.text)) == (400, message)
    assert str(tmp_path) not in response.text
    assert uploads(tmp_path / "index") == kept
    assert total(indexed) == 37


def test_a_zip_bomb_under_the_default_caps_is_refused(indexed, tmp_path) -> None:
    bomb = make_zip([("20191007/zeros.txt", b"\0" * (200 * 2**20))])
    assert len(bomb.getvalue()) < 250_000
    kept = uploads(tmp_path / "index")
    response = send(indexed, bomb, "bomb.zip")
    assert (response.status_code, error_of(response.text)) == (
        400, "zip 包解压后超过 100 MB：没有解压，也没有索引任何内容。")
    assert uploads(tmp_path / "index") == kept
    assert total(indexed) == 37


def test_a_zip_without_articles_is_a_failure_and_not_kept(indexed, tmp_path) -> None:
    pdf = make_zip([("20191007/page-01.pdf", DATA.joinpath("binary.txt").read_bytes())])
    kept = uploads(tmp_path / "index")
    response = send(indexed, pdf, "20191007.zip")
    assert response.status_code == 422
    assert re.search(r'id="result-heading"[^>]*>([^<]*)<', response.text).group(1) == (
        "上传失败：20191007.zip 里没有读到任何文章")
    assert "原件保存在" not in response.text and str(tmp_path) not in response.text
    assert uploads(tmp_path / "index") == kept
    assert total(indexed) == 37


def test_a_full_disk_is_507_and_keeps_what_was_indexed(small_disk, epaper) -> None:
    index = small_disk / "index"
    client = editor_of(index)
    assert counts(send(client, issue_zip(epaper / "20191005"), "20191005.zip").text)[
        "added"] == 37
    kept = uploads(index)
    filler = fill(small_disk, 64 * 1024)
    response = send(client, issue_zip(epaper / "20191008"), "20191008.zip")
    assert (response.status_code, error_of(response.text)) == (
        507, "服务器磁盘已满：这一期没有保存，也没有索引；已有的文章不受影响。"
             "请联系管理员腾出空间后再上传。")
    assert str(small_disk) not in response.text
    assert uploads(index) == kept
    assert total(client) == 37
    filler.unlink()
    assert check_index(index).problems == []
