"""A date range is searched through year and month terms where it can: the same articles as
a range over every day, with a handful of terms instead of one per day."""
from __future__ import annotations

import datetime

import pytest
from whoosh import query as wq

from indexer.article import Article
from indexer.engine.schema import date_range_query
from indexer.engine.writing import index_articles

FIRST = datetime.date(2009, 11, 28)


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    """Articles every 23 days from 2009-11-28 to 2012-02, one without a date."""
    from indexer.engine.store import create_or_open

    index = create_or_open(tmp_path_factory.mktemp("dated"))
    articles = [Article(id=f"d{k:03d}", title=f"第{k}篇", body="日期范围。",
                        date=(FIRST + datetime.timedelta(days=23 * k)).isoformat())
                for k in range(36)]
    index_articles(index, [*articles, Article(id="undated", title="无日期", body="正文")])
    return index


RANGES = [("2010-01-01", "2010-12-31"), ("2009-12-15", "2011-03-02"), (None, "2010-06-30"),
          ("2010-02-01", None), ("2010-03-05", "2010-03-28"), ("2009-01-01", "2012-12-31"),
          ("2011-02-28", "2011-03-01"), ("2010-12-31", "2011-01-01"), (None, None),
          ("2011-05-01", "2010-01-01"), ("2010-02-01", "2010-04-30")]


def _ids(index, q) -> list[str]:
    with index.searcher() as searcher:
        return sorted(searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(q))


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_the_same_articles_as_a_range_of_days(dated_index, start, end) -> None:
    expected = _ids(dated_index, wq.TermRange("date", start or "0000-00-00",
                                              end or "9999-99-99"))
    assert _ids(dated_index, date_range_query(start, end)) == expected


def test_the_range_counts_what_it_should(dated_index) -> None:
    assert _ids(dated_index, date_range_query("2010-01-01", "2010-03-31")) == [
        "d002", "d003", "d004", "d005"]


def test_whole_years_and_months_take_their_own_terms() -> None:
    assert date_range_query("2010-01-01", "2014-12-31") == wq.TermRange("year", "2010", "2014")
    assert date_range_query("2009-12-15", "2011-03-02") == wq.Or([
        wq.TermRange("date", "2009-12-15", "2009-12-31"),
        wq.TermRange("date", "2011-03-01", "2011-03-02"),
        wq.TermRange("month", "2011-01", "2011-02"), wq.TermRange("year", "2010", "2010")])
    assert date_range_query("2020", "2021") == wq.TermRange("date", "2020", "2021")
