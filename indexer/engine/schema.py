"""The Whoosh schema of a Baoku index, and how an Article becomes a Whoosh document.

Bump ``SCHEMA_VERSION`` whenever a field, an analyzer or its import path changes: an index of
another version is refused with a clear message (reindex it).
"""
from __future__ import annotations

import calendar
import datetime
from typing import Any

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.article import Article, facet_values, page_number
from indexer.entities import ENTITY_FIELDS, entity_values
from indexer.searching.collapse import body_key
from indexer.text.headline import headline_key
from indexer.text.normalize import normalize

from .analyzers import CharTokenizer, GramTokenizer, WordTokenizer
from .codec import READABLE_FORMATS, STORAGE_FORMAT
from .codec.packed_positions import PackedPositions

SCHEMA_VERSION = 1

# The headline's key (``indexer.text.headline``), one term: the articles a query's text names
# by their headline. Indexes written before it have no such field and rank as before; a
# field added to the schema without changing how the others read keeps SCHEMA_VERSION.
HEADLINE_KEY = "headline_key"

# Fields searched for text, by role. The heading is 引题 + title + 副题.
WORD_FIELDS = ("title_w", "body_w")
GRAM_FIELDS = ("title_g", "body_g")
CHAR_FIELDS = ("title_c", "body_c")


def build_schema(userdict: str | None = None, storage_format: int = STORAGE_FORMAT
                 ) -> Schema:
    """The schema; ``userdict`` is the path of the jieba user dictionary (a plain setting),
    ``storage_format`` says how postings are stored (``indexer.engine.codec``). Raises
    ValueError for a format not in ``READABLE_FORMATS``."""
    if storage_format not in READABLE_FORMATS:
        raise ValueError(f"no storage format {storage_format}")
    packed = storage_format >= 2
    words: Analyzer = WordTokenizer(userdict)
    grams: Analyzer = GramTokenizer()
    chars: Analyzer = CharTokenizer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        content_hash=ID(stored=True, sortable=True),
        body_key=ID(stored=True, sortable=True),
        # Displayed fields (original text, not normalised).
        title=STORED,
        pretitle=STORED,
        subtitle=STORED,
        body=STORED,
        authors=STORED,
        captions=STORED,
        continuation=STORED,
        category=STORED,
        number=STORED,
        url=STORED,
        origin=STORED,
        source_file=STORED,
        # Searched text (normalised).
        # Words are counted, not placed: nothing searches them as phrases.
        title_w=TEXT(analyzer=words, phrase=not packed, field_boost=3.0),
        body_w=TEXT(analyzer=words, phrase=not packed),
        title_g=_positional(grams, packed, field_boost=3.0),
        body_g=_positional(grams, packed),
        title_c=TEXT(analyzer=chars, phrase=False),
        body_c=TEXT(analyzer=chars, phrase=False),
        # Filters and facets (exact values).
        source=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        year=ID(sortable=True),
        month=ID(sortable=True),
        page=ID(stored=True, sortable=True),
        page_no=NUMERIC(int, sortable=True),
        author=KEYWORD(commas=True, scorable=False, lowercase=False),
        headline_key=ID,
        **entity_fields(),
    )


def _positional(analyzer: Analyzer, packed: bool, field_boost: float = 1.0) -> TEXT:
    """A text field with positions (phrase queries), packed (``codec.packed_positions``)
    or as Whoosh pickles them."""
    field = TEXT(analyzer=analyzer, phrase=True, field_boost=field_boost)
    if packed:
        field.format = PackedPositions(field_boost=field_boost)
    return field


# The people, places and organisations an article names (``indexer.entities``), each a
# comma-separated keyword field like ``author``. An index written before them has none: it
# searches as before, without these facets, until rebuilt or reanalysed.
def entity_fields() -> dict[str, KEYWORD]:
    return {name: KEYWORD(commas=True, scorable=False, lowercase=False)
            for name in ENTITY_FIELDS}


def has_entities(schema: Schema) -> bool:
    """Whether an index of ``schema`` holds the entity fields."""
    return all(name in schema for name in ENTITY_FIELDS)


def to_document(article: Article, schema: Schema | None = None) -> dict[str, Any]:
    """The Whoosh document for ``article`` (normalising the searched text once), without
    the fields ``schema`` lacks (an index written before them) when given."""
    heading = normalize(article.heading)
    body = normalize(article.searchable_body())
    doc: dict[str, Any] = {
        "id": article.id,
        "content_hash": article.content_hash,
        "body_key": body_key(article),
        "title": article.title,
        "pretitle": article.pretitle,
        "subtitle": article.subtitle,
        "body": article.body,
        "authors": list(article.authors),
        "captions": list(article.captions),
        "continuation": article.continuation,
        "category": article.category,
        "number": article.number,
        "url": article.url,
        "origin": article.origin,
        "source_file": article.source_file,
        "title_w": heading,
        "body_w": body,
        "title_g": heading,
        "body_g": body,
        "title_c": heading,
        "body_c": body,
    }
    doc.update(facet_values(article))
    number = page_number(article.page)
    if number is not None:
        doc["page_no"] = number
    if article.authors:
        doc["author"] = ",".join(a.replace(",", " ") for a in article.authors)
    if schema is None or has_entities(schema):
        userdict = getattr(schema["body_w"].analyzer, "userdict", None) if schema else None
        for name, values in entity_values(article, userdict, heading + "\n" + body).items():
            doc[name] = ",".join(v.replace(",", " ") for v in values)
    key = headline_key(article.title)
    if key:
        doc[HEADLINE_KEY] = key
    if schema is not None:
        doc = {name: value for name, value in doc.items() if name in schema}
    return doc


def date_range_query(start: str | None, end: str | None) -> wq.Query:
    """Articles dated ``start`` .. ``end`` (ISO days, inclusive; None leaves that end open):
    the articles of ``TermRange("date", start, end)``, but whole years and whole months are
    matched by their ``year`` and ``month`` terms (``to_document`` gives every dated article
    all three), so a range of years is a handful of terms instead of one per day."""
    lo, hi = start or "0000-00-00", end or "9999-99-99"
    if not (_day(start) and _day(end)) or lo > hi or lo[:7] == hi[:7]:
        return wq.TermRange("date", lo, hi)
    parts: list[wq.Query] = []
    first, last = (start or "0000-01-01")[:7], (end or "9999-12-31")[:7]
    if start and not start.endswith("-01"):
        parts.append(wq.TermRange("date", start, first + "-31"))
        first = _month_after(first, 1)
    if end and end != _last_day(last):
        parts.append(wq.TermRange("date", last + "-01", end))
        last = _month_after(last, -1)
    if first <= last:
        parts.extend(_months(first, last))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _day(value: str | None) -> bool:
    """None (an open end) or a real YYYY-MM-DD day."""
    if value is None:
        return True
    try:
        return len(value) == 10 and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def _last_day(month: str) -> str:
    return f"{month}-{calendar.monthrange(int(month[:4]), int(month[5:]))[1]:02d}"


def _month_after(month: str, step: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _months(first: str, last: str) -> list[wq.Query]:
    """The months ``first`` .. ``last`` (YYYY-MM): whole years by year, the rest by month."""
    y1, y2 = first[:4], last[:4]
    if y1 == y2:
        return [wq.TermRange("month", first, last)]
    parts: list[wq.Query] = []
    if not first.endswith("-01"):
        parts.append(wq.TermRange("month", first, y1 + "-12"))
        y1 = f"{int(y1) + 1:04d}"
    if not last.endswith("-12"):
        parts.append(wq.TermRange("month", y2 + "-01", last))
        y2 = f"{int(y2) - 1:04d}"
    if y1 <= y2:
        parts.append(wq.TermRange("year", y1, y2))
    return parts
