"""What journalists asked of the search and article pages, done in a real Chromium against
``baoku serve``: a new query starts from no filters (在结果中检索 keeps them), a date range
on the form, the advanced form that writes the query language, the filters behind 筛选 (n)
on a phone, copying a link and a GB/T 7714 citation, a CSV named after its query, counts
that explain themselves, Chinese error pages and skip links for the keyboard."""
from __future__ import annotations

import datetime
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from live_serve import SCREENSHOTS
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CITED = "h-e5569c6290978186"  # 浙江日报 2020-04-14, by 李小文 and 赵妍, no page


def new_page(browser, viewport: dict[str, int], base: str) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=base)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "status of 4" not in m.text else None)
    yield page
    context.close()
    assert errors == []


@pytest.fixture()
def desktop(browser, live_server) -> Iterator[Page]:
    yield from new_page(browser, DESKTOP, live_server)


@pytest.fixture()
def phone(browser, live_server) -> Iterator[Page]:
    yield from new_page(browser, PHONE, live_server)


def search_url(base: str, **args: str) -> str:
    return f"{base}search?{urllib.parse.urlencode(args)}"


def api_ids(base: str, **args: str) -> list[str]:
    with urllib.request.urlopen(f"{base}api/search?{urllib.parse.urlencode(args)}") as r:
        return [h["id"] for h in json.load(r)["hits"]]


def hit_ids(page: Page) -> list[str]:
    return page.locator("ol.hits li.hit").evaluate_all("items => items.map(li => li.dataset.id)")


def pick_facet(page: Page, name: str, value: str) -> None:
    page.locator(f'section.facet[data-facet="{name}"] a[data-value="{value}"]').click()


# 1. A new query keeps no old filters, unless 在结果中检索 is ticked.
def test_a_new_query_starts_from_no_filters_unless_searching_within(desktop: Page,
                                                                    live_server: str):
    page = desktop
    page.goto(search_url(live_server, q="民营经济"))
    pick_facet(page, "year", "2019")
    pick_facet(page, "page", "1")
    expect(page.locator("#total")).to_contain_text("共 3 篇")
    expect(page.locator("ul.chips a.chip")).to_have_text(["年份：2019年×", "版次：第1版×"])
    filtered = page.url
    within = page.locator("#within")
    expect(within).not_to_be_checked()
    expect(page.locator("label.within")).to_have_text("在结果中检索")

    page.locator("#q").fill("疫情")
    page.locator("#q").press("Enter")
    page.wait_for_url(search_url(live_server, q="疫情"))
    expect(page.locator("#total")).to_contain_text("共 4 篇")
    expect(page.locator("ul.chips")).to_have_count(0)
    assert hit_ids(page) == api_ids(live_server, q="疫情")

    page.goto(filtered)
    page.locator("#within").check()
    page.locator("#q").fill("疫情")
    page.locator("#q").press("Enter")
    page.wait_for_url(search_url(live_server, q="疫情", year="2019", page="1"))
    expect(page.locator("#no-results h2")).to_have_text("没有找到与“疫情”匹配的文章")
    expect(page.locator("ul.chips a.chip")).to_have_text(["年份：2019年×", "版次：第1版×"])


# 2. A date range on the form, and a year / month quick pick.
def test_a_date_range_typed_or_picked_on_the_form(desktop: Page, live_server: str):
    page = desktop
    page.goto(search_url(live_server, q="改革"))
    expect(page.locator("#total")).to_contain_text("共 43 篇")
    page.locator("#date-range summary").click()
    page.locator("#date-from").fill("2019-10-02")
    page.locator("#date-to").fill("2019-10-02")
    page.locator("#searchbox button[type=submit]").click()
    page.wait_for_url(search_url(live_server, q="改革", **{"from": "2019-10-02",
                                                           "to": "2019-10-02"}))
    expect(page.locator("#total")).to_contain_text("共 16 篇")
    expect(page.locator("#date-range summary")).to_have_text(
        "日期范围：2019年10月2日 — 2019年10月2日")
    expect(page.locator("#date-from")).to_have_value("2019-10-02")
    expect(page.locator("#date-to")).to_have_value("2019-10-02")
    assert hit_ids(page) == api_ids(live_server, q="改革", **{"from": "2019-10-02",
                                                               "to": "2019-10-02"})

    page.locator("#pick-year").fill("2022")
    expect(page.locator("#date-from")).to_have_value("2022")  # the pick fills both ends
    expect(page.locator("#date-to")).to_have_value("2022")
    page.locator("#pick-month").select_option("2")
    expect(page.locator("#date-from")).to_have_value("2022-02")
    page.locator("#searchbox button[type=submit]").click()
    page.wait_for_url(search_url(live_server, q="改革", **{"from": "2022-02",
                                                           "to": "2022-02"}))
    expect(page.locator("#total")).to_contain_text("共 2 篇")
    expect(page.locator("ul.chips a.chip")).to_have_text(["起：2022年2月×", "止：2022年2月×"])


# 3. The advanced form writes the query language into the box and runs it.
def test_the_advanced_form_writes_the_query_into_the_box(desktop: Page, live_server: str):
    page = desktop
    page.goto(live_server)
    page.locator("#advanced summary").click()
    page.locator("#a-title").fill("国庆")
    page.locator("#a-author").fill("方圆")
    page.locator("#a-source").fill("人民日报")
    page.locator("#a-from").fill("2019-10-01")
    page.locator("#a-to").fill("2019-10-31")
    page.locator("#a-exclude").fill("阅兵 航母")
    page.locator("#advanced button[type=submit]").click()
    query = "title:国庆 author:方圆 source:人民日报 date:2019-10-01..2019-10-31 -阅兵 -航母"
    page.wait_for_url(search_url(live_server, q=query))
    expect(page.locator("#q")).to_have_value(query)
    expect(page.locator("#total")).to_contain_text("共 1 篇")
    assert hit_ids(page) == ["rmrb-20191003-07-01"]

    page.locator("#advanced summary").click()
    page.locator("#a-body").fill("改革")
    page.locator("#a-phrase").fill("“改革开放”")
    page.locator("#a-page").fill("3")
    page.locator("#advanced button[type=submit]").click()
    query = 'body:改革 page:3 "改革开放"'
    page.wait_for_url(search_url(live_server, q=query))
    expect(page.locator("#q")).to_have_value(query)
    assert hit_ids(page) == api_ids(live_server, q=query) != []
    expect(page.locator("#total")).to_contain_text(f"共 {len(hit_ids(page))} 篇")


def overflowing(page: Page) -> list[str]:
    """Elements that reach beyond the viewport's right edge or scroll sideways, and scroll
    boxes inside the filters panel."""
    return page.evaluate("""() => {
      const out = [];
      const width = document.documentElement.clientWidth;
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = getComputedStyle(el);
        const name = el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className;
        if (r.right > width + 1) out.push('beyond: ' + name);
        if (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(style.overflowX))
          out.push('scrolls sideways: ' + name);
        if (el.closest('#filters') && el.id !== 'filters'
            && el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(style.overflowY))
          out.push('nested scroll box: ' + name);
      }
      return out;
    }""")


# 4. On a phone the filters are one tap away at the top.
def test_on_a_phone_the_filters_open_from_a_button_at_the_top(phone: Page, live_server: str):
    page = phone
    page.goto(search_url(live_server, q="改革", source="人民日报", year="2019"))
    button = page.locator("#filter-toggle")
    expect(button).to_have_text("筛选 (2)")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    expect(page.locator("#filters")).to_be_hidden()
    button.click()
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator("#filters h2")).to_have_text("筛选（已选 2 项）")
    months = page.locator('section.facet[data-facet="month"] a.facet-value')
    expect(months).to_have_text(["2019年10月38"])
    expect(page.locator('section.facet[data-facet="author"] a.facet-value')).to_have_count(10)
    assert overflowing(page) == []
    page.screenshot(path=str(SCREENSHOTS / "newsroom-phone-filters.png"))
    pick_facet(page, "page", "3")
    expect(page.locator("#total")).to_contain_text("共 10 篇")
    expect(page.locator("#filter-toggle")).to_have_text("筛选 (3)")
    expect(page.locator("#filters")).to_be_hidden()

    page.goto(search_url(live_server, q="改革"))  # 24 years of months on the timeline
    svg = page.locator("#timeline svg").bounding_box()
    assert svg is not None and svg["x"] >= 0 and svg["x"] + svg["width"] <= PHONE["width"]
    assert overflowing(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# 5. Citing and sharing an article; the CSV is named after its query and day.
def test_copy_the_link_and_the_citations_of_an_article(desktop: Page, live_server: str):
    page = desktop
    page.goto(f"{live_server}article/{CITED}?q=%E7%96%AB%E6%83%85")
    permanent = f"{live_server}article/{CITED}"
    page.locator("#copy-link").click()
    expect(page.locator("#copied")).to_have_text(f"已复制：{permanent}")
    assert page.evaluate("navigator.clipboard.readText()") == permanent

    page.locator("#cite summary").click()
    gbt = "李小文, 赵妍. 以百姓满意为追求 擦亮城市平安底色[N]. 浙江日报, 2020-04-14."
    plain = "李小文、赵妍：《以百姓满意为追求 擦亮城市平安底色》，《浙江日报》2020年4月14日。"
    expect(page.locator("#cite-gbt")).to_have_text(gbt)
    expect(page.locator("#cite-plain")).to_have_text(plain)
    expect(page.locator("#permalink")).to_have_attribute("href", permanent)
    page.locator('button[data-copy-from="cite-gbt"]').click()
    expect(page.locator("#copied")).to_have_text(f"已复制：{gbt}")
    assert page.evaluate("navigator.clipboard.readText()") == gbt
    page.locator('button[data-copy-from="cite-plain"]').click()
    expect(page.locator("#copied")).to_have_text(f"已复制：{plain}")
    assert page.evaluate("navigator.clipboard.readText()") == plain

    page.goto(search_url(live_server, q="疫情"))
    with page.expect_download() as download:
        page.locator("a.export").click()
    assert download.value.suggested_filename == \
        f"baoku-疫情-{datetime.date.today().isoformat()}.csv"


# 6. Counts that explain themselves; a timeline to scale.
def test_counts_and_the_timeline_explain_themselves(desktop: Page, live_server: str):
    page = desktop
    page.goto(search_url(live_server, q="改革"))
    expect(page.locator("#collapsed")).to_have_text("（列出 40 篇，另有 3 篇相同文本已合并）")
    expect(page.locator("#simplified")).to_have_count(0)
    bars = page.locator("#timeline a.bar")
    expect(bars).to_have_count(5)
    # 2 px a month from 1998-03: 2003-05 is 62 months on, 2019-10 259, 2022-02 287.
    xs = bars.evaluate_all("bars => bars.map(b => b.querySelector('rect.fill')"
                           ".getAttribute('x'))")
    assert xs == ["0", "124", "518", "530", "574"]
    years = page.locator("#timeline text.year").evaluate_all(
        "labels => labels.map(t => t.textContent)")
    assert years == ["1998", *map(str, range(2000, 2023, 2))]
    page.locator("nav.pagination a.next").first.click()
    expect(page.locator("ol.hits")).to_have_attribute("start", "21")
    assert len(hit_ids(page)) == 20  # 40 hits on two pages

    page.goto(search_url(live_server, q="經濟"))
    expect(page.locator("#simplified")).to_have_text("已按简体「经济」检索")
    expect(page.locator("#total")).to_contain_text("共 41 篇")
    assert hit_ids(page) == api_ids(live_server, q="经济")

    page.goto(search_url(live_server, q="改革", source="人民日报", timeline="ratio"))
    bar = page.locator('#timeline a.bar[data-month="2019-10"]')
    expect(bar.locator("text.count")).to_have_text("29.9%")
    expect(bar.locator("text.inside")).to_have_text("38")  # its count, inside the bar
    expect(bar.locator("title")).to_have_text(
        "2019年10月：占当月全部文章的 29.9%（38 / 127 篇）")


# 7. The looser retry's notice and the error pages speak Chinese.
def test_the_retry_notice_and_error_pages_are_chinese(desktop: Page, live_server: str):
    page = desktop
    page.goto(search_url(live_server, q="阅兵 庆典 火星"))
    expect(page.locator("#notice .detail")).to_have_text(
        "没有文章同时包含“阅兵”“庆典”“火星”，下面是包含其中大部分词语的文章；没有任何文章包含“火星”。")
    page.goto(search_url(live_server, q="阅兵 date:2019-13"))
    expect(page.locator("#error h1")).to_have_text("查询语句有误")
    expect(page.locator("#error .detail")).to_have_text("详情：第 9 个字符处的日期“2019-13”不存在")
    page.goto(search_url(live_server, q="阅兵 foo:x"))
    expect(page.locator("#error .detail")).to_have_text(
        "详情：第 4 个字符处的“foo:”不是检索字段；可用的字段有 title:、body:、author:、source:、"
        "page:、date:")
    page.goto(f"{live_server}article/no-such-id")
    expect(page.locator("#error .detail")).to_have_text("详情：索引里没有编号为“no-such-id”的文章")
    page.goto(f"{live_server}no/such/page")
    expect(page.locator("#error h1")).to_have_text("页面不存在")
    expect(page.locator("#error .advice")).to_have_text(
        "网址可能有误，或该页面已不存在。请从首页重新检索。")
    expect(page.locator("#error .detail")).to_have_count(0)


# 8. Skip links: the first two Tab stops.
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_skip_links_reach_the_results_and_the_first_filter(browser, live_server: str,
                                                           viewport: dict[str, int]):
    for page in new_page(browser, viewport, live_server):
        url = search_url(live_server, q="改革")
        page.goto(url)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "跳到搜索结果"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "results"
        page.keyboard.press("Tab")  # on from the results: their first link, a sort order
        assert page.evaluate("[document.activeElement.closest('#results') !== null, "
                             "document.activeElement.textContent]") == [True, "最新"]

        page.goto(url)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "跳到筛选条件"
        page.keyboard.press("Enter")
        focused = page.evaluate("[document.activeElement.closest('section.facet').dataset"
                                ".facet, document.activeElement.dataset.value]")
        assert focused == ["source", "人民日报"]
        expect(page.locator('section.facet[data-facet="source"] a.facet-value').first
               ).to_be_in_viewport()
