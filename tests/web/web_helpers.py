"""Helpers of the web tests: parsing pages and links."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    """The parsed HTML of a test-client response."""
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def link(url: str) -> tuple[str, list[tuple[str, str]]]:
    """A URL as (path, [(name, value), ...]) in order, decoded."""
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query)


def text(node) -> str:
    """The visible text of a node, whitespace collapsed."""
    return " ".join(node.get_text().split())


def marks(node) -> list[str]:
    """The texts of the <mark> elements below ``node``, in order."""
    return [m.get_text() for m in node.select("mark")]


def hit_ids(page: BeautifulSoup) -> list[str]:
    return [li["data-id"] for li in page.select("ol.hits li.hit")]


def facet(page: BeautifulSoup, name: str) -> list[tuple[str, str, int, bool]]:
    """A facet of the sidebar as [(value, label, count, selected), ...]."""
    return [(a["data-value"], a.select_one(".label").get_text(),
             int(a.select_one(".count").get_text().replace(",", "")),
             "selected" in a["class"])
            for a in page.select(f'section.facet[data-facet="{name}"] a.facet-value')]
