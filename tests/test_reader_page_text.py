"""A plain-text newspaper page cut into its articles: titles, bylines, captions, notes."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from corpus_paths import TEST_CORPUS

from indexer.article import derive_id
from indexer.cli import main
from indexer.readers import Failure, reader_for
from indexer.readers.page_text import PageTextReader

CORPUS = TEST_CORPUS
SEED = CORPUS / "raw" / "seed-page" / "000_1d94754649065301.txt"


def test_seed_page_articles_in_order() -> None:
    articles = list(PageTextReader().read(SEED))
    assert [(a.number, a.title, a.subtitle, a.authors, a.captions, a.continuation)
            for a in articles] == [
        (1, "以百姓满意为追求 擦亮城市平安底色", None, ("李小文", "赵妍"), (), None),
        (2, "享受花海", None, (), ("夏鹏飞 摄",), None),
        (3, "近14天来自或途经原疫情严重地区 开学后,我省对这部分学生和教职员开展检测", None,
         ("胡宗昊",), (), None),
        (4, "（续）司法”微信公号调解申请,最终顺利化解难题", None, (), (), None),
        (5, "为唤春风归 拼却女儿身", None, (), (), "上接1版"),
    ]
    assert [len(a.body.split("\n")) for a in articles] == [9, 1, 5, 3, 11]
    assert [(a.source, a.date, a.page) for a in articles] == [(None, None, None)] * 5
    assert all(re.fullmatch(r"h-[0-9a-f]{16}", a.id) for a in articles)


def test_seed_page_bodies() -> None:
    first, photo, covid, continued, last = PageTextReader().read(SEED)
    assert first.body.split("\n")[2:4] == [
        "不断完善基层治理链条",
        "嘉兴将诉源治理与县级社会治理综合服务中心、在线矛盾纠纷多元化解平台等建设融合,按照“最多跑一次”"
        "理念,在全市各地高标准打造集矛盾调解、信访调处、法律援助、劳动仲裁、诉讼服务“五位一体”的县级社会"
        "矛盾纠纷调处化解中心(信访超市),推动资源集成、力量集合,努力实现将矛盾纠纷化解在基层、化解在源头、"
        "化解在诉前。至2019年9月底,全市7个县(市、区)全部实现“多中心”转变为“一中心”,在全省率先实现有"
        "专门机构编制的县级中心全覆盖。2019年,全市诉前矛盾纠纷调处化解率增加35.88%,同比增幅全省第一,"
        "由此带动全市刑事发案、民商事案件、安全事故、信访总量实现“四下降”。",
    ]
    assert photo.body == ("4月13日,在安吉县报福镇洪家村杜鹃花基地,近万株杜鹃与竹海、绿水形成了"
                          "美丽的乡村风景线,游客慕名而来,享受美丽乡村的美好时光。")
    assert covid.body.split("\n")[0] == (
        "本报讯 4月13日下午,浙江省召开第43场新冠肺炎疫情防控工作新闻发布会,省防控工作领导小组、"
        "省农业农村厅、省粮食和物资储备局、省疾病预防控制中心的相关负责人发布疫情防控相关情况,"
        "提醒市民仍需做好疫情防控措施。")
    assert "全省共追踪到密切接触者47321人" in covid.body
    assert "储备粮规模居全国第二位" in covid.body
    assert continued.body.split("\n")[0] == "司法”微信公号调解申请,最终顺利化解难题。"
    assert last.body.split("\n")[0].startswith("连续两个多月,杨帆都带头奋战在社区抗疫一线。")
    assert last.body.split("\n")[4] == "“我好想再听到她的呼吸声”"


def test_sidecar_metadata_gives_source_date_page_and_ids(tmp_path: Path) -> None:
    page = tmp_path / "zjrb-2020-04-14-02.txt"
    shutil.copy(SEED, page)
    (tmp_path / "zjrb-2020-04-14-02.txt.meta.json").write_text(
        json.dumps({"source": "浙江日报", "date": "2020-04-14", "page": 2}), encoding="utf-8")
    articles = list(PageTextReader().read(page))
    assert [(a.id, a.source, a.date, a.page) for a in articles] == [
        (derive_id(source="浙江日报", date="2020-04-14", page="2", number=n, text=""),
         "浙江日报", "2020-04-14", "2") for n in range(1, 6)
    ]


def test_subtitle_run_dateline_names_and_turn_note(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "图书馆延长开放时间\n——周末开放到晚上九点\n\n"
        "本报讯（记者 王小明 通讯员 李红）市图书馆从本周起延长开放时间，周末开放到晚上九点。\n\n"
        "馆长表示，延长开放时间是为了方便上班族。（下转2版）\n", encoding="utf-8")
    (article,) = PageTextReader().read(page)
    assert (article.title, article.subtitle, article.authors, article.continuation) == (
        "图书馆延长开放时间", "——周末开放到晚上九点", ("王小明", "李红"), "下转2版")
    assert article.body == ("本报讯（记者 王小明 通讯员 李红）市图书馆从本周起延长开放时间，"
                            "周末开放到晚上九点。\n馆长表示，延长开放时间是为了方便上班族。")


def test_untitled_text_and_lone_credits(tmp_path: Path) -> None:
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("市民清晨在公园里晨练，湖边十分热闹。\n\n老人们打起了太极拳。\n",
                        encoding="utf-8")
    lone = tmp_path / "lone.txt"
    lone.write_text("\n本报记者 王小明\n", encoding="utf-8")
    assert [a.title for a in PageTextReader().read(untitled)] == [
        "市民清晨在公园里晨练，湖边十分热闹"]
    assert list(PageTextReader().read(lone)) == [
        Failure(str(lone), "credits without an article", 2)]


def test_accepts_plain_text_but_not_epaper_dumps() -> None:
    reader = PageTextReader()
    epaper = CORPUS / "raw" / "rmrb-epaper" / "20191001" / "20191001-02-06.txt"
    assert (reader.accepts(SEED), reader.accepts(epaper)) == (True, False)
    assert reader.accepts(CORPUS / "rmrb-2019-2020.jsonl") is False
    assert reader_for(SEED).name == "page-text"


def test_baoku_parse_json_prints_every_field() -> None:
    result = CliRunner().invoke(main, ["parse", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    assert len(printed) == 5
    photo = printed[1]
    assert re.fullmatch(r"h-[0-9a-f]{16}", photo["id"])
    assert re.fullmatch(r"[0-9a-f]{20}", photo["content_hash"])
    assert photo == {
        "id": photo["id"],
        "title": "享受花海",
        "body": "4月13日,在安吉县报福镇洪家村杜鹃花基地,近万株杜鹃与竹海、绿水形成了美丽的"
                "乡村风景线,游客慕名而来,享受美丽乡村的美好时光。",
        "source": None,
        "date": None,
        "page": None,
        "number": 2,
        "category": None,
        "pretitle": None,
        "subtitle": None,
        "authors": [],
        "captions": ["夏鹏飞 摄"],
        "continuation": None,
        "url": None,
        "origin": None,
        "source_file": str(SEED),
        "content_hash": photo["content_hash"],
    }
