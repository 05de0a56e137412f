"""Saved article pages (.html, .htm, .shtml): one Article per page.

The page's bytes are decoded by ``html_encoding`` (meta charsets lie), its main text is found
by ``html_extract`` and its title, date, authors, source, URL and 版次 by ``html_meta``.
Byline and photo-credit paragraphs leave the body for ``authors`` and ``captions``, as in
the other readers. Sidecar metadata (``metadata_for``) fills in only what the page does not
say. A page saved under a UUID file name (as the CWCED set is) keeps that UUID as its id;
any other page gets ``derive_id`` from its source, date and canonical URL (or body).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from indexer.article import Article, derive_id
from indexer.errors import IngestError

from .base import Failure, ReadItem
from .bylines import Credits
from .files import read_bytes
from .metadata import metadata_for

_SUFFIXES = (".html", ".htm", ".shtml")
_HAS_TAG = re.compile(r"<\s*(?:html|head|body|meta|title|div|p|table|!doctype)\b", re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_URL = re.compile(r"\w+://\S+")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z]")


class HtmlReader:
    """Reads one article from each saved web page."""

    name = "html"

    def accepts(self, path: Path) -> bool:
        return path.suffix.lower() in _SUFFIXES

    def read(self, path: Path) -> Iterator[ReadItem]:
        """Yield the page's Article, or one Failure saying why the page cannot be read."""
        try:
            yield read_page(path)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)


def read_page(path: Path) -> Article:
    """The Article of one saved page. Raises IngestError when the file is empty, binary,
    undecodable, not HTML, or holds no article text."""
    # Imported here: BeautifulSoup, lxml and the charset detector take a quarter of a
    # second to import, which every command would pay, pages or not.
    from .html_encoding import decode_html
    from .html_extract import drop_title, extract_lines, parse_html
    from .html_meta import is_credit_line, page_meta

    decoded = decode_html(read_bytes(path), path)
    html = _CONTROL.sub("", decoded.text)  # lxml refuses control characters
    if not _HAS_TAG.search(html[:65536]):
        raise IngestError(str(path), f"not an HTML page (no HTML tags; read as "
                                     f"{decoded.describe()})")
    lines = extract_lines(html)
    if not lines:
        cut = "" if _CLOSED.search(html[-4096:]) else "; the page looks cut off (no </html>)"
        raise IngestError(str(path), f"no article text found{cut}")
    meta = page_meta(parse_html(html), "\n".join(lines))
    credits = Credits()
    body_lines = [line for line in drop_title(lines, meta.title)
                  if not credits.take(line) and not is_credit_line(line)]
    body = "\n".join(body_lines)
    if len(_WORD.findall(_URL.sub("", body))) < 10:
        raise IngestError(str(path), "no article text found (only a headline, credits or links)")
    defaults = metadata_for(path)
    source = meta.source or defaults.source
    date = meta.date or defaults.date
    page = meta.page or defaults.page
    authors = tuple(credits.authors) or meta.authors
    found_by = [("date", meta.date_rule if meta.date else "metadata file")] if date else []
    if authors:
        found_by.append(("authors", "text byline paragraph" if credits.authors
                         else meta.authors_rule or ""))
    article_id = path.stem if _UUID.match(path.stem) else derive_id(
        source=source, date=date, page=None, number=None, text=meta.url or body)
    return Article(
        id=article_id,
        title=meta.title,
        body=body,
        source=source,
        date=date,
        page=page,
        category=defaults.category,
        authors=authors,
        captions=tuple(credits.captions),
        url=meta.url,
        origin="html",
        source_file=str(path),
        found_by=tuple(found_by),
    )
