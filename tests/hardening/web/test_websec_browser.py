"""In a real Chromium against `baoku serve`: a page on another site that submits a batch
form to Baoku is refused with the origin message and starts no job, while the editor's own
login form on the site works."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_serve import serving
from websec_helpers import TOKEN

from indexer.article import Article
from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles

pytestmark = pytest.mark.browser

EVIL = "http://evil.test"
# The other site's page: it fills the batch form with a query file and submits it at once.
EVIL_PAGE = """<!doctype html><meta charset="utf-8">
<form id="f" method="post" action="{action}" enctype="multipart/form-data">
<input type="file" name="queries" id="q"></form>
<script>
const files = new DataTransfer();
files.items.add(new File(["改革\\n"], "q.txt", {{type: "text/plain"}}));
document.getElementById("q").files = files.files;
document.getElementById("f").submit();
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`baoku serve` with the admin pages enabled, over a one-article index; yields its
    address and its batch jobs folder."""
    folder = tmp_path_factory.mktemp("websec-site")
    index_articles(create_or_open(folder / "index"), [Article(
        id="reform-1", title="改革开放", body="改革开放四十年。", source="测试报",
        date="2019-10-01", page="1", number=1)])
    env = {"BAOKU_ADMIN_TOKEN": TOKEN, "BAOKU_BATCH_DIR": str(folder / "jobs")}
    with serving(folder / "index", env=env) as url:
        yield url.rstrip("/"), folder / "jobs"


def test_another_sites_form_is_refused_and_the_sites_own_login_works(site, browser) -> None:
    base, jobs = site
    page = browser.new_page()
    page.route(f"{EVIL}/**", lambda route: route.fulfill(
        content_type="text/html", body=EVIL_PAGE.format(action=f"{base}/batch")))
    with page.expect_navigation(url=re.compile(rf"^{re.escape(base)}/batch")):
        page.goto(f"{EVIL}/lure")
    assert page.locator("#error").get_attribute("data-status") == "403"
    assert page.locator(".message").inner_text() == (
        f"已拒绝来自其他网站的请求（来源：{EVIL}）：修改数据的请求只接受本站页面提交的表单，"
        "或不带 Origin 和 Referer 的脚本请求。")
    assert sorted(p.name for p in jobs.rglob("*.json")) == []
    # The editor on the site itself: Chromium sends the site's own origin, which passes.
    page.goto(f"{base}/admin")
    page.fill("input[name=token]", TOKEN)
    page.click("#admin-login button[type=submit]")
    assert page.locator("#admin h1").inner_text() == "上传新一期报纸"
    assert page.url == f"{base}/admin"
    page.close()
