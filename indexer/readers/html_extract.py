"""The main text of an article page, as paragraphs joined by "\\n".

readability-lxml finds the block that holds the article. Two things are added for Chinese
pages: readability scores a paragraph by its ASCII commas, which Chinese text hardly has,
so ``_HanziDocument`` also counts Chinese clause punctuation (，。；、！？); and BeautifulSoup
strips, before and after, what Chinese news pages wrap around an article: navigation, share
widgets, comment boxes, "责任编辑" and "分享到" lines, print/close links.
"""
from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning
from readability import Document
from readability.readability import Unparseable

from .dates import find_dates

_CLAUSE_MARKS = re.compile(r"[，。；、！？]")

# Tags that never hold article text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "textarea", "button",
              "input", "nav", "aside", "footer", "object", "embed", "svg", "canvas", "map")

# class/id words of page furniture (matched against whole words of the attribute).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navi|navbar|menu|breadcrumbs?|crumbs?|footer|foot|copyright|"
    r"comments?|cmt|reply|share|bdshare|jiathis|sharebox|social|ads?|advert|advertisement|"
    r"guanggao|banner|sidebar|side|related|recommend|relnews|hotnews|toolbar|tools|"
    r"login|pagination|pager|print|qrcode|ewm|feedback)(?:$|[\s_-])",
    re.I,
)
_ARTICLE_WORDS = re.compile(r"article|artical|content|main|body|text|entry|post|detail|story",
                            re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Lines that are page furniture even inside the article block.
_JUNK_LINE = re.compile(
    r"^[(（\[【]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|值班编辑|监制|来源|稿源)\s*[:：].{0,30}$"
    r"|^(?:分享到|分享至|扫一扫|打印本页|关闭窗口|返回顶部|发表评论|网友评论|我要评论|我来说两句)"
    r"|^[【\[]?\s*(?:打印|关闭|收藏|纠错|字号|推荐给朋友)"
    r"|^(?:上一篇|下一篇|相关新闻|相关阅读|相关链接|延伸阅读|推荐阅读|热点推荐)\s*[:：]?"
    r"|^[(（]?(?:原标题|本文来源|文章来源)\s*[:：]"
    r"|^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]"
    r"|^.{0,30}(?:>>|》》|»)$"  # "点击进入…>>" link prompts
    r"|^(?:[【\[]\d{1,3}[】\]]\s*)+$|^(?:上一页|下一页|首页|尾页|\d{1,3}|\s)+$",  # pagers
)
_BACK_HOME = re.compile(r"\s*返回\S{0,12}首页\s*(?:>>|》》|»)?$")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
               "table", "section", "article", "blockquote", "pre", "dd", "dt", "ul", "ol"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b]+")


class _HanziDocument(Document):
    """readability's Document, crediting Chinese clause punctuation as it credits commas."""

    def score_paragraphs(self) -> dict[Any, dict[str, Any]]:
        candidates: dict[Any, dict[str, Any]] = super().score_paragraphs()
        density: dict[object, float] = {}
        for elem in self.tags(self._html(), "p", "pre", "td", "blockquote"):
            text = elem.text_content() or ""
            if len(text.strip()) < self.min_text_length:
                continue
            bonus = len(_CLAUSE_MARKS.findall(text))
            parent = elem.getparent()
            for node, share in ((parent, 1.0), (parent.getparent() if parent is not None
                                                  else None, 0.5)):
                if node is None or node not in candidates:
                    continue
                if node not in density:
                    density[node] = self.get_link_density(node)
                candidates[node]["content_score"] += bonus * share * (1 - density[node])
        return candidates


def parse_html(html: str) -> BeautifulSoup:
    """``html`` parsed by lxml's HTML parser. A file named .html is read as HTML even when
    it looks like XML, so BeautifulSoup's warning about that is silenced here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


def strip_furniture(soup: BeautifulSoup) -> BeautifulSoup:
    """Remove in place what is never article text; returns ``soup``. An element named like
    furniture ("share", "nav", "comment") or hidden by its style stays when its name also
    says it is the article ("article", "content") or it holds most of the page's prose:
    some sites hide the article until a script shows it."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    prose = _prose(soup)
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        words = " ".join(_attr(tag, "class") + _attr(tag, "id"))
        hidden = bool(_HIDDEN.search(str(tag.get("style") or "")))
        if not hidden and not (words and _FURNITURE.search(words)):
            continue
        if _prose(tag) * 2 > prose or (not hidden and _ARTICLE_WORDS.search(words)):
            if hidden:
                del tag["style"]
            continue
        tag.decompose()
    return soup


def _prose(node: Tag) -> int:
    """How much prose ``node`` holds: its Chinese clause punctuation marks."""
    return len(_CLAUSE_MARKS.findall(node.get_text()))


def keep_first_post(soup: BeautifulSoup) -> BeautifulSoup:
    """On a page that lists several dated posts (a blog's front page, a forum thread with
    long replies), keep only the first. Posts are siblings of the same tag and class, at
    least three of them each carrying a timestamp and some prose, together holding at least
    half of the page's prose; every sibling of that shape after the first post is removed
    in place. Returns ``soup``."""
    total = _prose(soup)
    for parent in soup.find_all(True):
        if parent.decomposed:
            continue
        groups: dict[tuple[str, tuple[str, ...]], list[Tag]] = {}
        for child in parent.find_all(True, recursive=False):
            groups.setdefault((child.name, tuple(_attr(child, "class"))), []).append(child)
        for members in groups.values():
            posts = [m for m in members if _looks_like_post(m)]
            prose = sum(_prose(p) for p in posts)
            if len(posts) >= 3 and prose * 2 >= total:
                for later in members[members.index(posts[0]) + 1:]:
                    later.decompose()
                return soup
    return soup


def _looks_like_post(tag: Tag) -> bool:
    text = tag.get_text(" ")
    if _prose(tag) < 5:
        return False
    return any(found.has_time for found in find_dates(text))


def _attr(tag: Tag, name: str) -> list[str]:
    value = tag.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [str(value)]


def block_lines(node: Tag) -> list[str]:
    """The text of ``node`` as lines: one per block element or <br>, spaces collapsed."""
    parts: list[str] = []
    for item in node.descendants:
        if isinstance(item, Comment):
            continue
        if isinstance(item, NavigableString):
            parts.append(str(item))
        elif isinstance(item, Tag) and item.name in _BLOCK_TAGS:
            parts.append("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def clean_lines(lines: list[str]) -> list[str]:
    """Drop furniture lines ("责任编辑：…", "分享到", "【打印】", "上一篇", pagers) and a
    trailing "返回…首页>>" link."""
    kept = [line for line in lines if not _JUNK_LINE.search(line)]
    if kept:
        kept[-1] = _BACK_HOME.sub("", kept[-1])
    return [line for line in kept if line]


def drop_title(lines: list[str], title: str) -> list[str]:
    """``lines`` without leading lines that only repeat the headline."""
    key = _squash(title)
    start = 0
    while key and start < min(len(lines), 3) and _squash(lines[start]) == key:
        start += 1
    return lines[start:]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def readability_lines(html: str) -> list[str]:
    """The lines readability-lxml alone keeps (the "readability alone" baseline)."""
    return _summary_lines(Document(html))


def _summary_lines(document: Document) -> list[str]:
    try:
        summary = document.summary(html_partial=True)
    except Unparseable:
        return []
    return block_lines(parse_html(summary))


def extract_lines(html: str) -> list[str]:
    """The article's paragraphs, furniture removed; an empty list when none is found.
    When readability keeps less than a fifth of the page's prose (it found the wrong block,
    or none), the page's prose lines outside links are taken instead."""
    soup = keep_first_post(strip_furniture(parse_html(html)))
    if soup.body is None:
        return []
    page_prose = _prose(soup.body)
    lines = _summary_lines(_HanziDocument(str(soup), min_text_length=10, retry_length=100))
    if page_prose >= 10 and sum(len(_CLAUSE_MARKS.findall(x)) for x in lines) * 5 < page_prose:
        for link in soup.body.find_all("a"):
            link.decompose()
        lines = [x for x in block_lines(soup.body) if len(x) >= 15 and _CLAUSE_MARKS.search(x)]
    return clean_lines(lines)
