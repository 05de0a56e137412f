"""The one reader of the dates users give (``indexer.query.dates``): the same answers and the
same messages on the command line, the web form, batch files and the editors' commands."""
from __future__ import annotations

import pytest

from indexer.errors import InvalidRequest, QuerySyntaxError
from indexer.query.dates import DateRange, date_bound, issue_day, parse_date_range


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2020", "2020-01-01", "2020-12-31"),
    ("2020-02", "2020-02-01", "2020-02-31"),
    ("2020-2", "2020-02-01", "2020-02-31"),
    ("2020-02-29", "2020-02-29", "2020-02-29"),
    (" 2019-10-01 ", "2019-10-01", "2019-10-01"),
])
def test_a_year_month_or_day_is_a_first_and_a_last_day(value, first, last) -> None:
    assert (date_bound(value, end=False), date_bound(value, end=True)) == (first, last)


def test_no_date_is_no_bound() -> None:
    assert (date_bound(None, end=False), date_bound("", end=True), date_bound("  ", end=True)) \
        == (None, None, None)


@pytest.mark.parametrize(("value", "message"), [
    ("2020-13", "--from: '2020-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2019-02-29", "--from: '2019-02-29' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("yesterday", "--from: 'yesterday' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2019..2020", "--from: '2019..2020' must be one date, not a range"),
])
def test_a_bad_bound_names_the_option(value, message) -> None:
    with pytest.raises(InvalidRequest) as caught:
        date_bound(value, end=False, name="--from")
    assert str(caught.value) == message


def test_ranges_of_the_query_language() -> None:
    assert [parse_date_range(v) for v in ("2020-01..2020-03", "2020-01..", "..2019", "2020-02")] \
        == [DateRange("2020-01-01", "2020-03-31"), DateRange("2020-01-01", None),
            DateRange(None, "2019-12-31"), DateRange("2020-02-01", "2020-02-31")]
    with pytest.raises(QuerySyntaxError, match="does not exist"):
        parse_date_range("2020-02-30")


def test_an_issue_is_one_real_day() -> None:
    assert issue_day("2020-02-29") == "2020-02-29"
    for bad in ("2019-02-29", "2019-10", "2019-10-1", "20191001"):
        with pytest.raises(InvalidRequest) as caught:
            issue_day(bad)
        assert str(caught.value) == f"'{bad}' is not a date; write YYYY-MM-DD, e.g. 2019-10-01"
