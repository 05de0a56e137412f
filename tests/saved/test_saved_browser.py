"""The whole story in a real Chromium against ``baoku serve``: a journalist saves a search on
the search page; ``baoku index`` (the real command) adds an issue holding matching
articles; ``/saved`` counts them, the saved search shows them first marked 新, its Atom
feed lists them, and ``baoku alerts --json`` prints them once."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from live_serve import SCREENSHOTS, serving
from saved_helpers import NEW_ISSUE, articles_of, ids_with

pytestmark = pytest.mark.browser


def baoku(*args: object) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("baoku")), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_a_search_saved_in_the_browser_shows_the_articles_a_new_issue_brings(archive,
                                                                              browser):
    titles = {a.id: a.title for a in articles_of(NEW_ISSUE)}
    expected = ids_with("阅兵", NEW_ISSUE)
    assert len(expected) == 5
    with serving(archive.path) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}search?q=阅兵")
        before = page.locator("ol.hits li.hit").count()
        page.fill("#save-name", "阅兵报道")
        page.click("#save-submit")
        assert page.locator("#saved-name").inner_text() == "阅兵报道"
        assert page.locator("#no-new").is_visible()

        indexed = baoku("index", NEW_ISSUE, "--index", archive.path, "--no-progress")
        assert indexed.returncode == 0, indexed.stderr
        assert "saved searches: 5 new matches" in indexed.stderr

        page.goto(f"{base}saved")
        listed = page.locator("li.saved-search")
        assert listed.locator(".new-count").inner_text() == "5 篇新文章"
        feed_url = listed.locator("a.feed-link").get_attribute("href")
        listed.locator("a.saved-name").click()
        new = page.locator("#new-hits li.hit")
        assert page.locator("#new-heading").inner_text() == "上次查看以来的新文章（5 篇）"
        assert {new.nth(i).get_attribute("data-id") for i in range(5)} == expected
        assert new.locator(".new-mark").all_inner_texts() == ["新"] * 5
        first_of_page = page.locator("li.hit").first.get_attribute("data-id")
        assert first_of_page in expected  # the new ones come before the others
        assert page.locator("#other-hits li.hit").count() == min(20, before + 5) - 5
        page.screenshot(path=str(SCREENSHOTS / "saved-search-new.png"), full_page=True)

        page.goto(f"{base}saved")
        assert page.locator(".new-count").inner_text() == "没有新文章"
        feed = feedparser.parse(page.request.get(f"{base.rstrip('/')}{feed_url}").body())
        assert {e.title for e in feed.entries} == {titles[i] for i in expected}

        # The feed link leaked: its page gives a new one, and the old one is gone.
        page.locator("a.saved-name").click()
        page.click("#renew-feed button")
        assert page.locator("#feed-renewed").inner_text() == "订阅源链接已更换，旧链接不再可用。"
        renewed = page.locator("a.feed-link").get_attribute("href")
        assert renewed != feed_url and renewed.endswith(".atom")
        assert page.request.get(f"{base.rstrip('/')}{feed_url}").status == 404
        assert page.request.get(f"{base.rstrip('/')}{renewed}").status == 200

    alerts = baoku("alerts", "--json", "--index", archive.path)
    assert alerts.returncode == 0, alerts.stderr
    [alert] = json.loads(alerts.stdout)
    assert alert["search"]["name"] == "阅兵报道"
    assert {h["id"] for h in alert["new"]} == expected
    again = baoku("alerts", "--json", "--index", archive.path)
    assert (again.returncode, again.stdout) == (0, "[]\n")
