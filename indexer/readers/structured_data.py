"""What a page declares about its article in structured data: JSON-LD (``<script
type="application/ld+json">``) and microdata (``itemprop``), the way schema.org
``NewsArticle`` markup writes ``datePublished`` and ``author``.

Broken JSON is read as far as a regular expression can (many Chinese sites write JSON-LD
with stray commas or raw line breaks); nothing here raises for odd pages.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup

_PERSON_TYPES = ("Person", "")


def json_ld(soup: BeautifulSoup) -> list[Any]:
    """The parsed JSON-LD objects of the page (objects inside ``@graph`` and lists too)."""
    found: list[Any] = []
    for script in soup.find_all("script", type="application/ld+json"):
        text = script.string or script.get_text() or ""
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's stack
            data = _salvage(text)
        found.extend(_objects(data))
    return found


def _salvage(text: str) -> dict[str, Any]:
    """The plain string fields of JSON-LD that does not parse."""
    return {key: value for key, value in re.findall(r'"(\w+)"\s*:\s*"([^"]*)"', text)}


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"))


def json_ld_value(soup: BeautifulSoup, key: str) -> str | None:
    """The first string value of ``key`` in the page's JSON-LD."""
    for item in json_ld(soup):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def json_ld_authors(soup: BeautifulSoup) -> list[str]:
    """The names of the ``author`` of the page's JSON-LD (people, not organisations)."""
    for item in json_ld(soup):
        author = item.get("author")
        people = author if isinstance(author, list) else [author]
        names = [_person_name(p) for p in people]
        names = [n for n in names if n]
        if names:
            return names
    return []


def _person_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict) and value.get("@type", "") in _PERSON_TYPES:
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    return None


def microdata_value(soup: BeautifulSoup, prop: str) -> str | None:
    """The value of the first element with ``itemprop=prop`` that is not a <meta> (those
    are read with the meta tags): its ``datetime`` or ``content``, else its text."""
    for tag in soup.find_all(attrs={"itemprop": prop}):
        if tag.name == "meta":
            continue
        for attr in ("datetime", "content"):
            value = tag.get(attr)
            if isinstance(value, str) and value.strip():
                return value.strip()
        text = tag.get_text(" ", strip=True)
        if text:
            return text
    return None
