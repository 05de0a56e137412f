"""Bylines, photo credits and datelines: the names a reader would credit, line by line."""
from __future__ import annotations

import pytest

from indexer.readers.bylines import Credits, parse_byline, parse_caption, parse_dateline


@pytest.mark.parametrize(("line", "names"), [
    ("本报记者 李小文 见习记者 赵妍", ("李小文", "赵妍")),
    ("见习记者 胡宗昊", ("胡宗昊",)),
    ("记者 王小明", ("王小明",)),
    ("通讯员 张三 李四", ("张三", "李四")),
    ("本报记者 张三 通讯员 李四", ("张三", "李四")),
    ("本报记者\xa0\xa0张\xa0\xa0枨", ("张枨",)),  # a two-character name padded by layout
    ("本报记者\xa0\xa0叶传增\xa0\xa0杨文明", ("叶传增", "杨文明")),
    ("（本报记者\xa0\xa0许\xa0\xa0晴\xa0\xa0钱一彬）", ("许晴", "钱一彬")),
    ("（本报记者张晓东、殷新宇、万宇、周輖）", ("张晓东", "殷新宇", "万宇", "周輖")),
    ("（综合本报记者曹玲娟、祝大伟、付文报道）", ("曹玲娟", "祝大伟", "付文")),
    ("（本报记者任姗姗采访整理）", ("任姗姗",)),
    # not bylines
    ("记者手记", None),
    ("记者：两位是国乒在不同发展时期的见证者和参与者", None),
    ("本报记者\xa0\xa0殷新宇摄", None),  # a photo credit
    ("以百姓满意为追求 擦亮城市平安底色", None),
    ("不断完善基层治理链条", None),
    ("（作者为中国驻俄罗斯大使）", None),
    ("（本报记者任姗姗、人民网强国论坛白真智采访整理）", None),
    ("", None),
])
def test_parse_byline(line: str, names: tuple[str, ...] | None) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(("line", "names"), [
    ("夏鹏飞 摄", ("夏鹏飞",)),
    ("本报记者 王小明 摄", ("王小明",)),
    ("本报记者\xa0\xa0殷新宇摄", ("殷新宇",)),
    ("新华社记者\xa0\xa0刘\xa0\xa0潇摄", ("刘潇",)),
    ("龙\xa0\xa0涛摄（人民视觉）", ("龙涛",)),
    ("王鸿义\xa0\xa0陈严雪摄影报道（影像中国）", ("王鸿义", "陈严雪")),
    ("本报记者\xa0\xa0施\xa0\xa0芳\xa0\xa0赵婀娜摄影报道", ("施芳", "赵婀娜")),
    ("确·胡热摄（影像中国）", ("确·胡热",)),
    ("图为一名村民跳离独木（竹）“桥”抢香鸭。龙\xa0\xa0涛摄（人民视觉）", ("龙涛",)),
    # not photo credits
    ("游客纷纷拿出手机拍摄", None),
    ("年平均气温在零摄氏度以下。", None),
    ("本报记者 李小文 见习记者 赵妍", None),
])
def test_parse_caption(line: str, names: tuple[str, ...] | None) -> None:
    assert parse_caption(line) == names


@pytest.mark.parametrize(("text", "names"), [
    ("本报北京1月31日电 （记者杜一菲）国家主席习近平31日在人民大会堂同卡塔尔埃米尔塔米姆举行会谈。",
     ("杜一菲",)),
    ("新华社北京9月30日电\xa0\xa0（记者朱基钗）中共中央总书记", ("朱基钗",)),
    ("本报北京9月30日电\xa0\xa0（何旭）人民日报30日要闻4版推出任仲平文章", ("何旭",)),
    ("本报杭州4月13日讯（记者 张三 通讯员 李四）昨天", ("张三", "李四")),
    ("（新华社北京10月1日电\xa0\xa0新华社记者李学勇、李宣良，解放军报记者王士彬、柳刚）",
     ("李学勇", "李宣良", "王士彬", "柳刚")),
    ("本报讯 4月13日下午,浙江省召开第43场新冠肺炎疫情防控工作新闻发布会", ()),
    ("新华社北京9月30日电\xa0\xa0中共中央总书记、国家主席", ()),
    ("据新华社电\u3000日前", ()),
    ("本报电（以下简称“云米科技”）", ()),
    # no dateline
    ("习近平在贺电中指出", None),
    ("本报记者从交通运输部获悉", None),
    ("新华社发布电视讲话", None),
])
def test_parse_dateline(text: str, names: tuple[str, ...] | None) -> None:
    assert parse_dateline(text) == names


def test_credits_collects_names_in_order_and_says_which_paragraphs_leave_the_body() -> None:
    credits = Credits()
    kept = [p for p in (
        "本报记者 李小文 见习记者 赵妍",
        "本报讯（记者 赵妍 通讯员 王五）4月13日，全市召开大会。",
        "会议通报了情况。",
        "夏鹏飞 摄",
        "（本报记者 李小文）",
    ) if not credits.take(p)]
    assert kept == ["本报讯（记者 赵妍 通讯员 王五）4月13日，全市召开大会。", "会议通报了情况。"]
    assert credits.authors == ["李小文", "赵妍", "王五"]
    assert credits.captions == ["夏鹏飞 摄"]
