"""How an article is cited: the GB/T 7714-2015 reference of a newspaper article, and a plain
Chinese citation for running text.

GB/T 7714 (报纸析出文献, type code ``[N]``)::

    作者. 题名[N]. 报纸名, 出版日期(版次).

- authors are joined with ``", "``; more than three: the first three and ``", 等"``;
  no author: the reference starts with the title;
- no title: ``（无标题）``; no paper: ``来源不详``;
- the date is ISO (``2020-05-01``); no date: the paper is followed by the page alone
  (``浙江日报(1).``), neither: ``浙江日报.``;
- the page as printed (``1``, ``A3``); no page: no parentheses (``浙江日报, 2020-05-01.``).

The plain citation: ``李小文、赵妍：《标题》，《浙江日报》2020年5月1日第1版。`` (no author: it
starts with the title; no date or page: those parts left out).
"""
from __future__ import annotations

from indexer.article import Article

from .labels import UNKNOWN_SOURCE, date_label, page_label

MAX_AUTHORS = 3  # GB/T 7714: list three, then 等
NO_TITLE = "（无标题）"


def _title(article: Article) -> str:
    return article.title.strip() or NO_TITLE


def gbt7714(article: Article) -> str:
    """The GB/T 7714 reference of ``article`` as a newspaper article ([N])."""
    authors = list(article.authors[:MAX_AUTHORS])
    if len(article.authors) > MAX_AUTHORS:
        authors.append("等")
    head = f"{', '.join(authors)}. " if authors else ""
    where = article.source or UNKNOWN_SOURCE
    if article.date:
        where += f", {article.date}"
    if article.page:
        where += f"({article.page})"
    return f"{head}{_title(article)}[N]. {where}."


def plain(article: Article) -> str:
    """A citation for running text: ``作者：《题名》，《报纸》日期第n版。``."""
    head = f"{'、'.join(article.authors)}：" if article.authors else ""
    return (f"{head}《{_title(article)}》，《{article.source or UNKNOWN_SOURCE}》"
            f"{date_label(article.date)}{page_label(article.page)}。")
