"""Dates as Chinese pages write them, turned into ISO ``YYYY-MM-DD``.

``parse_date`` reads a value that should be a date (a meta tag, a ``<time datetime>``);
``find_dates`` finds dates inside running text. Both understand "2019年10月1日",
"二〇一九年十月一日", "2019-10-01 08:30", "2019/10/01", "2019.10.01", full-width digits
("２０１９年１０月１日") and ISO timestamps; ``parse_date`` also reads "20191001" and e-mail
style dates ("Tue, 01 Oct 2019 08:30:00 +0800"). Impossible dates (2019-02-30, month 13,
years before 1800 or after 2100) are rejected. A monthly issue ("1998年3月号") is dated the
first of its month. Times and time zones are ignored: the date is the one written.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．：　", "0123456789/-.: ")
_HAN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_HAN = "〇○零一二三四五六七八九十"

# 2019年10月1日 / 2019 年 10 月 1 号 / 1998年3月号 (a monthly issue)
_NOT_DAY = r"(?![线楼码称召令])"  # 1号线, 号称, 号召: not a day
_CJK_DATE = re.compile(rf"(?<!\d)(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*"
                       rf"(?:(\d{{1,2}})\s*(?:日|号{_NOT_DAY})|(号){_NOT_DAY})")
# 2019-10-01, 2019/10/01, 2019.10.01, 2019-10-01T08:30
_NUM_DATE = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])")
# 二〇一九年十月一日
_HAN_DATE = re.compile(rf"([{_HAN[:-1]}]{{4}})年([{_HAN}]{{1,3}})月([{_HAN}]{{1,3}})日")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: its ISO form and where it was written."""

    iso: str
    start: int
    end: int
    has_time: bool


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar day between 1800 and 2100, else None."""
    if not 1800 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _han_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21, 三十 → 30."""
    if "十" not in text:
        return _HAN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    high = _HAN_DIGITS.get(tens, -1) if tens else 1
    low = _HAN_DIGITS.get(units, -1) if units else 0
    return None if high < 0 or low < 0 else high * 10 + low


_TIME_AFTER = re.compile(r"^[T\s]*\d{1,2}[:：时]\d{2}")


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every valid date written in ``text``, in order of position."""
    text = text.translate(_FULL_WIDTH)
    found: list[FoundDate] = []
    for match in _CJK_DATE.finditer(text):
        day = 1 if match.group(4) else int(match.group(3))
        iso = iso_date(int(match.group(1)), int(match.group(2)), day)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end(),
                                   bool(_TIME_AFTER.match(text[match.end():]))))
    for match in _NUM_DATE.finditer(text):
        iso = iso_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if iso:
            found.append(FoundDate(iso, match.start(), match.end(),
                                   bool(_TIME_AFTER.match(text[match.end():]))))
    for match in _HAN_DATE.finditer(text):
        year = "".join(str(_HAN_DIGITS.get(c, "")) for c in match.group(1))
        month, day = _han_number(match.group(2)), _han_number(match.group(3))
        if len(year) == 4 and month and day:
            iso = iso_date(int(year), month, day)
            if iso:
                found.append(FoundDate(iso, match.start(), match.end(), False))
    yield from sorted(found, key=lambda d: d.start)


def find_date(text: str) -> str | None:
    """The first valid date written in ``text``, or None."""
    return next((d.iso for d in find_dates(text)), None)


def parse_date(value: str | None) -> str | None:
    """The date of a value meant to be one ("2019-10-01T08:30:00+08:00", "20191001",
    "2019年10月1日", "Tue, 01 Oct 2019 08:30:00 +0800"); None when it holds no valid date."""
    if not value:
        return None
    value = value.strip().translate(_FULL_WIDTH)
    compact = _COMPACT.match(value)
    if compact:
        return iso_date(*(int(g) for g in compact.groups()))
    found = find_date(value)
    if found:
        return found
    parsed = parsedate(value) if re.search(r"[A-Za-z]{3}", value) else None
    return iso_date(parsed[0], parsed[1], parsed[2]) if parsed else None
