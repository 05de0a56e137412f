"""The Article record every reader produces and every other part consumes."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Article:
    """One newspaper article as read from a file.

    ``date`` is ISO ``YYYY-MM-DD`` or ``None``; ``page`` is the 版次 as a string ("1", "A3")
    or ``None``; ``authors`` are person names only (no "本报记者"); ``captions`` are photo
    credits/captions ("夏鹏飞 摄"); ``continuation`` notes such as "上接1版". ``found_by``
    says which rule of its reader found a field (("date", "meta pubdate"), …); it is shown
    by ``baoku parse`` only, never indexed, hashed or compared.
    """

    id: str
    title: str
    body: str
    source: str | None = None
    date: str | None = None
    page: str | None = None
    number: int | None = None
    category: str | None = None
    pretitle: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    continuation: str | None = None
    url: str | None = None
    origin: str | None = None
    source_file: str | None = None
    content_hash: str = field(default="")
    found_by: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.date is not None and not _DATE.match(self.date):
            raise ValueError(f"article {self.id!r}: date {self.date!r} is not YYYY-MM-DD")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self))

    @property
    def heading(self) -> str:
        """引题, title and 副题 as one searchable line."""
        return "\n".join(p for p in (self.pretitle, self.title, self.subtitle) if p)

    @property
    def byline(self) -> str:
        return " ".join(self.authors)

    def searchable_body(self) -> str:
        """Everything visible in the article besides its heading, as indexed for search."""
        parts = [self.byline, self.body, *self.captions, self.continuation or ""]
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["found_by"]
        data["authors"] = list(self.authors)
        data["captions"] = list(self.captions)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(values.get("authors") or ())
        values["captions"] = tuple(values.get("captions") or ())
        return cls(**values)

    def replace(self, **changes: Any) -> Article:
        """A copy with ``changes``; the content hash is recomputed."""
        changes.setdefault("content_hash", "")
        return dataclasses.replace(self, **changes)


def content_hash(article: Article) -> str:
    """A stable hash of what a reader sees: heading, byline, body, captions and metadata."""
    h = hashlib.sha256()
    for part in (
        article.source, article.date, article.page, article.heading, article.byline,
        article.body, "\n".join(article.captions), article.continuation, article.url,
    ):
        h.update((part or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:20]


def derive_id(
    *,
    source: str | None,
    date: str | None,
    page: str | None,
    number: int | None,
    text: str,
) -> str:
    """An id stable across re-reads: from source, date, page and number when all are known,
    else from a hash of the text (and whatever metadata there is)."""
    if source and date and page and number is not None:
        slug = hashlib.sha1(source.encode("utf-8")).hexdigest()[:6]
        return f"{slug}-{date.replace('-', '')}-{page}-{number:02d}"
    digest = hashlib.sha256(
        "\x1f".join((source or "", date or "", page or "", text)).encode("utf-8")
    ).hexdigest()
    return f"h-{digest[:16]}"


def page_number(page: str | None) -> int | None:
    """The page's number for sorting ("A3" -> 3), or None."""
    digits = "".join(ch for ch in (page or "") if ch.isdecimal())
    return int(digits) if digits else None


def facet_values(article: Article) -> dict[str, str]:
    """The values an article is narrowed and counted by, as every backend indexes them:
    its paper, date, year, month and page (only those it has; authors are each backend's)."""
    values = {}
    if article.source:
        values["source"] = article.source
    if article.date:
        values.update(date=article.date, year=article.date[:4], month=article.date[:7])
    if article.page:
        values["page"] = article.page
    return values
