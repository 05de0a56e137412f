"""SogouCS / SogouCA news dumps (``.dat``): ``<doc><url><docno><contenttitle><content></doc>``
records, one tag per line.

Choices a user should know:

- Encoding: each record is decoded strictly as UTF-8, else as GB18030 (a superset of GBK).
  The releases are GBK, but ``raw/sogou/news_sohusite_xml.smarty.dat`` in the shared corpus
  is UTF-8 (``sogou-samples.jsonl`` holds its titles as mojibake); UTF-8 is tried first
  because GBK text practically never decodes as UTF-8, while the reverse often "works".
- Text is kept as written: full-width digits and letters ("ＶＩＰ", "２０１２") stay
  (normalisation happens at indexing), and so do the stray "?" of the GBK release. Only the
  private-use character U+E40C, Sogou's paragraph mark, becomes a paragraph break ("\\n").
- id: ``sogoucs-<docno>``, or ``sogouca-<docno>`` for SogouCA files (name containing
  "tensite" or "sogouca"), as in ``sogou-samples.jsonl``, so indexing both replaces.
- date: from an 8-digit day in the URL path (``news.sohu.com/20120612/…``,
  ``biz.cn.yahoo.com/ypen/20120606/…``), else sidecar metadata, else None.
- source: "搜狐" for sohu.com URLs, else the URL's host ("news.cn.yahoo.com"), as the
  samples JSONL does; sidecar metadata only when there is no URL. category: the first label
  of the host ("gongyi" for gongyi.sohu.com), else metadata.
- A record with a title and empty content is kept (the release has many). A record
  without ``</doc>`` (a truncated file), without ``docno``, with neither title nor content,
  or that cannot be decoded gives a ``Failure`` at the line of its ``<doc>``; the other
  records are read.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from indexer.article import Article
from indexer.errors import IngestError

from .base import Failure, ReadItem
from .dates import iso_date
from .metadata import Metadata, bytes_and_metadata

_DOC = b"<doc>"
_PARAGRAPH_MARK = "\ue40c"
_URL_DAY = re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/")
_SOHU = "搜狐"


class _BadRecord(ValueError):
    """One record that cannot be read; the message is the reason."""


class SogouReader:
    """Articles from SogouCS / SogouCA ``.dat`` files."""

    name = "sogou"

    def accepts(self, path: Path) -> bool:
        if path.suffix.lower() != ".dat":
            return False
        try:
            with path.open("rb") as handle:
                return _DOC in handle.read(4096)
        except OSError:
            return False

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            data, meta = bytes_and_metadata(path)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)
            return
        starts = [m.start() for m in re.finditer(re.escape(_DOC), data)]
        if not starts:
            yield Failure(str(path), "no <doc> record: not a SogouCS/CA file")
            return
        prefix = "sogouca" if re.search(r"tensite|sogouca", path.name, re.I) else "sogoucs"
        for start, end in zip(starts, [*starts[1:], len(data)], strict=True):
            line = data.count(b"\n", 0, start) + 1
            try:
                yield _article(data[start:end], prefix, meta, path)
            except _BadRecord as exc:
                yield Failure(str(path), str(exc), line)


def _article(raw: bytes, prefix: str, meta: Metadata, path: Path) -> Article:
    """The article of one ``<doc>`` record. Raises _BadRecord."""
    if b"</doc>" not in raw:
        raise _BadRecord("truncated record: no </doc>")
    text = _decode(raw)
    docno = _tag(text, "docno")
    if not docno:
        raise _BadRecord("record has no <docno>")
    url = _tag(text, "url")
    title = _tag(text, "contenttitle") or ""
    paragraphs = (p.strip() for p in (_tag(text, "content") or "").split(_PARAGRAPH_MARK))
    body = "\n".join(p for p in paragraphs if p)
    if not title and not body:
        raise _BadRecord("record has neither title nor content")
    host = (urlsplit(url).hostname or "") if url else ""
    return Article(
        id=f"{prefix}-{docno}",
        title=title,
        body=body,
        source=(_SOHU if host.endswith("sohu.com") else host) or meta.source,
        date=_url_date(url) or meta.date,
        page=meta.page,
        category=host.split(".")[0] if host else meta.category,
        url=url,
        source_file=str(path),
    )


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _BadRecord("record is neither UTF-8 nor GB18030 text")


def _tag(text: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.DOTALL)
    return match.group(1).strip() if match else None


def _url_date(url: str | None) -> str | None:
    match = _URL_DAY.search(urlsplit(url).path) if url else None
    return iso_date(*(int(g) for g in match.groups())) if match else None
