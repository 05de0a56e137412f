"""人民日报 e-paper dumps: headings, date/page/number from the name, ids shared with the JSONL."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from corpus_paths import TEST_CORPUS

from indexer.article import derive_id
from indexer.cli import main
from indexer.readers import reader_for
from indexer.readers.epaper import EpaperReader

CORPUS = TEST_CORPUS
EPAPER = CORPUS / "raw" / "rmrb-epaper"


def read_one(path: Path):
    items = list(EpaperReader().read(path))
    assert len(items) == 1
    return items[0]


def test_editorial_with_subtitle() -> None:
    article = read_one(EPAPER / "20191001" / "20191001-02-02.txt")
    assert (article.id, article.source, article.date, article.page, article.number) == (
        "rmrb-20191001-02-02", "人民日报", "2019-10-01", "2", 2)
    assert (article.pretitle, article.title, article.subtitle) == (
        None, "奋斗的史诗 复兴的伟力（社论）", "——热烈庆祝中华人民共和国成立七十周年")
    assert article.body.split("\n")[0] == (
        "70年前的10月1日，第一面五星红旗冉冉升起，新生的人民共和国迎着朝阳出发，一路披荆斩棘，"
        "一路凯歌行进，把一个又一个胜利写在这片古老的土地上。")
    assert (article.authors, article.captions, article.url) == ((), (), None)


def test_pretitle_and_dateline_author() -> None:
    article = read_one(EPAPER / "20191001" / "20191001-02-06.txt")
    assert (article.pretitle, article.title, article.subtitle) == (
        "网友热议任仲平文章——", "守初心者行必远", None)
    assert article.authors == ("何旭",)
    assert article.body.split("\n")[0] == (
        "本报北京9月30日电\xa0\xa0（何旭）人民日报30日要闻4版推出任仲平文章《初心铸就千秋伟业——"
        "为庆祝新中国成立70周年而作（下）》。")


def test_bylines_leave_the_body_and_become_authors() -> None:
    article = read_one(EPAPER / "20191007" / "20191007-07-01.txt")
    assert article.title == "老年人的新生活"
    assert article.authors == ("贺勇", "王亮", "刘新吾")
    assert "本报记者" not in article.body


def test_photo_credits_become_captions() -> None:
    article = read_one(EPAPER / "20191010" / "20191010-12-03.txt")
    assert (article.title, article.captions, article.authors) == (
        "图片报道", ("龙\xa0\xa0涛摄（人民视觉）",), ())
    assert article.body == (
        "近日，广西柳州市融水苗族自治县汪洞乡产儒村，乡亲们在抢香鸭中庆祝丰收。抢香鸭是当地传统的民俗"
        "活动，抢香鸭者要走过特制的独木（竹）“桥”，抢到离“桥”头两三米、挂在竹竿上象征福气的鸭子。"
        "图为一名村民跳离独木（竹）“桥”抢香鸭。")


def test_title_without_body_is_kept() -> None:
    article = read_one(EPAPER / "20191001" / "20191001-04-11.txt")
    assert (article.id, article.title, article.body) == ("rmrb-20191001-04-11", "广告", "")


def test_every_october_file_matches_the_jsonl_dump_of_the_same_article() -> None:
    dump = {}
    with (CORPUS / "rmrb-2019-2020.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            dump[record["id"]] = record
    files = sorted(EPAPER.glob("*/*.txt"))
    keys = ("id", "source", "date", "page", "pretitle", "title", "subtitle")
    mismatches = []
    for path in files:
        article = read_one(path)
        ours = {key: getattr(article, key) for key in keys}
        theirs = {key: dump.get(article.id, {}).get(key) for key in keys}
        if ours != theirs:
            mismatches.append((path.name, ours, theirs))
    assert len(files) == 281  # the days and pages shipped in tests/data/corpus
    assert mismatches == []


def test_sidecar_source_overrides_the_default_and_changes_the_id(tmp_path: Path) -> None:
    day = tmp_path / "20191001"
    day.mkdir()
    shutil.copy(EPAPER / "20191001" / "20191001-02-06.txt", day)
    (tmp_path / "baoku.json").write_text('{"source": "人民日报海外版", "category": "要闻"}',
                                         encoding="utf-8")
    article = read_one(day / "20191001-02-06.txt")
    assert (article.id, article.source, article.category, article.date, article.page) == (
        derive_id(source="人民日报海外版", date="2019-10-01", page="2", number=6, text=""),
        "人民日报海外版", "要闻", "2019-10-01", "2")


def test_accepts_only_epaper_names() -> None:
    reader = EpaperReader()
    assert reader.accepts(EPAPER / "20191001" / "20191001-02-06.txt") is True
    assert reader.accepts(CORPUS / "raw" / "seed-page" / "000_1d94754649065301.txt") is False
    assert reader_for(EPAPER / "20191001" / "20191001-02-06.txt").name == "epaper"


def test_baoku_parse_json_prints_every_field() -> None:
    path = EPAPER / "20191001" / "20191001-02-03.txt"
    result = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1
    printed = json.loads(lines[0])
    assert re.fullmatch(r"[0-9a-f]{20}", printed["content_hash"])
    assert printed == {
        "id": "rmrb-20191001-02-03",
        "title": "习近平《在中央政协工作会议暨庆祝中国人民政治协商会议成立70周年大会上的讲话》"
                 "单行本出版",
        "body": "新华社北京9月30日电\xa0\xa0中共中央总书记、国家主席、中央军委主席习近平"
                "《在中央政协工作会议暨庆祝中国人民政治协商会议成立70周年大会上的讲话》单行本，"
                "已由人民出版社出版，即日起在全国新华书店发行。",
        "source": "人民日报",
        "date": "2019-10-01",
        "page": "2",
        "number": 3,
        "category": None,
        "pretitle": None,
        "subtitle": None,
        "authors": [],
        "captions": [],
        "continuation": None,
        "url": None,
        "origin": None,
        "source_file": str(path),
        "content_hash": printed["content_hash"],
    }
