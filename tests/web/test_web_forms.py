"""The search box and the advanced form: what their submissions become (a redirect to the
plain URL of the search), and the library's messages in Chinese."""
from __future__ import annotations

from web_helpers import link
from werkzeug.datastructures import MultiDict

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
