"""A journalist's session in a real Chromium against ``baoku serve``: type a query, see the
marked results, pick and remove a facet value, follow the timeline and switch it to shares,
page forward, open an article; on a phone too. Screenshots go to tests/screenshots/."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from live_serve import SCREENSHOTS
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@dataclass
class Session:
    """A browser page with everything it logged and requested."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    def hit_ids(self) -> list[str]:
        return self.page.locator("ol.hits li.hit").evaluate_all(
            "items => items.map(li => li.dataset.id)")

    def assert_clean(self, allowed: tuple[str, ...] = ()) -> None:
        """No script or CSP error, and no request anywhere but the server."""
        assert [e for e in self.errors if not any(a in e for a in allowed)] == []
        assert self.requests and all(u.startswith(self.base) for u in self.requests), \
            self.requests


def open_session(browser, base: str, width: int, height: int) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN")
    page = context.new_page()
    session = Session(page, base)
    page.on("console", lambda m: session.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: session.errors.append(str(e)))
    page.on("request", lambda r: session.requests.append(r.url))
    yield session
    context.close()


@pytest.fixture()
def desktop(browser, live_server) -> Iterator[Session]:
    yield from open_session(browser, live_server, 1280, 900)


@pytest.fixture()
def phone(browser, live_server) -> Iterator[Session]:
    yield from open_session(browser, live_server, 390, 844)


def api_ids(base: str, query: str) -> list[str]:
    with urllib.request.urlopen(f"{base}api/search?{query}") as response:
        return [h["id"] for h in json.load(response)["hits"]]


def facet_counts(page: Page, name: str) -> list[str]:
    return page.locator(f'section.facet[data-facet="{name}"] a.facet-value').all_inner_texts()


def test_search_facets_timeline_paging_and_article(desktop: Session):
    page, base = desktop.page, desktop.base
    page.goto(base)
    expect(page.locator("#archive-size")).to_contain_text("140")
    assert page.evaluate("document.activeElement.id") == "q"  # the box has the focus

    page.keyboard.type("改革")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    expect(page.locator("#total")).to_contain_text("共 43 篇")
    marked = page.locator("ol.hits .snippet mark").all_inner_texts()
    assert len(marked) >= 20 and set(marked) == {"改革"}
    assert desktop.hit_ids() == api_ids(base, "q=%E6%94%B9%E9%9D%A9")
    assert facet_counts(page, "source") == ["人民日报\n38", "巴彦淖尔日报\n1", "浙江日报\n1"]
    desktop.shot("01-results")

    page.locator('section.facet[data-facet="source"] a[data-value="巴彦淖尔日报"]').click()
    expect(page.locator("#total")).to_contain_text("共 1 篇")
    assert desktop.hit_ids() == ["500b350d-d38d-4fb0-9e81-75e0c95e95a8"]
    expect(page.locator("ul.chips a.chip")).to_have_text(["报纸：巴彦淖尔日报×"])
    assert facet_counts(page, "year") == ["2022年\n1"]
    expect(page.locator('section.facet[data-facet="source"] a.selected')).to_have_count(1)
    desktop.shot("02-facet-chosen")

    page.locator("ul.chips a.chip").click()
    expect(page.locator("#total")).to_contain_text("共 43 篇")
    expect(page.locator("ul.chips")).to_have_count(0)
    assert facet_counts(page, "year") == ["1998年\n1", "2003年\n1", "2019年\n38", "2020年\n1",
                                          "2022年\n2"]

    page.locator('#timeline a.bar[data-month="2019-10"]').click()
    expect(page.locator("#total")).to_contain_text("共 38 篇")
    assert "month=2019-10" in page.url
    expect(page.locator('#timeline a.bar.selected')).to_have_attribute("data-month", "2019-10")
    expect(page.locator("ul.chips a.chip")).to_have_text(["月份：2019年10月×"])
    desktop.shot("03-timeline-month")

    first_page = desktop.hit_ids()
    page.locator("nav.pagination a.next").first.click()
    page.wait_for_url("**p=2*")
    expect(page.locator("ol.hits")).to_have_attribute("start", "21")
    query = urllib.parse.urlsplit(page.url).query
    assert desktop.hit_ids() == api_ids(base, query)
    # Identical texts are collapsed into one hit per page, so page 2 holds at most the 18
    # articles left of 38, and none of page 1's.
    second_page = desktop.hit_ids()
    assert 0 < len(second_page) <= 18
    assert not set(second_page) & set(first_page)

    first = desktop.hit_ids()[0]
    page.locator("ol.hits li.hit .hit-title a").first.click()
    page.wait_for_url(f"**/article/{first}?q=*")
    expect(page.locator("article.article")).to_have_attribute("data-id", first)
    assert set(page.locator("#article-body mark").all_inner_texts()) == {"改革"}
    desktop.shot("04-article")

    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    desktop.assert_clean()


def test_timeline_counts_and_shares(desktop: Session):
    page = desktop.page
    page.goto(desktop.base + "search?q=%E6%94%B9%E9%9D%A9")
    labels = page.locator("#timeline a.bar text.count")
    expect(labels).to_have_text(["1", "1", "38", "1", "2"])
    page.locator('#timeline .timeline-view a[data-show="ratio"]').click()
    page.wait_for_url("**timeline=ratio*")
    # 2020-04 stands six months after 2019-10 on the scale: no room for its share above it.
    expect(labels).to_have_text(["100.0%", "100.0%", "29.9%", "66.7%"])
    expect(page.locator("#timeline figcaption")).to_contain_text("占当月全部文章的百分比")
    expect(page.locator('#timeline .timeline-view strong[aria-current="true"]')).to_have_text(
        "占比")
    expect(page.locator('#timeline a.bar[data-month="2019-10"] title')).to_have_text(
        "2019年10月：占当月全部文章的 29.9%（38 / 127 篇）")
    desktop.shot("08-timeline-ratio")
    page.locator('#timeline a.bar[data-month="2020-04"]').click()  # the view stays
    expect(page.locator("#total")).to_contain_text("共 1 篇")
    expect(labels).to_have_text(["100.0%", "100.0%", "29.9%", "66.7%"])
    expect(page.locator("#timeline a.bar.selected")).to_have_attribute("data-month", "2020-04")
    page.locator('#timeline .timeline-view a[data-show="count"]').click()
    expect(labels).to_have_text(["1", "1", "38", "1", "2"])
    assert "timeline=" not in page.url
    desktop.assert_clean()


def test_issue_browsing(desktop: Session):
    page = desktop.page
    page.goto(desktop.base + "issue/2019-10-02?source=" + urllib.parse.quote("人民日报"))
    expect(page.locator("section.issue h1")).to_have_text("人民日报 2019年10月2日")
    page.locator("nav.issue-nav a.next").click()
    expect(page.locator("section.issue h1")).to_have_text("人民日报 2019年10月3日")
    expect(page.locator("nav.issue-nav span.muted")).to_have_text("没有更晚的一期")
    page.locator("nav.page-index a", has_text="第3版").click()
    assert page.url.endswith("#page-3")
    desktop.shot("05-issue")
    desktop.assert_clean()


def test_malformed_query_in_the_browser(desktop: Session):
    page = desktop.page
    page.goto(desktop.base + "search?q=%E6%94%B9%E9%9D%A9")
    box = page.locator("input#q")
    box.fill('改革 "开放')
    box.press("Enter")
    expect(page.locator("#error h1")).to_have_text("查询语句有误")
    expect(page.locator("#error mark.fault")).to_have_text('"')
    expect(box).to_have_value('改革 "开放')
    desktop.assert_clean(allowed=("status of 400",))


def test_readable_on_a_phone(phone: Session):
    page = phone.page
    page.goto(phone.base + "search?" + urllib.parse.urlencode({"q": "改革", "source": "人民日报"}))
    expect(page.locator("#total")).to_contain_text("共 38 篇")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first_hit = page.locator("ol.hits li.hit").first.bounding_box()
    assert first_hit is not None
    expect(page.locator("aside.facets")).to_be_hidden()  # behind 筛选 (1), results first
    expect(page.locator("#filter-toggle")).to_have_text("筛选 (1)")
    assert first_hit["width"] > 340
    phone.shot("06-phone-results")
    page.locator("ol.hits li.hit .hit-title a").first.click()
    expect(page.locator("article.article h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.shot("07-phone-article")
    phone.assert_clean()
