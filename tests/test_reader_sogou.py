"""SogouCS/CA .dat files: records, encodings, ids and dates shared with the samples JSONL."""
from __future__ import annotations

import json
from pathlib import Path

from corpus_paths import TEST_CORPUS

from indexer.article import Article
from indexer.readers import Failure, reader_for
from indexer.readers.sogou import SogouReader

CORPUS = TEST_CORPUS
SOGOU = CORPUS / "raw" / "sogou"
SOHUSITE = SOGOU / "news_sohusite_xml.smarty.dat"  # SogouCS, UTF-8 in the project's corpus
TENSITE = SOGOU / "news_tensite_xml.smarty.dat"  # SogouCA, GBK


def test_first_sohusite_record() -> None:
    first = next(iter(SogouReader().read(SOHUSITE)))
    assert (first.id, first.title, first.url, first.date, first.source, first.category) == (
        "sogoucs-98590b972ad2f0ea-34913306c0bb3300",
        "深圳地铁将设立ＶＩＰ头等车厢\u3000买双倍票可享坐票",
        "http://gongyi.sohu.com/20120706/n347457739.shtml",
        "2012-07-06", "搜狐", "gongyi")
    assert first.body.split("\n")[0] == (
        "南都讯\u3000记者刘凡\u3000周昌和\u3000任笑一\u3000继推出日票后，深圳今后将设地铁ＶＩＰ头等车厢，"
        "设坐票制。昨日，《南都ＭＥＴＲＯ》创刊仪式暨２０１２年深港地铁圈高峰论坛上透露，在未来的１１号线"
        "上将增加特色服务，满足不同消费层次的乘客的不同需求，如特设行李架的车厢和买双倍票可有座位坐的"
        "ＶＩＰ车厢等。")
    assert len(first.body.split("\n")) == 4


def test_record_with_empty_content_is_kept() -> None:
    second = list(SogouReader().read(SOHUSITE))[1]
    assert second == Article(
        id="sogoucs-5fa7926d2cd2f0ea-34913306c0bb3300",
        title="爸爸为女儿百万建幼儿园\u3000消防设施３年仍不过关",
        body="",
        source="搜狐", date="2012-07-24", category="gongyi",
        url="http://gongyi.sohu.com/20120724/n348878190.shtml",
        source_file=str(SOHUSITE),
    )


def test_gbk_file_first_record() -> None:
    first = next(iter(SogouReader().read(TENSITE)))
    assert (first.id, first.title, first.url, first.date, first.source, first.category) == (
        "sogouca-c172394d49da2142-69713306c0bb3300",
        "公安机关销毁１０余万非法枪支\u3000跨国武器走私渐起",
        "http://news.sohu.com/20120612/n345428229.shtml",
        "2012-06-12", "搜狐", "news")
    assert first.body.startswith("中广网唐山６月１２日消息（记者汤一亮\u3000庄胜春）")


def test_both_files_match_the_samples_jsonl() -> None:
    samples = {}
    with (CORPUS / "sogou-samples.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            samples[record["id"]] = record
    items = [*SogouReader().read(SOHUSITE), *SogouReader().read(TENSITE)]
    assert [i for i in items if isinstance(i, Failure)] == []
    assert len(items) == 400
    keys = ("id", "url", "date", "source", "category")
    assert [{k: getattr(a, k) for k in keys} for a in items] == [
        {k: samples[a.id][k] for k in keys} for a in items]
    # the samples hold the UTF-8 file's text as mojibake; the GBK file's text must agree
    gbk = [a for a in items if a.id.startswith("sogouca-")]
    assert [(a.title, a.body) for a in gbk] == [
        (samples[a.id]["title"], samples[a.id]["body"]) for a in gbk]
    assert sum(1 for a in items if a.body == "") == 70


def test_accepts_dat_files_with_doc_records(tmp_path: Path) -> None:
    other = tmp_path / "other.dat"
    other.write_bytes(b"some binary-ish data without records")
    reader = SogouReader()
    assert (reader.accepts(SOHUSITE), reader.accepts(TENSITE), reader.accepts(other)) == (
        True, True, False)
    assert reader.accepts(CORPUS / "raw" / "seed-page" / "000_1d94754649065301.txt") is False
    assert reader_for(TENSITE).name == "sogou"
