"""Pages the server keeps (``search_web.page_cache``): the same address is answered again
without searching, by whichever of its processes, yet never shows an archive older than the
last commit."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from web_helpers import hit_ids, soup

from indexer.article import Article
from indexer.engine.store import ArchiveIndex, open_index
from indexer.engine.writing import index_articles, remove_articles
from search_web import create_app
from search_web.page_cache import EXTENSION, HEADER, SERVER_START, KeptPage, PageStore

WORD = "锦绣湖畔"  # in no article of the sample
NEW = Article(id="kept-page-new", source="浙江日报", date="2020-03-04", page="3",
              title=f"{WORD}迎来首批游客", body=f"本报讯 {WORD}景区昨日开园，游客络绎不绝。")


@pytest.fixture()
def folder(sample_index: ArchiveIndex, tmp_path: Path) -> Path:
    """A copy of the sample archive that the test may change."""
    copy = tmp_path / "index"
    shutil.copytree(sample_index.path, copy)
    return copy


def app_over(folder: Path, **settings) -> Flask:
    return create_app({"index": str(folder), "TESTING": True, **settings})


def took(page: bytes) -> str:
    found = re.search("用时 (\\d+) 毫秒", page.decode())
    assert found is not None
    return found.group(1)


def test_the_same_search_is_answered_again_from_the_kept_page(folder: Path):
    client = app_over(folder).test_client()
    first = client.get("/search?q=" + quote("经济"))
    again = client.get("/search?q=" + quote("经济"))
    assert (first.headers[HEADER], again.headers[HEADER]) == ("rendered", "kept")
    assert hit_ids(soup(again)) == hit_ids(soup(first)) and len(hit_ids(soup(first))) == 20
    # The kept page says how long this answer took, not the first one.
    assert again.data.replace(f"用时 {took(again.data)} 毫秒".encode(), b"") == \
        first.data.replace(f"用时 {took(first.data)} 毫秒".encode(), b"")
    # A page of its own for each address: another page of results is rendered.
    assert client.get("/search?q=" + quote("经济") + "&p=2").headers[HEADER] == "rendered"


def test_a_commit_is_seen_by_the_next_request_of_a_kept_address(folder: Path):
    client = app_over(folder).test_client()
    search, article = "/search?q=" + quote(WORD), f"/article/{NEW.id}"
    issue = "/issue/2020-03-04?source=" + quote("浙江日报")
    for _ in range(2):
        assert NEW.id not in hit_ids(soup(client.get(search)))
        assert NEW.title not in client.get(issue).get_data(as_text=True)
    assert client.get(search).headers[HEADER] == "kept"

    index_articles(open_index(folder), [NEW])
    after = client.get(search)
    assert after.headers[HEADER] == "rendered" and hit_ids(soup(after))[0] == NEW.id
    assert NEW.title in client.get(issue).get_data(as_text=True)
    assert client.get(article).status_code == 200
    assert client.get(article).headers[HEADER] == "kept"

    remove_articles(open_index(folder), [NEW.id])
    assert client.get(article).status_code == 404
    assert NEW.id not in hit_ids(soup(client.get(search)))


def test_each_host_gets_its_own_page(folder: Path):
    client = app_over(folder, allowed_hosts="localhost,127.0.0.1").test_client()
    article_id = hit_ids(soup(client.get("/search?q=" + quote("经济"))))[0]
    for host in ("localhost", "127.0.0.1", "localhost"):
        page = client.get(f"/article/{quote(article_id)}", base_url=f"http://{host}")
        permalink = soup(page).select_one("#permalink")
        assert permalink is not None
        assert f"http://{host}/article/" in str(permalink), (host, str(permalink))


def test_kept_pages_stay_within_their_bytes(folder: Path):
    app = app_over(folder, page_cache_mb=1)
    client = app.test_client()
    words = ["经济", "发展", "改革", "浙江", "记者", "中国", "文化", "教育", "企业", "城市",
             "农村", "群众", "建设", "服务", "工作", "社会", "人民", "项目", "创新", "市场"]
    addresses = [f"/search?q={quote(word)}&p={page}" for word in words for page in (1, 2)]
    sizes = [len(client.get(address).data) for address in addresses]
    assert sum(sizes) > 1.5 * 1024 * 1024  # more than may be kept
    store: PageStore = app.extensions[EXTENSION].store
    assert store.folder == folder.with_name("index.pages")  # beside the archive
    assert 0.5 * 1024 * 1024 < store.volume() <= 1024 * 1024 + max(sizes)
    assert len(store) < len(addresses)  # the first stored pages were dropped
    assert client.get(addresses[-1]).headers[HEADER] == "kept"
    assert client.get(addresses[0]).headers[HEADER] == "rendered"


def test_the_first_stored_page_goes_first(tmp_path: Path):
    store = PageStore(tmp_path / "pages", capacity=200_000)
    for key in "abcd":
        store.put(key, KeptPage(b"x" * 40_000, "text/html"))
    assert store.get("a") == KeptPage(b"x" * 40_000, "text/html")
    store.put("e", KeptPage(b"y" * 40_000, "application/json"))
    assert [k for k in "abcde" if store.get(k) is not None] == ["b", "c", "d", "e"]
    assert store.get("e") == KeptPage(b"y" * 40_000, "application/json")
    store.put("huge", KeptPage(b"z" * 200_001, "text/html"))  # larger than the whole store
    assert store.get("huge") is None and len(store) == 4


def test_another_process_answers_with_the_page_one_rendered(folder: Path, tmp_path: Path):
    """Two apps of one server start (as ``baoku serve`` gives its workers) share their
    kept pages; an app of another start keeps its own."""
    first, second, later = (app_over(folder, **{SERVER_START: start}).test_client()
                            for start in ("start-1", "start-1", "start-2"))
    address = "/search?q=" + quote("经济")
    assert first.get(address).headers[HEADER] == "rendered"
    shared = second.get(address)
    assert shared.headers[HEADER] == "kept" and len(hit_ids(soup(shared))) == 20
    assert later.get(address).headers[HEADER] == "rendered"


def test_pages_are_kept_by_the_process_where_the_folder_cannot_be_used(
        folder: Path, caplog: pytest.LogCaptureFixture):
    folder.with_name("index.pages").write_text("not a folder", encoding="utf-8")
    client = app_over(folder).test_client()
    address = "/search?q=" + quote("经济")
    assert [client.get(address).headers[HEADER] for _ in range(2)] == ["rendered", "kept"]
    assert "pages are kept by this process only" in caplog.text
    assert "index.pages" in caplog.text


def test_nothing_is_kept_when_the_setting_is_zero(folder: Path):
    app = app_over(folder, page_cache_mb=0)
    client = app.test_client()
    pages = [client.get("/search?q=" + quote("经济")) for _ in range(2)]
    assert [HEADER in p.headers for p in pages] == [False, False]
    assert app.extensions[EXTENSION] is None
    assert not folder.with_name("index.pages").exists()
    assert hit_ids(soup(pages[0])) == hit_ids(soup(pages[1]))
