"""Dates and bylines of real web pages, and the rule that found each, as ``baoku parse``
shows them (pages of tests/data/web-pages, the CWCED pages of tests/data/corpus and of corpus/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.readers.bylines import parse_byline
from indexer.readers.html import read_page
from indexer.readers.html_meta import find_authors

WEB_PAGES = Path(__file__).resolve().parent / "data" / "web-pages"
CWCED = Path(__file__).resolve().parent / "data" / "corpus" / "raw" / "cwced" / "original"
SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "cwced-html"


def _page(name: str) -> Path:
    found = [*WEB_PAGES.glob(f"{name}*.html"), *CWCED.glob(f"{name}*.html"),
             *SAMPLE.glob(f"{name}*.html")]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize(("page", "date", "date_rule", "authors", "authors_rule"), [
    ("f70d9c97", "2022-02-13", "meta publishdate", ("李楠",), "meta author"),
    ("d5bced5e", "2011-06-17", "json-ld datePublished", (), None),
    ("d519ec93", "2005-03-15", "text 发布时间：", ("duscha",), "text forum poster"),
    ("c4d032a1", "2021-11-25", "text 来源：", ("刘涛",), "text byline paragraph"),
    ("2397c95d", "2018-08-23", "meta dc.date", ("赵培",), "meta citation_authors"),
    ("274a65d9", "2022-02-12", "text near the headline", ("马俊峰",), "text 记者…发自"),
    ("a0cb0242", "2005-08-16", "text near the headline", ("伊琳", "李清芬"), "text 记者 …"),
    ("91bdf33e", "2022-01-20", "text near the headline", ("常书香", "马丹阳"),
     "text closing （… 报道）"),
    ("caee0a34", "1996-06-01", "text signature", ("胡平",), "text names under the headline"),
    # "责任编辑：刘林源", "编辑：苏亮": editors, not authors
    ("8baa71e3", "2005-05-13", "text near the headline", (), None),
    ("500b350d", "2022-02-11", "meta pubdate", (), None),
])
def test_date_and_byline_of_a_page_with_the_rule_that_found_them(
        page: str, date: str, date_rule: str, authors: tuple[str, ...],
        authors_rule: str | None) -> None:
    article = read_page(_page(page))
    rules = dict(article.found_by)
    assert (article.date, rules.get("date"), article.authors, rules.get("authors")) == (
        date, date_rule, authors, authors_rule)


def test_parse_names_the_rules_in_text_and_json() -> None:
    page = str(_page("f70d9c97"))
    text = CliRunner().invoke(main, ["parse", page])
    assert text.exit_code == 0
    assert text.stdout.splitlines()[-2:] == ["  date: 2022-02-13 (meta publishdate)",
                                            "  authors: 李楠 (meta author)"]
    as_json = CliRunner().invoke(main, ["parse", page, "--json"])
    article = json.loads(as_json.stdout)
    assert article["found_by"] == {"date": "meta publishdate", "authors": "meta author"}


@pytest.mark.parametrize(("line", "names", "rule"), [
    # lines as printed on pages of 长江网, 观察者网 and 腾讯新闻
    ("长江网10月4日讯（记者陈智 整合） 国庆中秋长假过半，但外媒关注武汉的热情不减。",
     ("陈智",), "text （记者 …）"),
    ("【文/观察者网专栏作者 王文】", ("王文",), "text 作者："),
    ("《棱镜》作者 周纯", ("周纯",), "text 作者："),
])
def test_bylines_written_the_web_way(line: str, names: tuple[str, ...], rule: str) -> None:
    assert find_authors([line], None, line, {}) == (names, rule)


def test_a_photo_credit_is_no_byline() -> None:
    line = "资料图：市民在寒冷天气中出行。中新社记者 贾天勇 摄"
    assert find_authors([line], None, line, {}) is None


def test_a_reported_note_in_parentheses_is_a_byline() -> None:
    assert parse_byline("（记者陈智 整合）") == ("陈智",)


def test_json_ld_nested_past_the_stack_is_read_as_text() -> None:
    """A crafted page whose JSON-LD nests 100,000 lists deep is read like any page whose
    JSON-LD does not parse: its plain fields are still found, nothing stops the run."""
    from bs4 import BeautifulSoup

    from indexer.readers.structured_data import json_ld

    script = ('<script type="application/ld+json">{"datePublished": "2020-05-01", "x": '
              + "[" * 100_000 + "]" * 100_000 + "}</script>")
    assert json_ld(BeautifulSoup(script, "lxml")) == [{"datePublished": "2020-05-01"}]
