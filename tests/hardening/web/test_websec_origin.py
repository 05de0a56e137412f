"""Requests that change something and name another site as their origin are refused with
403: the admin login and forms, batch jobs (page and API). This site's own pages, the
public address and scripts that name no origin pass."""
from __future__ import annotations

import io

import pytest
from websec_helpers import TOKEN, csrf, message

from search_web import create_app

EVIL = "https://evil.example"


def refusal(origin: str) -> str:
    return (f"已拒绝来自其他网站的请求（来源：{origin}）：修改数据的请求只接受本站页面提交的表单，"
            "或不带 Origin 和 Referer 的脚本请求。")


@pytest.fixture()
def site(tmp_path):
    return create_app({"index": str(tmp_path / "index"), "admin_token": TOKEN,
                       "public_url": "https://baoku.example.org",
                       "batch_dir": str(tmp_path / "jobs"), "TESTING": True})


def login(client, **headers):
    token = csrf(client.get("/admin").text)
    return client.post("/admin/login", data={"token": TOKEN, "csrf_token": token},
                       headers=headers)


@pytest.mark.parametrize("headers, shown", [
    ({"Origin": EVIL}, EVIL),
    ({"Origin": "null"}, "null"),
    ({"Referer": f"{EVIL}/page"}, f"{EVIL}/page"),
    ({"Origin": "http://localhost:8080"}, "http://localhost:8080"),  # another port
    ({"Origin": "https://localhost"}, "https://localhost"),  # another scheme
])
def test_a_login_from_another_origin_is_refused(site, headers, shown) -> None:
    client = site.test_client()
    response = login(client, **headers)
    assert (response.status_code, message(response.text)) == (403, refusal(shown))
    assert client.get_cookie("baoku_admin", path="/admin") is None


@pytest.mark.parametrize("headers", [
    {}, {"Origin": "http://localhost"}, {"Referer": "http://localhost/admin"},
    {"Origin": "https://baoku.example.org"}, {"Origin": "HTTPS://Baoku.Example.org:443"},
])
def test_only_this_site_may_log_in(site, headers) -> None:
    client = site.test_client()
    refused = login(client, Origin=EVIL)
    assert (refused.status_code, message(refused.text)) == (403, refusal(EVIL))
    response = login(client, **headers)
    assert (response.status_code, response.headers["Location"]) == (303, "/admin")
    assert client.get("/admin").status_code == 200


def test_a_script_with_the_token_and_no_origin_passes_and_with_another_origin_is_refused(
        site) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    refused = site.test_client().post("/admin/logout", headers={**bearer, "Origin": EVIL})
    assert (refused.status_code, message(refused.text)) == (403, refusal(EVIL))
    assert site.test_client().post("/admin/logout", headers=bearer).status_code == 303


def test_a_batch_from_another_origin_is_refused(site, tmp_path) -> None:
    client = site.test_client()
    page = client.post("/batch", headers={"Origin": EVIL},
                       data={"queries": (io.BytesIO("改革\n".encode()), "q.txt")})
    assert (page.status_code, message(page.text)) == (403, refusal(EVIL))
    api = client.post("/api/batch", headers={"Referer": f"{EVIL}/x"},
                      data={"queries": (io.BytesIO("改革\n".encode()), "q.txt")})
    assert (api.status_code, api.get_json()) == (403, {"error": {
        "status": 403, "type": "forbidden", "message": refusal(f"{EVIL}/x"),
        "position": None}})
    assert sorted(p.name for p in (tmp_path / "jobs").rglob("*.json")) == []
    assert client.get("/batch").text.count('href="/batch/') == 0
