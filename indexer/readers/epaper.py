"""人民日报 e-paper text dumps: ``YYYYMMDD/YYYYMMDD-PP-NN.txt``, one article per file.

Layout (UTF-8, CRLF): line 1 the 引题 (empty when there is none), line 2 the title, line 3
the 副题 (empty when there is none, often starting with "——"), then paragraphs indented with
full-width spaces. The three heading lines are read by position, as the JSONL dump of the
same files (``rmrb-2019-2020.jsonl``) read them, so pretitle, title and subtitle equal that
file's, "——" included; a heading line that is indented is body, not heading.

Choices a user should know:

- date, page and number come from the file name: ``20191001-04-11.txt`` is 2019-10-01,
  page "4", article 11. A file name with an impossible date gives a ``Failure``.
- The id is ``rmrb-YYYYMMDD-PP-NN``, the id of the same article in the JSONL dump, so that
  indexing both replaces rather than duplicates. When sidecar metadata (see ``metadata``)
  names another source, the id is ``derive_id(source, date, page, number)`` instead.
- source is "人民日报" unless sidecar metadata says otherwise; category comes from metadata.
- body: the paragraphs without their indentation, joined by "\\n" — except whole-line
  credits, which leave the body: bylines ("本报记者  贺  勇", "（本报记者  吕中正）") become
  authors, photo credits ("新华社记者  刘  潇摄") become captions. For the few files that
  have such lines the body differs from the JSONL dump's, which keeps them.
- authors: the names of datelines ("本报北京9月30日电  （记者张烁）", the paragraph stays in
  the body), bylines and credit notes, in order, without repeats. Photographers are not
  authors; they are in the captions.
- A file without a title gives a ``Failure``; a title with an empty body ("广告", photo
  items) is kept. There is no URL in the dump and none is invented.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from indexer.article import Article, derive_id
from indexer.errors import IngestError

from .base import Failure, ReadItem
from .bylines import Credits
from .dates import iso_date
from .files import read_text
from .metadata import metadata_for

_NAME = re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{2})\.txt$", re.IGNORECASE)
_INDENT = "\u3000"
PEOPLES_DAILY = "人民日报"


def epaper_name(path: Path) -> re.Match[str] | None:
    """The parts of an e-paper dump's file name (year, month, day, page, number), or None."""
    return _NAME.match(path.name)


class EpaperReader:
    """Articles from 人民日报 e-paper text dumps."""

    name = "epaper"

    def accepts(self, path: Path) -> bool:
        return epaper_name(path) is not None

    def read(self, path: Path) -> Iterator[ReadItem]:
        name = epaper_name(path)
        if name is None:
            yield Failure(str(path), "not an e-paper file name (YYYYMMDD-PP-NN.txt)")
            return
        year, month, day, page, number = name.groups()
        date = iso_date(int(year), int(month), int(day))
        if date is None:
            yield Failure(str(path), f"file name has no real date: {year}{month}{day}")
            return
        try:
            text, _ = read_text(path, "utf-8")
            meta = metadata_for(path)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)
            return
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        heading, rest = _split_heading(lines)
        pretitle, title, subtitle = (heading + [None, None, None])[:3]
        if not title:
            yield Failure(str(path), "no title on line 2", 2)
            return
        credits = Credits()
        body = [p for p in (line.strip() for line in rest) if p and not credits.take(p)]
        source = meta.source or PEOPLES_DAILY
        article_id = (
            f"rmrb-{year}{month}{day}-{page}-{number}" if source == PEOPLES_DAILY
            else derive_id(source=source, date=date, page=str(int(page)),
                           number=int(number), text=title)
        )
        yield Article(
            id=article_id, title=title, body="\n".join(body), source=source, date=date,
            page=str(int(page)), number=int(number), category=meta.category,
            pretitle=pretitle, subtitle=subtitle, authors=tuple(credits.authors),
            captions=tuple(credits.captions), source_file=str(path),
        )


def _split_heading(lines: list[str]) -> tuple[list[str | None], list[str]]:
    """The three heading slots (引题, title, 副题; None when empty) and the body lines. The
    heading ends early at the first indented line."""
    heading: list[str | None] = []
    for line in lines[:3]:
        if line.startswith(_INDENT):
            break
        heading.append(line.strip() or None)
    return heading, lines[len(heading):]
