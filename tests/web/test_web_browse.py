"""Browsing by issue: issues from columns, an issue's pages in order, neighbours, marked
articles."""
from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.engine.backend import WhooshBackend
from indexer.engine.browse import issue_dates, issues_on, recent_issues
from indexer.engine.store import ArchiveIndex
from indexer.engine.writing import index_articles, open_writer
from indexer.errors import ArticleNotFound, InvalidRequest, IssueNotFound, QuerySyntaxError
from indexer.query.dates import issue_day
from indexer.searching.issues import IssueRef


def test_issue_dates_per_paper(sample_index):
    assert issue_dates(sample_index) == {
        None: ("1998-03-01", "2003-05-29", "2005-06-14", "2022-02-13"),
        "Modern  Marketing": ("2018-08-23",),
        "人民日报": ("2019-10-01", "2019-10-02", "2019-10-03"),
        "哔哩哔哩": ("2022-02-14",),
        "国际金融报": ("2004-07-16",),
        "巴彦淖尔日报": ("2022-02-11",),
        "浙江日报": ("2020-04-14",),
    }


def test_recent_issues_newest_first(sample_index):
    assert recent_issues(sample_index, 6) == (
        IssueRef("哔哩哔哩", "2022-02-14", 1), IssueRef(None, "2022-02-13", 1),
        IssueRef("巴彦淖尔日报", "2022-02-11", 1), IssueRef("浙江日报", "2020-04-14", 5),
        IssueRef("人民日报", "2019-10-03", 32), IssueRef("人民日报", "2019-10-02", 43))


def test_an_issue_has_its_pages_in_order_and_its_neighbours(sample_index):
    [issue] = issues_on(sample_index, "2019-10-02", "人民日报")
    assert (issue.source, issue.date, issue.previous, issue.next) == (
        "人民日报", "2019-10-02", "2019-10-01", "2019-10-03")
    assert [(p.page, len(p.articles)) for p in issue.pages] == [
        ("1", 1), ("2", 2), ("3", 4), ("4", 7), ("5", 2), ("6", 4), ("7", 1), ("8", 1),
        ("9", 1), ("10", 1), ("11", 1), ("12", 1), ("13", 3), ("14", 2), ("15", 2),
        ("16", 6), ("17", 1), ("18", 1), ("19", 1), ("20", 1)]
    assert [a.id for a in issue.page_of("3").articles] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-02", "rmrb-20191002-03-03",
        "rmrb-20191002-03-04"]
    assert len(issue.articles) == 43
    assert issues_on(sample_index, "2019-10-02") == (issue,)


def test_several_papers_on_one_date_and_page_order(empty_index: ArchiveIndex):
    day = "2021-03-04"

    def art(id_, source, page, number):
        return Article(id=id_, title=id_, body="文", source=source, date=day, page=page,
                       number=number)

    index_articles(empty_index, [
        art("b-10", "乙报", "10", 1), art("b-2b", "乙报", "2", 2), art("b-2a", "乙报", "2", 1),
        art("b-a3", "乙报", "A3", 1), art("b-sp", "乙报", "特刊", None),
        art("b-none", "乙报", None, None), art("b-2c", "乙报", "2", None),
        art("a-1", "甲报", "1", 1),
        Article(id="a-old", title="t", body="文", source="甲报", date="2021-03-01", page="1"),
    ])
    first, second = issues_on(empty_index, day)
    assert (first.source, first.previous, first.next) == ("乙报", None, None)
    assert [(p.page, [a.id for a in p.articles]) for p in first.pages] == [
        ("2", ["b-2a", "b-2b", "b-2c"]), ("A3", ["b-a3"]), ("10", ["b-10"]),
        ("特刊", ["b-sp"]), (None, ["b-none"])]
    assert (second.source, second.previous, second.next) == ("甲报", "2021-03-01", None)
    # Deleted articles are not counted.
    with open_writer(empty_index) as writer:
        writer.delete_by_term("id", "a-old")
    [only] = issues_on(empty_index, day, "甲报")
    assert only.previous is None
    assert issue_dates(empty_index)["甲报"] == (day,)
    with pytest.raises(IssueNotFound, match="no issue 甲报 of 2021-03-01 in the index"):
        issues_on(empty_index, "2021-03-01", "甲报")


def test_dates_are_checked():
    assert issue_day("2020-02-29") == "2020-02-29"
    for bad in ("2021-02-29", "2020-2-1", "20200201", "2020-02-01x"):
        with pytest.raises(InvalidRequest, match=f"'{bad}' is not a date"):
            issue_day(bad)


def test_read_article_marks_the_query_and_lists_its_neighbours(sample_index):
    view = WhooshBackend(sample_index.path).read_article("rmrb-20191002-03-02", "阅兵 OR 号角")
    assert view.title.marked() == ["号角"]
    assert [p.marked() for p in view.paragraphs if p.marks] == [
        ["阅兵", "号角"], ["阅兵"], ["阅兵"], ["号角"], ["号角"]]
    assert [a.id for a in view.same_page] == [
        "rmrb-20191002-03-01", "rmrb-20191002-03-03", "rmrb-20191002-03-04"]
    assert len(view.same_issue) == 39
    assert view.issue is not None and view.issue.previous == "2019-10-01"
    plain = WhooshBackend(sample_index.path).read_article("rmrb-20191002-03-02")
    assert all(not p.marks for p in plain.paragraphs)
    with pytest.raises(ArticleNotFound):
        WhooshBackend(sample_index.path).read_article("nope")
    with pytest.raises(QuerySyntaxError):
        WhooshBackend(sample_index.path).read_article("rmrb-20191002-03-02", '"阅兵')


def test_an_article_without_a_date_has_no_issue(empty_index: ArchiveIndex):
    index_articles(empty_index, [Article(id="x", title="无日期", body="第一段\n\n第二段")])
    view = WhooshBackend(empty_index.path).read_article("x", "段")
    assert view.issue is None and view.same_page == () and view.same_issue == ()
    assert [p.marked() for p in view.paragraphs] == [["段"], ["段"]]
