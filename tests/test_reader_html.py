"""Saved article pages: one Article per page, or a Failure saying why not."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_paths import TEST_CORPUS

from indexer.article import Article
from indexer.readers import Failure, read_paths, reader_for
from indexer.readers.html import HtmlReader
from indexer.readers.html_encoding import decode_html

CORPUS = TEST_CORPUS
CWCED = CORPUS / "raw" / "cwced"
DATA = Path(__file__).resolve().parent / "data" / "html"
# UTF-8 pages declaring gb2312, written for the tests from 人民日报 articles
PAGES = Path(__file__).resolve().parent / "data" / "pages"


def read_one(path: Path) -> Article:
    items = list(HtmlReader().read(path))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def cwced(stem: str) -> Path:
    return next((CWCED / "original").glob(f"{stem}*.html"))


def test_handmade_gbk_page_is_read_whole() -> None:
    """A GBK page whose meta says utf-8, with navigation, a byline, share and comment boxes."""
    path = DATA / "gbk-meta-says-utf8.html"
    assert read_one(path) == Article(
        id="h-21a7334188627d85",
        title="城西新建三座社区图书馆",
        body="昨天上午，城西区三座社区图书馆同时开放，居民凭身份证即可免费借阅图书。\n"
             "据介绍，三座图书馆共有藏书两万余册，每天开放十二个小时，周末也不闭馆。\n"
             "“以前借书要坐半小时公交车，现在下楼就到。”家住城西的李阿姨说。",
        source="江城晚报",
        date="2019-10-08",
        page="A3",
        authors=("王小明",),
        origin="html",
        source_file=str(path),
    )


@pytest.mark.parametrize(("stem", "title", "first_sentence"), [
    ("ecbe8d49", "利益集团左右电力体制改革 华东上调超发电价",
     "一个简单的推断是：超发电价的上调，实际上就意味着上网电价上调，“最为直接的影响是，销售电价必将再次"
     "面临上涨的压力”。"),
    ("7c6d2080", "劳伦斯：一个无法定义的“洛克菲勒”",
     "他是一个影响卓著的巨型财团继承人、他是一个美国现代风险投资的开拓者……"),
])
def test_gbk_page_title_and_first_sentence(stem: str, title: str, first_sentence: str) -> None:
    article = read_one(cwced(stem))
    assert decode_html(cwced(stem).read_bytes(), cwced(stem)).encoding == "gb18030"
    assert (article.title, article.body.split("\n")[0]) == (title, first_sentence)


@pytest.mark.parametrize(("page", "title", "first_line"), [
    ("netease-article.html", "田径世锦赛 我国选手佳绩频传",
     "本报多哈10月5日电 （记者刘硕阳）当地时间4日晚，在卡塔尔多哈举行的2019国际田联世界田径锦标赛"
     "男子4×100米接力预赛中，由苏炳添、许周政、吴智强和谢震业组成的中国接力队以37秒79的成绩刷新了全国"
     "纪录，顺利晋级决赛。在女子4×100米接力比赛中，中国队时隔22年再度闯入决赛。"),
    ("people-article.html", "黑土地上桃花源",
     "沿牡丹江水顺流而下，眼前是一处三面环水的世外桃源：水波萦绕，垂柳环抱，民居掩映其中。这里是牡丹江"
     "宁安市渤海镇小朱家村，来过的人们称之为“人间仙境”“世外桃源”“鱼米之乡”。"),
])
def test_page_whose_meta_charset_lies(page: str, title: str, first_line: str) -> None:
    """These pages are UTF-8 but declare gb2312."""
    article = read_one(PAGES / page)
    assert (article.title, article.body.split("\n")[0]) == (title, first_line)


def _label_date(text: str) -> str:
    year, month, day = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text).groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


@pytest.mark.parametrize(("stem", "date", "authors"), [
    ("7c6d2080", "2004-07-16", ("黄宇",)),  # sohu: "[ 黄宇 ] 来源：[ 国际金融报 ]"
    ("a0cb0242", "2005-08-16", ("伊琳", "李清芬")),  # "新华网黑龙江频道 记者 伊琳 李清芬"
    ("ab65832c", "2003-07-24", ("刘国栋", "周炜", "王燕平", "方云凤", "柏建斌")),
    ("aefcf136", "2022-02-13", ("格桑边觉",)),  # "据新华社拉萨电（记者 格桑边觉）"
    ("ecbe8d49", "2005-01-14", ("姚峰",)),  # closing "（姚峰 上海报道）"
    ("91bdf33e", "2022-01-20", ("常书香", "马丹阳")),
    ("d96c76b7", "2015-11-05", ("孙仲旻",)),  # "作者:孙仲旻"
])
def test_date_and_authors_equal_the_hand_labels(
        stem: str, date: str, authors: tuple[str, ...]) -> None:
    path = cwced(stem)
    label_date = (CWCED / "date" / f"{path.stem}.txt").read_text(encoding="utf-8")
    label_authors = (CWCED / "author" / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert (_label_date(label_date), tuple(re.split(r"[\s、]+", label_authors.strip()))) == (
        date, authors)
    article = read_one(path)
    assert (article.date, article.authors) == (date, authors)


@pytest.mark.parametrize(("stem", "furniture"), [
    ("7c6d2080", ["搜狐首页", "我来说两句", "页面功能"]),
    ("8baa71e3", ["责任编辑", "精彩推荐", "汽车新闻排行", "进入汽车论坛"]),
    ("b4c2eccd", ["网友评论", "本报记者罗科苏盈发自北京"]),
    ("ecbe8d49", ["最新评论", "网易通行证"]),
])
def test_navigation_comments_and_credits_leave_the_body(stem: str, furniture: list[str]) -> None:
    path = cwced(stem)
    page = decode_html(path.read_bytes(), path).text
    body = read_one(path).body
    assert [(f, f in page, f in body) for f in furniture] == [(f, True, False) for f in furniture]


def test_blog_front_page_keeps_its_first_post() -> None:
    article = read_one(cwced("8f1cdd94"))
    lines = article.body.split("\n")
    assert (article.date, article.authors, len(lines), lines[0], lines[-1]) == (
        "2005-03-21", ("海姑娘",), 6,
        "距墨爾本西北約110公里處，是當年澳大利亞發現第一塊天然黃金的地方，現在是維多利亞州最受游客歡迎的"
        "觀光城市。",
        "反正金矿让人很难忘呢， 尤其是开高速,110公里好爽呀.")


def test_bad_files_yield_failures_and_reading_goes_on() -> None:
    items = list(read_paths([DATA]))
    assert [i if isinstance(i, Failure) else ("article", i.title) for i in items] == [
        Failure(str(DATA / "binary.html"), "binary file (NUL bytes), not text"),
        Failure(str(DATA / "empty.html"), "empty file"),
        ("article", "城西新建三座社区图书馆"),
        Failure(str(DATA / "truncated.html"),
                "no article text found; the page looks cut off (no </html>)"),
        Failure(str(DATA / "undecodable.html"),
                "cannot decode HTML: not UTF-8 or GB18030, and charset-normalizer finds no "
                "encoding"),
    ]


def test_text_file_named_html(tmp_path: Path) -> None:
    path = tmp_path / "note.html"
    path.write_text("这不是网页，只是一段文字。\n", encoding="utf-8")
    assert list(HtmlReader().read(path)) == [
        Failure(str(path), "not an HTML page (no HTML tags; read as utf-8 (undeclared))")]


def test_list_page_without_an_article() -> None:
    path = PAGES / "issue-list.html"  # an issue's headlines, each a link
    assert list(HtmlReader().read(path)) == [Failure(str(path), "no article text found")]


def test_page_with_only_links(tmp_path: Path) -> None:
    path = tmp_path / "links.html"
    path.write_text('<html><body><a href="/">首页</a> https://www.gov.cn/</body></html>',
                    encoding="utf-8")
    assert list(HtmlReader().read(path)) == [
        Failure(str(path), "no article text found (only a headline, credits or links)")]


@pytest.mark.parametrize(("name", "taken"), [
    ("a.html", True), ("A.HTM", True), ("page.shtml", True), ("a.txt", False), ("html", False),
])
def test_accepts_by_suffix(name: str, taken: bool) -> None:
    assert HtmlReader().accepts(Path(name)) is taken


def test_registry_picks_the_html_reader() -> None:
    assert reader_for(Path("x/2019/page.shtml")).name == "html"


def test_xml_looking_file_is_read_as_html_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "feed.html"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<rss><channel><item>'
                    "<title>城西图书馆开放</title><description>城西区三座社区图书馆昨天同时开放，"
                    "居民可免费借阅。</description></item></channel></rss>", encoding="utf-8")
    article = read_one(path)
    assert (article.title, article.body) == (
        "城西图书馆开放", "城西图书馆开放城西区三座社区图书馆昨天同时开放，居民可免费借阅。")
