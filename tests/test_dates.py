"""Dates written the Chinese way and others, to ISO YYYY-MM-DD."""
from __future__ import annotations

import pytest

from indexer.readers.dates import FoundDate, find_date, find_dates, iso_date, parse_date


@pytest.mark.parametrize(("value", "iso"), [
    ("2019年10月1日", "2019-10-01"),
    ("2019 年 10 月 1 日", "2019-10-01"),
    ("2019年10月1号", "2019-10-01"),
    ("２０１９年１０月１日", "2019-10-01"),
    ("二〇一九年十月一日", "2019-10-01"),
    ("二〇二〇年二月二十九日", "2020-02-29"),
    ("2019-10-01 08:30", "2019-10-01"),
    ("2019/10/01", "2019-10-01"),
    ("2019.10.1", "2019-10-01"),
    ("２０１９－１０－０１", "2019-10-01"),
    ("2019-10-01T08:30:00+08:00", "2019-10-01"),
    ("2007-08-20-23:59:59", "2007-08-20"),
    ("20191001", "2019-10-01"),
    ("Tue, 01 Oct 2019 08:30:00 +0800", "2019-10-01"),
    ("1998年3月号", "1998-03-01"),  # a monthly issue: the first of its month
])
def test_parse_date(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize("value", [
    "2019-02-30", "2019年13月1日", "2019-00-10", "1699-01-01", "2101-01-01", "二〇一九年十三月一日",
    "２０１９年", "2019年10月", "10.12677/MOM.2018.82002", "20191301", "", None, "明天",
    "2019年10月1号线开通", "2019年3月号称",
])
def test_no_date(value: str | None) -> None:
    assert parse_date(value) is None


def test_find_dates_in_running_text() -> None:
    text = "2004年7月16日08:19 来源：国际金融报。劳伦斯于2004-07-10去世，享年94岁。"
    assert list(find_dates(text)) == [
        FoundDate("2004-07-16", 0, 10, True),
        FoundDate("2004-07-10", 29, 39, False),
    ]


def test_find_date_skips_impossible_dates() -> None:
    assert find_date("更新于2019-02-30，发布于2019-02-28 10:00") == "2019-02-28"


def test_iso_date() -> None:
    assert (iso_date(2020, 2, 29), iso_date(2019, 2, 29), iso_date(1799, 1, 1)) == (
        "2020-02-29", None, None)
