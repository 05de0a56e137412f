"""The library's messages in Chinese, for the HTML pages.

The library (``indexer``) and the JSON API speak English: its messages are what clients and
the command line show. The web pages say the same in Chinese: each known message shape is a
pattern here with its Chinese wording. A message of no known shape is shown as it is, after
a Chinese label (``chinese`` returns None for it).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from flask import Flask

_N = r"(?P<n>\d+)"
PARAMETER_NAMES = {"from": "起始日期", "to": "截止日期", "q": "查询", "sort": "排序",
                   "timeline": "时间分布", "p": "页码", "year": "年份", "month": "月份",
                   "by": "时间单位", "limit": "条数"}
DATE_FORMS = "YYYY、YYYY-MM 或 YYYY-MM-DD"

# (pattern of the English message, its Chinese form with the pattern's groups)
_PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"the quote opened at position {_N} is never closed",
     "第 {n} 个字符处的引号没有闭合"),
    (rf"the parenthesis opened at position {_N} is never closed",
     "第 {n} 个字符处的左括号没有闭合"),
    (rf"unmatched '\)' at position {_N}", "第 {n} 个字符处的右括号没有对应的左括号"),
    (rf"unexpected '(?P<x>.*)' at position {_N}", "第 {n} 个字符处多了“{x}”"),
    (rf"OR at position {_N} needs something after it", "第 {n} 个字符处的 OR 后面缺少词语"),
    (rf"(?P<x>\S+) at position {_N} needs a word after it",
     "第 {n} 个字符处的 {x} 后面缺少词语"),
    (rf"empty parentheses at position {_N}", "第 {n} 个字符处的括号里是空的"),
    (rf"expected a word before the end at position {_N}", "查询末尾缺少词语"),
    (rf"expected a word before '(?P<x>.*)' at position {_N}",
     "第 {n} 个字符处的“{x}”前面缺少词语"),
    (r"'(?P<x>.*)' has no letters, digits or Chinese characters to search for",
     "“{x}”里没有可以检索的汉字、字母或数字"),
    (rf"unknown field '(?P<x>.*):' at position {_N}; the fields are .*",
     "第 {n} 个字符处的“{x}:”不是检索字段；可用的字段有 title:、body:、author:、"
     "source:、page:、date:"),
    (rf"'(?P<x>.*):' at position {_N} needs a value right after the colon",
     "第 {n} 个字符处的“{x}:”后面要紧跟检索的内容，冒号后不能有空格"),
    (rf"date '(?P<x>.*)' at position {_N} is not a date or range; write .*",
     "第 {n} 个字符处的“{x}”不是日期或日期范围；可写 date:2020-01-01..2020-03-31、"
     "date:2020-01..、date:..2020 或 date:2020-02"),
    (rf"date '(?P<x>.*)' at position {_N} does not exist \(.*\)",
     "第 {n} 个字符处的日期“{x}”不存在"),
    (r"(?P<name>\w+): '(?P<x>.*)' must be one date, not a range",
     "{name}“{x}”应是一个日期，不能是日期范围"),
    (r"(?P<name>\w+): '(?P<x>.*)' is not a date; write .*",
     "{name}“{x}”不是日期；请写成 " + DATE_FORMS),
    (r"'(?P<x>.*)' is not a date; write YYYY-MM-DD, e\.g\. (?P<e>.*)",
     "“{x}”不是日期；请写成 YYYY-MM-DD，例如 {e}"),
    (r"(?P<name>\w+) must be one of (?P<values>.*), not '(?P<x>.*)'",
     "{name}只能是 {values} 之一，不能是“{x}”"),
    (r"p must be a page number from 1 to (?P<last>\d+), not '(?P<x>.*)'",
     "页码应在 1 到 {last} 之间，不能是“{x}”"),
    (r"year='(?P<x>.*)' is not a year; write YYYY", "年份“{x}”应写成 YYYY，例如 2019"),
    (r"month='(?P<x>.*)' is not a month; write YYYY-MM",
     "月份“{x}”应写成 YYYY-MM，例如 2019-10"),
    (r"'(?P<param>\w+)' may be given once, not (?P<x>\d+) times",
     "参数 {param} 只能给一次，这里给了 {x} 次"),
    (r"the query is (?P<x>\d+) characters long; the most a query may have is (?P<m>\d+)",
     "查询有 {x} 个字符，最多只能有 {m} 个"),
    (rf"parentheses and NOT are nested (?P<x>\d+) deep at position {_N}; the most is "
     r"(?P<m>\d+)", "第 {n} 个字符处括号和 NOT 套了 {x} 层，最多只能套 {m} 层"),
    (rf"the word at position {_N} is (?P<x>\d+) characters long without a space or "
     r"punctuation; the most is (?P<m>\d+)",
     "第 {n} 个字符处的词连续 {x} 个字符没有空格或标点，最多只能有 {m} 个"),
    (r"the query has more than (?P<m>\d+) terms \(words, quoted texts, field values\); the "
     rf"one at position {_N} is past the limit",
     "查询的词语（含引号中的文字和字段值）超过 {m} 个：第 {n} 个字符处的已超出"),
    (r"the index at (?P<x>.+) is being written by (?P<who>.+); waited (?P<w>[\d.]+) s\. "
     r"Try again when it has finished",
     "索引 {x} 正在被另一个程序写入（{who}）；已等待 {w} 秒。请等它写完后再试"),
    (r"(?P<x>\d+) values of the filter '(?P<f>\w+)'; the most is (?P<m>\d+)",
     "筛选条件 '{f}' 给了 {x} 个值，最多 {m} 个"),
    (r"(?P<x>\d+) filter values in all; the most is (?P<m>\d+)",
     "筛选条件共给了 {x} 个值，最多 {m} 个"),
    (r"the id is empty", "编号是空的"),
    (r"the query is empty", "查询是空的"),
    (r"from (?P<x>\S+) is after to (?P<y>\S+)", "起始日期 {x} 晚于截止日期 {y}"),
    (r"no article with id '(?P<x>.*)' in the index", "索引里没有编号为“{x}”的文章"),
    (r"no issue (?P<x>.+) of (?P<date>\S+) in the index", "索引里没有{x} {date} 这一期"),
    (r"no issue (?P<date>\S+) in the index", "索引里没有 {date} 这一天的报纸"),
    (r"a saved search needs a name", "订阅需要一个名称"),
    (r"the name of a saved search may have at most (?P<m>\d+) characters, not (?P<x>\d+)",
     "订阅的名称最多 {m} 个字符，这里有 {x} 个"),
    (r"a saved search needs a query: .*", "订阅需要查询词：空的查询会订阅全部文章"),
    (r"a saved search named '(?P<x>.*)' already exists", "已经有名为“{x}”的订阅了，请换一个名称"),
)
_COMPILED: Sequence[tuple[re.Pattern[str], str]] = tuple(
    (re.compile(f"^{p}$", re.DOTALL), zh) for p, zh in _PATTERNS)


def chinese(message: str) -> str | None:
    """The Chinese form of a library message; None for a message of no known shape."""
    for pattern, zh in _COMPILED:
        m = pattern.match(message)
        if m:
            groups = m.groupdict()
            if "name" in groups:
                groups["name"] = PARAMETER_NAMES.get(groups["name"], groups["name"])
            if "values" in groups:
                groups["values"] = groups["values"].replace(", ", "、")
            return zh.format(**groups)
    return None


def _quoted(terms: str) -> str:
    return "".join(f"“{t}”" for t in terms.split(" "))


_RETRY_ONE = re.compile(r"^no article has (?P<t>.+); showing articles with most of its words$")
_RETRY_MANY = re.compile(r"^no article has all of (?P<t>.+); showing articles with most of "
                         r"them(?: \(none has (?P<none>.+)\))?$")


def retry_notice(notice: str | None) -> str | None:
    """The looser retry's notice (``indexer.searching.loose.retry_notice``) in Chinese:
    which words were searched and which no article has; None for no notice."""
    if not notice:
        return None
    if m := _RETRY_ONE.match(notice):
        return f"没有文章包含“{m['t']}”，下面是包含其中大部分词语的文章。"
    if m := _RETRY_MANY.match(notice):
        text = f"没有文章同时包含{_quoted(m['t'])}，下面是包含其中大部分词语的文章"
        if m["none"]:
            text += f"；没有任何文章包含{_quoted(m['none'])}"
        return text + "。"
    return chinese(notice) or notice


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_chinese(message: str) -> bool:
    """Whether a message is written in Chinese already (the web app's own messages): more
    Chinese characters than Latin letters, so that an English message quoting a Chinese
    name is not taken for one."""
    return len(_HAN.findall(message)) > len(_LATIN.findall(message))


def in_chinese(message: str) -> str:
    """The Chinese form of a library message, or the message itself when its shape is not
    known (a template filter: the reasons of a batch's invalid queries)."""
    return chinese(message) or message


def register(app: Flask) -> None:
    app.add_template_filter(in_chinese)
