"""Plain-text newspaper pages: a ``.txt`` file (not an e-paper dump) holding several
articles in a row, as ``raw/seed-page/000_1d94754649065301.txt`` (a 浙江日报 page).

How a page is cut into articles ("blocks" are the lines between blank lines):

1. Paragraphs the layout broke mid-sentence are joined again, without a space: a paragraph
   longer than a heading that ends in a Han character, a letter, a digit or an opening
   mark (not in 。！？”）…) is joined to the next block when at most one blank line lies
   between them and the next is plain text ("化解在诉" + "前。至2019年").
2. A heading is a line of at most 40 characters without "。" that does not end in
   ，、；：. A run of up to 3 headings starts an article when it opens the page, follows two
   or more blank lines, or is followed by a byline, a continuation note or a dateline
   paragraph ("本报讯 …"); otherwise it is a subheading and stays in the body. The run's
   lines make the title, joined by a space (a two-part title line "A B" stays as printed);
   a line starting with "——" is the 副题. No 引题 is guessed.
3. Bylines ("本报记者 李小文 见习记者 赵妍") become the authors; photo credits ("夏鹏飞 摄")
   become captions, as printed, of the article they stand in (the photo item "享受花海"
   gets "夏鹏飞 摄"; photographers are not authors); continuation notes "(上接1版)" /
   "（下转2版）", alone or ending a paragraph, become ``continuation`` ("上接1版"; several
   are joined by "；"). Datelines ("本报讯", "本报杭州4月13日讯（记者 X）") stay in the body;
   their names become authors.
4. Text that starts mid-sentence (with a closing mark, or with a closing quote or bracket
   before any opening one, as "司法”微信公号调解申请…") after an article that already has
   a body is the end of an article begun on another page: it is kept as its own article
   titled "（续）" and its first words ("（续）司法”微信公号调解申请,最终顺利化解难题").
   Text with no heading at the top of a page is also its own article, titled by its first
   words ("（续）" only when it starts mid-sentence). Credits with no text around them give
   a ``Failure``.
5. source, date, page and category come from sidecar metadata (see ``metadata``), else
   None; number is the order on the page (1, 2, …); the id is ``derive_id`` from source,
   date, page and number when all are known, else from a hash of the article's text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import Article, derive_id
from indexer.errors import IngestError

from .base import Failure, ReadItem
from .bylines import Credits, parse_byline, parse_caption, parse_dateline
from .epaper import epaper_name
from .files import read_text
from .metadata import Metadata, metadata_for

HEADING_MAX = 40
_RUN_MAX = 3
_START = 1_000_000  # blank lines "before" the first block: the page start is a break
_NOTE = r"[（(]\s*(?P<note>[上下紧]?[接转]第?[0-9０-９A-Za-z一二三四五六七八九十]{1,3}版)\s*[）)]"
_NOTE_LINE = re.compile(rf"^{_NOTE}$")
_NOTE_END = re.compile(rf"\s*{_NOTE}$")
_OPEN_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9０-９Ａ-Ｚａ-ｚ，,、“‘（(《]$")
_CLOSING_START = "，。、；：？！,.;:?!）)》」』”’】"
_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"))
_SENTENCE = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class _Block:
    text: str
    gap: int  # blank lines before it
    line: int


@dataclass
class _Draft:
    heading: list[str]
    line: int
    paragraphs: list[str] = field(default_factory=list)
    credits: Credits = field(default_factory=Credits)
    notes: list[str] = field(default_factory=list)


class PageTextReader:
    """Articles from plain-text pages holding several articles."""

    name = "page-text"

    def accepts(self, path: Path) -> bool:
        return path.suffix.lower() == ".txt" and epaper_name(path) is None

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            text, _ = read_text(path)
            meta = metadata_for(path)
        except IngestError as exc:
            yield Failure(exc.path, exc.reason)
            return
        number = 0
        for draft in _drafts(_join_broken(_blocks(text))):
            if not draft.heading and not draft.paragraphs:
                yield Failure(str(path), "credits without an article", draft.line)
                continue
            number += 1
            yield _article(draft, number, meta, path)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    gap = _START
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if line.strip():
            blocks.append(_Block(line.strip(), gap, number))
            gap = 0
        else:
            gap += 1
    return blocks


def _kind(text: str) -> str:
    if parse_byline(text) is not None:
        return "byline"
    if parse_caption(text) is not None:
        return "caption"
    if _NOTE_LINE.match(text):
        return "note"
    if len(text) <= HEADING_MAX and "。" not in text and not text.endswith(tuple("，,、；;：:")):
        return "heading"
    return "text"


def _join_broken(blocks: list[_Block]) -> list[_Block]:
    joined: list[_Block] = []
    for block in blocks:
        prev = joined[-1] if joined else None
        if (prev is not None and block.gap <= 1 and len(prev.text) > HEADING_MAX
                and _OPEN_END.search(prev.text) and _kind(prev.text) == "text"
                and _kind(block.text) == "text"):
            joined[-1] = _Block(prev.text + block.text, prev.gap, prev.line)
        else:
            joined.append(block)
    return joined


def _starts_mid_sentence(text: str) -> bool:
    if text[0] in _CLOSING_START:
        return True
    for opening, closing in _PAIRS:
        close = text.find(closing)
        if close != -1 and not 0 <= text.find(opening) < close:
            return True
    return False


def _opens_article(block: _Block) -> bool:
    kind = _kind(block.text)
    return kind in ("byline", "note") or (kind == "text" and parse_dateline(block.text)
                                          is not None)


def _drafts(blocks: list[_Block]) -> list[_Draft]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if _kind(block.text) == "heading":
            end = i + 1
            while (end < len(blocks) and end - i < _RUN_MAX and blocks[end].gap <= 1
                   and _kind(blocks[end].text) == "heading"):
                end += 1
            if block.gap >= 2 or (end < len(blocks) and _opens_article(blocks[end])):
                current = _Draft([b.text for b in blocks[i:end]], block.line)
                drafts.append(current)
                i = end
                continue
        if current is None or (current.paragraphs and _kind(block.text) == "text"
                               and _starts_mid_sentence(block.text)):
            current = _Draft([], block.line)
            drafts.append(current)
        note = _NOTE_END.search(block.text)
        text = block.text[: note.start()] if note else block.text
        if note:
            current.notes.append(note["note"])
        if text and not current.credits.take(text):
            current.paragraphs.append(text)
        i += 1
    return drafts


def _article(draft: _Draft, number: int, meta: Metadata, path: Path) -> Article:
    subtitle = next((h for h in draft.heading if h.startswith("——")), None)
    title = " ".join(h for h in draft.heading if h != subtitle)
    if not title:
        first = draft.paragraphs[0]
        title = ("（续）" if _starts_mid_sentence(first) else "") + _first_words(first)
    body = "\n".join(draft.paragraphs)
    return Article(
        id=derive_id(source=meta.source, date=meta.date, page=meta.page, number=number,
                     text=f"{title}\n{body}"),
        title=title, body=body, source=meta.source, date=meta.date, page=meta.page,
        number=number, category=meta.category, subtitle=subtitle,
        authors=tuple(draft.credits.authors), captions=tuple(draft.credits.captions),
        continuation="；".join(draft.notes) or None, source_file=str(path),
    )


def _first_words(text: str, limit: int = 24) -> str:
    """The first sentence of ``text`` without its end mark, cut at ``limit`` characters."""
    sentence = _SENTENCE.split(text, maxsplit=1)[0].rstrip("，,、；;：:")
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"
