"""JSON Lines: the corpus files read whole, authors split, bad lines reported by number."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_paths import TEST_CORPUS

from indexer.article import Article
from indexer.cli import main
from indexer.readers import Failure, reader_for
from indexer.readers.jsonl import JsonlReader

CORPUS = TEST_CORPUS
DATA = Path(__file__).resolve().parent / "data"
RMRB = CORPUS / "rmrb-2019-2020.jsonl"


@pytest.mark.parametrize(("path", "count"), [
    (CORPUS / "rmrb-2019-2020.jsonl", 379),
    (CORPUS / "sohu-chinanews.jsonl", 60),
    (CORPUS / "sogou-samples.jsonl", 400),
    (CORPUS / "cwced-pages.jsonl", 14),
    # pages written for the tests, standing in for the (GPL) gne-pages.jsonl
    (DATA / "pages" / "pages.jsonl", 3),
], ids=lambda value: value.name if isinstance(value, Path) else str(value))
def test_every_corpus_line_is_an_article(path: Path, count: int) -> None:
    items = list(JsonlReader().read(path))
    assert [i for i in items if isinstance(i, Failure)] == []
    assert len(items) == count


def _by_id(path: Path, *ids: str) -> list[Article]:
    found = {a.id: a for a in JsonlReader().read(path) if isinstance(a, Article) and a.id in ids}
    return [found[i] for i in ids]


def test_record_becomes_an_article_with_every_known_field() -> None:
    (article,) = _by_id(RMRB, "rmrb-20191001-02-03")
    assert article == Article(
        id="rmrb-20191001-02-03",
        title="习近平《在中央政协工作会议暨庆祝中国人民政治协商会议成立70周年大会上的讲话》单行本出版",
        body="新华社北京9月30日电\xa0\xa0中共中央总书记、国家主席、中央军委主席习近平《在中央政协工作会议"
             "暨庆祝中国人民政治协商会议成立70周年大会上的讲话》单行本，已由人民出版社出版，即日起在全国"
             "新华书店发行。",
        source="人民日报", date="2019-10-01", page="2",
        url="http://paper.people.com.cn/rmrb/html/2019-10/01/nw.D110000renmrb_20191001_3-02.htm",
        origin="github:caspiankexin/people-daily-crawler-date history blob 3a9e6c1a5a6d "
               "(2019年数据/2019年10月.7z) :: 2019年10月/20191001/20191001-02-03.txt",
        source_file=str(RMRB),
    )


def test_author_strings_are_split_into_names() -> None:
    (two,) = _by_id(RMRB, "rmrb-20190201-03-09")
    assert two.authors == ("毛鹏飞", "高炳南")
    cwced = CORPUS / "cwced-pages.jsonl"
    (five, untitled) = _by_id(cwced, "cwced-ab65832c-15b6-4c9e-b64f-3bc575332499",
                              "cwced-455de1c0-8332-4c76-aca6-724d22f840fd")
    assert five.authors == ("刘国栋", "周炜", "王燕平", "方云凤", "柏建斌")
    assert (five.title, untitled.title, untitled.authors) == ("", "", ())


def test_photo_item_with_empty_body_is_kept() -> None:
    (photo,) = _by_id(RMRB, "rmrb-20191001-04-11")
    assert (photo.title, photo.body, photo.page, photo.pretitle, photo.subtitle) == (
        "广告", "", "4", None, None)


def test_bad_lines_give_failures_by_line_and_the_rest_is_read() -> None:
    path = DATA / "bad-records.jsonl"
    items = list(JsonlReader().read(path))
    assert [i if isinstance(i, Failure) else (i.id, i.title, i.body, i.date, i.page)
            for i in items] == [
        ("b-1", "图片新闻", "", "2020-04-14", "2"),
        Failure(str(path), "broken JSON: Unterminated string starting at (column 38)", 2),
        Failure(str(path), "record has neither title nor body", 3),
        Failure(str(path), "date '2019-02-30' is not a real YYYY-MM-DD date", 4),
        Failure(str(path), "line is not a JSON object", 5),
        ("b-7", "页码是数字", "第三版。", "2020-03-30", "3"),
        Failure(str(path), "'title' must be a string, not list", 8),
    ]


def test_byline_in_author_field_and_truncated_last_line() -> None:
    path = DATA / "truncated.jsonl"
    items = list(JsonlReader().read(path))
    assert [i if isinstance(i, Failure) else (i.id, i.authors) for i in items] == [
        ("t-1", ("张三", "李四")),
        ("t-2", ("王五", "赵六")),
        Failure(str(path), "broken JSON: Expecting ':' delimiter (column 61)", 3),
    ]


def test_folder_metadata_fills_only_missing_fields(tmp_path: Path) -> None:
    lines = [
        {"id": "m-1", "source": None, "date": None, "page": None, "title": "一", "body": "甲。"},
        {"id": "m-2", "source": "测试晚报", "date": "2020-01-02", "page": "5", "title": "二",
         "body": "乙。"},
    ]
    (tmp_path / "articles.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    (tmp_path / "baoku.json").write_text(
        '{"source": "测试日报", "date": "2020-01-01", "page": "A3", "category": "本地"}',
        encoding="utf-8")
    items = JsonlReader().read(tmp_path / "articles.jsonl")
    assert [(a.id, a.source, a.date, a.page, a.category) for a in items] == [
        ("m-1", "测试日报", "2020-01-01", "A3", "本地"),
        ("m-2", "测试晚报", "2020-01-02", "5", "本地"),
    ]


def test_parse_json_output_reads_back_as_the_same_articles(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    shutil.copy(CORPUS / "raw" / "seed-page" / "000_1d94754649065301.txt", seed)
    result = CliRunner().invoke(main, ["parse", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    exported = tmp_path / "exported.jsonl"
    exported.write_text(result.output, encoding="utf-8")
    printed = [Article.from_dict(json.loads(line)) for line in result.output.splitlines()]
    read_back = list(JsonlReader().read(exported))
    assert read_back == [a.replace(source_file=str(exported)) for a in printed]
    assert [a.captions for a in read_back][:2] == [(), ("夏鹏飞 摄",)]


def test_accepts_jsonl_and_ndjson_only() -> None:
    reader = JsonlReader()
    assert [reader.accepts(Path(n)) for n in ("a.jsonl", "b.NDJSON", "c.json", "d.txt")] == [
        True, True, False, False]
    assert reader_for(RMRB).name == "jsonl"
