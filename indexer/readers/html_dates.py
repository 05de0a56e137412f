"""The publication date of an article page, and the rule that found it.

Tried in this order, the first date found wins:

1. a publication meta tag (``article:published_time``, ``pubdate``, ``publishdate``,
   ``PubDate``… and ``itemprop="datePublished"`` metas): rule ``meta NAME``;
2. ``<time datetime>``: rule ``<time datetime>``;
3. JSON-LD ``datePublished``, then microdata ``itemprop="datePublished"`` on another
   element: rules ``json-ld datePublished``, ``microdata datePublished``;
4. the lines around the headline and a short signature line ending the body ("写于2005年6月
   12日"): rule ``text LABEL`` when a label stands before the date (``发布时间：``,
   ``来源：``…), else ``text near the headline`` or ``text signature``;
5. a labelled or timed date anywhere on the page: rule ``text LABEL`` or ``text timed``;
6. the posting time a WeChat article page keeps in a script (``var ct = "1581517074"``,
   seconds since 1970, dated in China's time): rule ``script var ct``;
7. the URL (``/2020-05/01/``, ``/20200501/``, ``t20200501_``): rule ``url`` and the part read.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

from .dates import FoundDate, find_dates, parse_date
from .structured_data import json_ld_value, microdata_value

DATE_META = ("article:published_time", "og:published_time", "og:release_date", "og:time",
             "pubdate", "publishdate", "publish_date", "publishtime", "publish-time",
             "firstpublishedtime", "datepublished", "date", "dc.date", "dc.date.issued",
             "dcterms.issued", "dcterms.created", "citation_date",
             "citation_publication_date", "prism.publicationdate", "sailthru.date",
             "weibo: article:create_at", "apub:time",
             "dateupdate")  # Baidu's 百家号 pages date their articles with this only
_DATE_LABEL = re.compile(r"(?:发布|发表|更新|录入|出版|刊发|日期|时间|发表于|posted|published)",
                         re.I)
_LABEL_BEFORE = re.compile(r"(发布时间|发表时间|发布日期|出版日期|更新时间|录入时间|发表于|日期"
                           r"|时间|来源|发布|posted|published)\s*[:：]?\s*\S{0,16}?\s*$", re.I)
_SCRIPT_TIME = re.compile(r"\bvar\s+ct\s*=\s*\"(\d{10})\"")
_CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
_URL_DATE = re.compile(r"(?:/|(?<=/)t)((?:19|20)\d\d)[-/_]?(\d\d)[-/_]?(\d\d)(?:/|\d|_|\.)")


@dataclass(frozen=True)
class Found:
    """A value read from a page and the rule that found it."""

    value: str
    rule: str


def script_date(soup: BeautifulSoup) -> str | None:
    """The posting day of a WeChat article page, from its script's ``var ct``; None."""
    for script in soup.find_all("script"):
        match = _SCRIPT_TIME.search(script.string or "")
        if match:
            return dt.datetime.fromtimestamp(int(match.group(1)), _CHINA_TIME).date().isoformat()
    return None


def page_date(soup: BeautifulSoup, metas: dict[str, str], lines: list[str],
              header: list[str], body: str, url: str | None,
              scripted: str | None = None) -> Found | None:
    """The page's publication date (ISO) and its rule, or None. ``metas`` are the page's
    meta tags (lower-cased names), ``header`` the lines around the headline, ``scripted``
    what ``script_date`` found before the page's scripts were removed."""
    for key in DATE_META:
        found = parse_date(metas.get(key))
        if found:
            return Found(found, f"meta {key}")
    for tag in soup.find_all("time"):
        found = parse_date(tag.get("datetime") if isinstance(tag.get("datetime"), str) else "")
        if found:
            return Found(found, "<time datetime>")
    found = parse_date(json_ld_value(soup, "datePublished"))
    if found:
        return Found(found, "json-ld datePublished")
    found = parse_date(microdata_value(soup, "datePublished"))
    if found:
        return Found(found, "microdata datePublished")
    signature = [p for p in body.splitlines()[-2:] if len(p) <= 40]
    for line in header + signature:
        dated = next(find_dates(line), None)
        if dated:
            where = "near the headline" if line in header else "signature"
            return Found(dated.iso, _text_rule(line, dated) or f"text {where}")
    for line in lines:
        for dated in find_dates(line):
            rule = _text_rule(line, dated)
            if dated.has_time or _DATE_LABEL.search(line[max(0, dated.start - 12):dated.start]):
                return Found(dated.iso, rule or "text timed")
    if scripted:
        return Found(scripted, "script var ct")
    match = _URL_DATE.search(url or "")
    found = parse_date("".join(match.groups())) if match else None
    return Found(found, f"url {match.group(0)}") if found and match else None


def _text_rule(line: str, dated: FoundDate) -> str | None:
    """``text 发布时间：`` when a label stands shortly before the date in ``line``."""
    match = _LABEL_BEFORE.search(line[max(0, dated.start - 24):dated.start])
    return f"text {match.group(1)}：" if match else None
