"""How articles of the sample archive are cited: GB/T 7714 ([N], newspaper) and the plain
citation, with and without authors, page and date; and the CSV export's file name."""
from __future__ import annotations

import dataclasses
import datetime

from search_web.citation import gbt7714, plain
from search_web.export import content_disposition, file_name


def article(backend, article_id: str):
    return backend.read_article(article_id, "").article


def test_two_authors_no_page(sample_backend):
    a = article(sample_backend, "h-e5569c6290978186")
    assert (a.authors, a.source, a.date, a.page) == (("李小文", "赵妍"), "浙江日报",
                                                     "2020-04-14", None)
    assert gbt7714(a) == "李小文, 赵妍. 以百姓满意为追求 擦亮城市平安底色[N]. 浙江日报, 2020-04-14."
    assert plain(a) == ("李小文、赵妍：《以百姓满意为追求 擦亮城市平安底色》，《浙江日报》"
                        "2020年4月14日。")


def test_no_author_with_page(sample_backend):
    a = article(sample_backend, "rmrb-20191002-01-01")
    assert gbt7714(a) == "天安门广场举行盛大阅兵仪式和群众游行[N]. 人民日报, 2019-10-02(1)."
    assert plain(a) == "《天安门广场举行盛大阅兵仪式和群众游行》，《人民日报》2019年10月2日第1版。"


def test_more_than_three_authors_are_three_and_others(sample_backend):
    a = article(sample_backend, "rmrb-20191002-03-02")
    assert a.authors == ("李学勇", "李宣良", "王士彬", "柳刚")
    assert gbt7714(a) == ("李学勇, 李宣良, 王士彬, 等. 领航，号角催征新时代[N]. 人民日报, "
                          "2019-10-02(3).")
    assert plain(a) == ("李学勇、李宣良、王士彬、柳刚：《领航，号角催征新时代》，《人民日报》"
                        "2019年10月2日第3版。")


def test_no_paper_no_date_no_title(sample_backend):
    a = dataclasses.replace(article(sample_backend, "rmrb-20191002-01-01"), source=None,
                            date=None, title="", page="A3")
    assert gbt7714(a) == "（无标题）[N]. 来源不详(A3)."
    assert plain(a) == "《（无标题）》，《来源不详》A3版。"


def test_the_export_is_named_after_its_query_and_day():
    day = datetime.date(2026, 12, 5)
    assert file_name("口罩", day) == "baoku-口罩-2026-12-05.csv"
    assert file_name('title:国庆 "阅兵"', day) == "baoku-title_国庆_阅兵-2026-12-05.csv"
    assert file_name("", day) == "baoku-2026-12-05.csv"
    assert content_disposition("baoku-口罩-2026-12-05.csv") == (
        'attachment; filename="baoku-2026-12-05.csv"; '
        "filename*=UTF-8''baoku-%E5%8F%A3%E7%BD%A9-2026-12-05.csv")
