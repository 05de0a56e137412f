"""The search box and the advanced form: what their submissions become (a redirect to the
plain URL of the search), and the library's messages in Chinese."""
from __future__ import annotations

import pytest
from web_helpers import link
from werkzeug.datastructures import MultiDict

from indexer.errors import QuerySyntaxError
from indexer.query.language import parse_query
from search_web.messages import chinese, retry_notice
from search_web.searchform import advanced_query


def test_the_advanced_fields_become_the_query_language():
    assert advanced_query(MultiDict({
        "a_title": "国庆  阅兵", "a_body": "改革", "a_author": "李小文", "a_source": "浙江 日报",
        "a_page": "A3", "a_from": "2020-01", "a_to": "", "a_phrase": "“掌上办”",
        "a_exclude": "广告 -启事"})) == (
        'title:国庆 title:阅兵 body:改革 author:李小文 source:"浙江 日报" page:A3 '
        'date:2020-01.. "掌上办" -广告 -启事')
    assert advanced_query(MultiDict({"a_from": "2019", "a_to": "2019"})) == "date:2019"
    assert advanced_query(MultiDict({"a_to": "2019-10-03"})) == "date:..2019-10-03"
    assert advanced_query(MultiDict()) == ""


def test_a_box_submission_redirects_without_the_old_filters(client):
    sent = {"q": "疫情", "form": "box", "year": "2019", "page": "1", "sort": "newest",
            "from": "2019-10", "to": ""}
    response = client.get("/search", query_string=sent)
    assert response.status_code == 302
    assert link(response.location) == ("/search", [("q", "疫情"), ("from", "2019-10"),
                                                   ("sort", "newest")])
    within = client.get("/search", query_string={**sent, "within": "1"})
    assert link(within.location) == ("/search", [
        ("q", "疫情"), ("year", "2019"), ("page", "1"), ("from", "2019-10"),
        ("sort", "newest")])
    picked = client.get("/search", query_string={**sent, "pick_year": "2020",
                                                 "pick_month": "4"})
    assert link(picked.location) == ("/search", [("q", "疫情"), ("from", "2020-04"),
                                                 ("to", "2020-04"), ("sort", "newest")])
    advanced = client.get("/search", query_string={"form": "advanced", "a_title": "国庆",
                                                   "a_exclude": "阅兵"})
    assert link(advanced.location) == ("/search", [("q", "title:国庆 -阅兵")])


def test_library_messages_in_chinese():
    assert chinese("OR at position 4 needs something after it") == "第 4 个字符处的 OR 后面缺少词语"
    assert chinese("empty parentheses at position 1") == "第 1 个字符处的括号里是空的"
    assert chinese("expected a word before the end at position 3") == "查询末尾缺少词语"
    assert chinese("'。,' has no letters, digits or Chinese characters to search for") == \
        "“。,”里没有可以检索的汉字、字母或数字"
    assert chinese("no issue 人民日报 of 2019-10-05 in the index") == \
        "索引里没有人民日报 2019-10-05 这一期"
    assert chinese("something new") is None
    assert retry_notice("no article has 微嘉园阅兵; showing articles with most of its words") \
        == "没有文章包含“微嘉园阅兵”，下面是包含其中大部分词语的文章。"
    assert retry_notice(None) is None


def test_the_bounds_of_a_query_are_told_in_chinese():
    """Each bound the parser enforces (indexer/query/limits.py), as the pages say it."""
    said = {}
    for name, query in {"length": "国" * 1001, "depth": "(" * 11 + "国庆" + ")" * 11,
                        "word": "国" * 101, "terms": " OR ".join(["阅兵"] * 101)}.items():
        with pytest.raises(QuerySyntaxError) as caught:
            parse_query(query)
        said[name] = chinese(str(caught.value))
    assert said == {
        "length": "查询有 1001 个字符，最多只能有 1000 个",
        "depth": "第 11 个字符处括号和 NOT 套了 11 层，最多只能套 10 层",
        "word": "第 1 个字符处的词连续 101 个字符没有空格或标点，最多只能有 100 个",
        "terms": "查询的词语（含引号中的文字和字段值）超过 100 个：第 601 个字符处的已超出"}
