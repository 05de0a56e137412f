"""What an article page says about itself: title, date, authors, source, URL and 版次.

Meta tags are read first where they are reliable (publication times, canonical URL); the
rest comes from the page's visible lines around the headline, where Chinese news pages put
their information line: "2019年10月1日 08:30 来源：人民日报 作者：李小文".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from .bylines import parse_byline, parse_dateline
from .dates import find_dates
from .html_dates import page_date, script_date
from .html_extract import block_lines
from .structured_data import json_ld_authors

_HAN = r"[\u3400-\u9fff]"
_SOURCE_META = ("contentsource", "source", "og:site_name", "sitename", "application-name",
                "prism.publicationname", "citation_journal_title")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|--|——|\s[-|｜–—]\s|｜|-{1,2}\s|\s-)\s*")
_SOURCE = re.compile(r"(?:来源|来自|稿源|出处)\s*[:：]\s*[\[【(（]?\s*([^\s\]】)）|｜]{2,20}?)"
                     r"(?=$|\s|[\]】)）|｜]|作者|编辑|责编|记者|时间|日期|发布|点击|浏览)")
_NOT_A_SOURCE = re.compile(r"^(?:转载|原创|网络|互联网|本站|网友|综合|未知|其他|转载文章)")
_PAGE = re.compile(r"(?:版次\s*[:：]\s*|第\s*)([A-Za-z]?\d{1,3})\s*版|(?<![A-Za-z\d])([A-Z]\d{1,2})"
                   r"\s*版(?!本|权)")
_HEADER_SPAN = 12


@dataclass(frozen=True)
class PageMeta:
    """The metadata of one article page; None where the page does not say."""

    title: str
    date: str | None
    authors: tuple[str, ...]
    source: str | None
    url: str | None
    page: str | None
    date_rule: str | None = None  # the rule that found the date ("meta pubdate")
    authors_rule: str | None = None  # the rule that found the authors ("text 作者：")


def page_meta(soup: BeautifulSoup, body: str) -> PageMeta:
    """Read title, date, authors, source, URL and 版次 from a parsed page and its extracted
    body. Never raises for odd pages: what cannot be found is None (or "" for the title)."""
    metas = _meta_tags(soup)
    scripted = script_date(soup)
    for tag in soup(["script", "style", "noscript", "template"]):
        if not tag.decomposed and tag.get("type") != "application/ld+json":
            tag.decompose()
    lines = block_lines(soup.body or soup)
    title = find_title(soup, metas, lines, body)
    start = _title_line(lines, title)
    header = lines[start or 0:(start or 0) + _HEADER_SPAN]
    url = _url(soup, metas)
    before = lines[max(0, start - 3):start] if start else []
    date = page_date(soup, metas, lines, header + before[::-1], body, url, scripted)
    authors = find_authors(lines, start, body, metas, _site_words(soup, metas),
                           json_ld_authors(soup))
    return PageMeta(
        title=title,
        date=date.value if date else None,
        authors=authors[0] if authors else (),
        source=_source(metas, header, body, soup),
        url=url,
        page=_page(header),
        date_rule=date.rule if date else None,
        authors_rule=authors[1] if authors else None,
    )


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """meta name/property/itemprop (lower-cased, stripped) → content; the first one wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def strip_site_name(title: str) -> str:
    """"标题_财经_腾讯网" → "标题"; "千龙网--北京--标题" → "标题": the longest part."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    return max(parts, key=len) if parts else title.strip()


def find_title(soup: BeautifulSoup, metas: dict[str, str], lines: list[str], body: str) -> str:
    """The headline: an <h1>/<h2> agreeing with <title> or og:title; else the visible line
    that <title> starts or ends with; else og:title or <title> without the site name; else
    the body's first line when it reads like a headline; else ""."""
    head = soup.title.get_text(" ", strip=True) if soup.title else ""
    named = metas.get("og:title") or metas.get("twitter:title") or metas.get("title") or ""
    main = [_squash(strip_site_name(t)) for t in (named, head) if t]
    first = [_squash(_TITLE_SEPARATORS.split(t)[0]) for t in (named, head) if t]
    headings = [h.get_text(" ", strip=True) for h in soup.find_all(["h1", "h2"], limit=12)]
    for heading in headings:
        key = _squash(heading)
        if (len(key) >= 4 and any(key in m or m in key for m in main if m)) or key in first:
            return re.sub(r"\s+", " ", heading)
    whole = _squash(named or head)
    shown = [line for line in lines[:400] if 6 <= len(_squash(line)) < len(whole)
             and (whole.startswith(_squash(line)) or whole.endswith(_squash(line)))]
    if shown:
        return max(shown, key=len)
    if named or head:
        return strip_site_name(named or head)
    first_line = body.split("\n", 1)[0].strip()
    headline = len(first_line) <= 40 and not re.search(r"[。！？；]|\d{1,2}[:：]\d\d", first_line)
    return first_line if headline else ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title_line(lines: list[str], title: str) -> int | None:
    """Index of the headline among the page's lines (the last of a run of repeats), or None."""
    key = _squash(title)
    if not key:
        return None
    for i, line in enumerate(lines[:400]):
        if _is_title(line, key):
            while i + 1 < len(lines) and _is_title(lines[i + 1], key):
                i += 1
            return i
    return None


def _is_title(line: str, key: str) -> bool:
    squashed = _squash(line)
    return squashed == key or (len(squashed) >= 6 and squashed in key)


def _source(metas: dict[str, str], header: list[str], body: str,
            soup: BeautifulSoup) -> str | None:
    tail = body.splitlines()[-3:]
    for line in header + tail:
        for match in _SOURCE.finditer(line):
            name = match.group(1).strip("：:")
            if not _NOT_A_SOURCE.match(name):
                return name
    for key in _SOURCE_META:
        value = re.sub(r"^(?:来源|来自)\s*[:：]\s*", "", metas.get(key, ""))
        if re.search(_HAN, value):
            value = value.split()[0]
        if value and not _NOT_A_SOURCE.match(value):
            return value
    head = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = [p for p in _TITLE_SEPARATORS.split(head) if p.strip()]
    return parts[-1].strip() if len(parts) > 1 and len(parts[-1]) <= 12 else None


def _url(soup: BeautifulSoup, metas: dict[str, str]) -> str | None:
    link = soup.find("link", rel="canonical")
    href = link.get("href") if isinstance(link, Tag) else None
    for candidate in (href, metas.get("og:url")):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.strip()
    return None


def _page(header: list[str]) -> str | None:
    """The 版次 ("A3", "5") from an information line near the headline."""
    for line in header:
        if len(line) > 80:
            continue
        match = _PAGE.search(line)
        if match:
            page = (match.group(1) or match.group(2)).upper()
            return re.sub(r"^([A-Z]?)0+(?=\d)", r"\1", page)
    return None


# --- authors -------------------------------------------------------------------------------

_PERSON = re.compile(rf"{_HAN}{{2,4}}|{_HAN}{{1,8}}(?:[·・]{_HAN}{{1,8}}){{1,3}}")
_NOT_PERSON = re.compile(
    r"本报|本刊|本站|记者|通讯员|编辑|责任|来源|综合|报道|整理|摄影|图片|视频|发自|网友|作者|原创|转载"
    r"|佚名|匿名|新华社|楼主|网页|导航|分享|字号|收藏|评论|打印|关注|返回|首页|更多|登录|注册|阅读"
    r"|转发|举报|管理|^未知|^(?:\S{2,})(?:报|社|网|台|站|刊|部|馆|院|所|委|中心|频道|新闻|消息|论坛"
    r"|博客|大学|学院|公司|集团|政府|委员会|局|厅|办|版|支部)$"
)
_ROLE_WORD = re.compile(r"(?:本报|本刊|特约|见习|实习|首席)?(?:记者|通讯员|实习生)")
_SEPARATORS = re.compile(r"[\s、，,;；/／【】]+")
_PARENTHESIZED = re.compile(r"[（(]([^（）()]{2,40})[）)]")
_LABELLED = re.compile(r"(?:(?P<label>作者|执笔人?|撰文|撰稿人?|采写|记者)\s*[:：]|作者(?=\s))\s*"
                       r"(?P<names>\S.{0,40})")
_GLUED = re.compile(rf"(?:记者|通讯员)\s*(?P<names>{_HAN}{{2,4}}?)(?:发自|报道|[/／]\s*文)")
_SLASH = re.compile(rf"(?:^|\s)(?:文|文字|撰文|文/图|图/文)\s*[/／|｜]\s*(?P<names>\S.{{0,30}})"
                    rf"|(?P<name>{_HAN}{{2,4}})\s*[/／]\s*文(?!{_HAN})")
_TRAILING = re.compile(rf"[（(](?P<names>[^（）()]{{2,30}}?)\s*(?:{_HAN}{{2,6}}报道)?\s*[）)]$")
_CREDIT_LINE = re.compile(rf"^\S{{0,12}}?(?:记者|通讯员)\s*{_HAN}{{2,4}}(?:[\s、]+{_HAN}{{2,4}})*?"
                          rf"\s*(?:发自{_HAN}{{0,8}}|报道|[/／]\s*文)$")
_BRACKETED = re.compile(rf"\[\s*({_HAN}{{2,4}})\s*\]")
_HANDLE = re.compile(r"(?:作者|楼主|发帖人)\s*[:：]\s*(\S{2,20})"
                     r"|由\s*(\S{2,20}?)\s*(?:张贴|发表|发布)|\bby\s+(?P<by>[^\s〓|]{2,20})", re.I)
_AUTHOR_META = ("citation_author", "citation_authors", "dc.creator", "author", "article:author",
                "og:article:author")


def _names_in(text: str, *, whole: bool = False) -> tuple[str, ...]:
    """The person names at the start of ``text`` (all of it when ``whole``); () if none."""
    names: list[str] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        if not _PERSON.fullmatch(token) or _NOT_PERSON.search(token):
            if whole:
                return ()
            break
        names.append(token)
    return tuple(dict.fromkeys(names))


def is_credit_line(line: str) -> bool:
    """True for a line that is only a byline written the web way: "本报记者罗科苏盈发自北京",
    "河南商报记者马俊峰/文" (``bylines.Credits`` reads the newspaper forms)."""
    return len(line) <= 30 and bool(_CREDIT_LINE.match(line.strip()))


def _byline_names(line: str) -> tuple[tuple[str, ...], str] | None:
    """Names of a byline anywhere in ``line`` and the rule that read them: "…频道 记者 伊琳
    李清芬", "本站讯（职工通讯员 李琴雯 刘会）…", "作者：X", "本报记者X发自北京", "X/文", "文/X"."""
    for segment in [line, *_PARENTHESIZED.findall(line)]:
        inside = segment != line
        for match in _ROLE_WORD.finditer(segment):
            rest = segment[match.start():]
            names = parse_byline(f"（{rest}）" if inside else rest)
            if names:
                role = match.group(0)
                return names, f"text （{role} …）" if inside else f"text {role} …"
    for pattern, rule in ((_GLUED, "text 记者…发自"), (_LABELLED, "text {label}："),
                          (_SLASH, "text 文/")):
        match = pattern.search(line)
        if match:
            names = _names_in(match.group("names") or match.groupdict().get("name") or "")
            if names:
                label = match.groupdict().get("label") or "作者"
                return names, rule.format(label=label)
    return None


def _site_words(soup: BeautifulSoup, metas: dict[str, str]) -> str:
    """The site's own name as the page writes it: <title> minus its headline, og:site_name."""
    head = soup.title.get_text(" ", strip=True) if soup.title else ""
    return head.replace(strip_site_name(head), " ") + " " + metas.get("og:site_name", "")


def find_authors(lines: list[str], start: int | None, body: str, metas: dict[str, str],
                 site: str = "", structured: list[str] | None = None,
                 ) -> tuple[tuple[str, ...], str] | None:
    """The article's authors and the rule that found them, from the first of: a byline near
    the headline or at either end of the body; a closing "（姓名 地点报道）"; a line of names
    right under the headline; JSON-LD ``author`` (``structured``) or the author meta tags;
    a forum poster ("作者：网名"). None when there is none: the editor ("责任编辑：X") is
    never taken for the author."""
    paragraphs = [p for p in body.splitlines() if p.strip()]
    header = lines[(start or 0) + 1:(start or 0) + _HEADER_SPAN]
    edges = header + paragraphs[:3] + paragraphs[-4:]
    for line in edges:
        names = parse_dateline(line) if line in paragraphs[:3] else None
        if names:
            return names, "text dateline （记者 …）"
        found = _byline_names(line)
        if found:
            return found
    for line in paragraphs[-2:]:
        match = _TRAILING.search(line.strip())
        if match and (names := _names_in(match.group("names"), whole=True)):
            return names, "text closing （… 报道）"
    for line in header[:2] if start is not None else ():
        names = _names_in(line, whole=True)
        if names and len(line) <= 30 and all(len(n) <= 3 for n in names):
            return names, "text names under the headline"
    for line in header:
        match = _BRACKETED.search(line) if "来源" in line else None
        if match and (names := _names_in(match.group(1), whole=True)):
            return names, "text 来源 [name]"
    candidates = [("json-ld author", " ".join(structured or ()))]
    candidates += [(f"meta {key}", metas.get(key, "")) for key in _AUTHOR_META]
    for rule, raw in candidates:
        value = re.sub(rf"(?<={_HAN})\s+(?={_HAN})", "", raw)
        names = _names_in(value, whole=True)
        if names and all(len(n) <= 3 or "·" in n for n in names) \
                and not any(name in site for name in names):
            return names, rule
    for line in lines:
        match = _HANDLE.search(line) if len(line) <= 80 else None
        if match and (match.group(1) or next(find_dates(line), None)):
            handle = next(g for g in match.groups() if g)
            if not _NOT_PERSON.search(handle):
                return (handle,), "text forum poster"
    return None
