"""The query language: what a typed query means, and the message a malformed one gets."""
from __future__ import annotations

import pytest

from indexer.errors import QuerySyntaxError
from indexer.query import And, DateRange, Exact, MatchAll, Not, Or, Text, parse_query


@pytest.mark.parametrize("query, tree", [
    ("", MatchAll()),
    ("北京 上海", And((Text("北京"), Text("上海")))),
    ("北京 AND 上海", And((Text("北京"), Text("上海")))),
    ('"微嘉园" OR 嘉兴', Or((Text("微嘉园", quoted=True), Text("嘉兴")))),
    ("阅兵 -习近平", And((Text("阅兵"), Not(Text("习近平"))))),
    ("阅兵 NOT 习近平", And((Text("阅兵"), Not(Text("习近平"))))),
    ("(国庆 OR 阅兵) 北京", And((Or((Text("国庆"), Text("阅兵"))), Text("北京")))),
    ("“全流程”", Text("全流程", quoted=True)),
    ("「掌上办」", Text("掌上办", quoted=True)),
    ("title:花海", Text("花海", field="title")),
    ('title:"享受 花海"', Text("享受 花海", quoted=True, field="title")),
    ("author:李小文", Exact("author", "李小文")),
    ("source:浙江日报 page:1", And((Exact("source", "浙江日报"), Exact("page", "1")))),
    ("date:2020-01-01..2020-03-31", DateRange("2020-01-01", "2020-03-31")),
    ("date:2020-01..", DateRange("2020-01-01", None)),
    ("date:..2019", DateRange(None, "2019-12-31")),
    ("date:2020-02", DateRange("2020-02-01", "2020-02-31")),
    ("date:2019-10-01", DateRange("2019-10-01", "2019-10-01")),
    # Full-width forms are folded before parsing (NFKC): （ ） become parentheses.
    ("（国庆 OR 阅兵）", Or((Text("国庆"), Text("阅兵")))),
])
def test_query_means(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize("pasted, tree", [
    # Pasted text keeps its punctuation: an unclosed Chinese quote or an unbalanced
    # parenthesis is text, and a word of punctuation alone is dropped.
    ("与“一带一路", And((Text("与"), Text("“一带一路")))),
    ("辉）第二届扇", Text("辉)第二届扇")),
    ("、搞“假把式”；", And((Text("、搞"), Text("假把式", quoted=True)))),
])
def test_pasted_text_is_searched_as_is(pasted: str, tree: object) -> None:
    assert parse_query(pasted) == tree


@pytest.mark.parametrize("query, message", [
    ('"微嘉园', "the quote opened at position 1 is never closed"),
    ("(国庆 OR 阅兵", "the parenthesis opened at position 1 is never closed"),
    ("国庆 OR", "OR at position 4 needs something after it"),
    ("OR 国庆", "expected a word before 'OR' at position 1"),
    ("国庆 NOT", "NOT at position 4 needs a word after it"),
    ("()", "empty parentheses at position 1"),
    ("foo:bar", "unknown field 'foo:' at position 1; the fields are title:, body:, author:, "
                "source:, page:, date:"),
    ("title: 花海", "'title:' at position 1 needs a value right after the colon"),
    ("date:2020-13", "date '2020-13' at position 6 does not exist (month 13)"),
    ("date:2019-02-30", "date '2019-02-30' at position 6 does not exist (day is out of range "
                        "for month)"),
    ("date:yesterday", "date 'yesterday' at position 6 is not a date or range; write "
                       "date:2020-01-01..2020-03-31, date:2020-01.., date:..2020 or "
                       "date:2020-02"),
    ("；。", "';。' has no letters, digits or Chinese characters to search for"),
])
def test_malformed_query_gets_a_clear_message(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert str(caught.value) == message


def test_unpaired_parenthesis_with_operators_is_a_mistake() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("国庆 OR 阅兵)")
    assert str(caught.value) == "unmatched ')' at position 9"
