"""The one reader of the dates users give: on the command line, in the web form, in a batch
file, in the query language (``date:``) and when editors name an issue.

A date is a year, a month or a day (``2020``, ``2020-02``, ``2020-02-14``); a range joins two
with ``..`` and may leave either end open (``2020-01..``, ``..2019``). Dates are compared as
ISO strings, so a month's last day is written ``-31`` whatever the month.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from indexer.errors import InvalidRequest, QuerySyntaxError

_DAY = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_DATE_RANGE = re.compile(rf"^({_DAY})?(\.\.)?({_DAY})?$")
FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True)
class DateRange:
    """Dates from ``start`` to ``end`` inclusive, ISO strings; None is an open end."""

    start: str | None
    end: str | None


def _iso(day: str, *, end: bool) -> str:
    parts = [int(p) for p in day.split("-")]
    year, month, dom = parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(
        parts) > 2 else None
    if month is None:
        return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    if dom is None:
        return f"{year:04d}-{month:02d}-31" if end else f"{year:04d}-{month:02d}-01"
    return datetime.date(year, month, dom).isoformat()


def parse_date_range(text: str, pos: int = 0) -> DateRange:
    """``2020-01-01..2020-03-31``, open ends, or a single year/month/day. Raises
    QuerySyntaxError."""
    m = _DATE_RANGE.match(text.strip())
    if not m or not (m.group(1) or m.group(3)) or (m.group(3) and not m.group(2) and m.group(1)):
        raise QuerySyntaxError(
            f"date '{text}' at position {pos + 1} is not a date or range; write "
            "date:2020-01-01..2020-03-31, date:2020-01.., date:..2020 or date:2020-02", pos)
    start, dots, end = m.groups()
    try:
        if not dots:
            return DateRange(_iso(start, end=False), _iso(start, end=True))
        return DateRange(_iso(start, end=False) if start else None,
                         _iso(end, end=True) if end else None)
    except ValueError as exc:
        raise QuerySyntaxError(f"date '{text}' at position {pos + 1} does not exist ({exc})",
                               pos) from None


def date_bound(value: str | None, *, end: bool, name: str = "") -> str | None:
    """The first day (or, with ``end``, the last) of one date written YYYY, YYYY-MM or
    YYYY-MM-DD; None for no date. ``name`` (an option or parameter) heads the message.
    Raises InvalidRequest for anything else, a range included."""
    if value is None or not value.strip():
        return None
    label = f"{name}: " if name else ""
    value = value.strip()
    if ".." in value:
        raise InvalidRequest(f"{label}'{value}' must be one date, not a range")
    try:
        rng = parse_date_range(value)
    except QuerySyntaxError:
        raise InvalidRequest(f"{label}'{value}' is not a date; write {FORMS}") from None
    return rng.end if end else rng.start


def issue_day(value: str) -> str:
    """``value`` when it is a real day written YYYY-MM-DD (the date of an issue). Raises
    InvalidRequest."""
    try:
        if len(value) == 10 and datetime.date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise InvalidRequest(f"'{value}' is not a date; write YYYY-MM-DD, e.g. 2019-10-01")
