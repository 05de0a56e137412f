"""Files that cannot be read, or only in part: every reader reports them and never raises."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from corpus_paths import TEST_CORPUS

from indexer.readers import Failure, read_paths
from indexer.readers.epaper import EpaperReader
from indexer.readers.jsonl import JsonlReader
from indexer.readers.page_text import PageTextReader
from indexer.readers.sogou import SogouReader

CORPUS = TEST_CORPUS
DATA = Path(__file__).resolve().parent / "data"
SEED = CORPUS / "raw" / "seed-page" / "000_1d94754649065301.txt"
READERS = [JsonlReader(), EpaperReader(), PageTextReader(), SogouReader()]


def summary(items: list) -> list:
    return [i if isinstance(i, Failure) else ("article", i.id, i.title) for i in items]


@pytest.mark.parametrize(("name", "expected"), [
    ("empty.txt", [Failure(str(DATA / "empty.txt"), "empty file")]),
    ("binary.txt", [Failure(str(DATA / "binary.txt"), "binary file (NUL bytes), not text")]),
    ("undecodable.txt", [Failure(str(DATA / "undecodable.txt"),
                                 "cannot decode text (tried utf-8, gb18030)")]),
    ("truncated.jsonl", [
        ("article", "t-1", "全市推进垃圾分类"),
        ("article", "t-2", "春季植树活动开始"),
        Failure(str(DATA / "truncated.jsonl"), "broken JSON: Expecting ':' delimiter (column 61)",
                3),
    ]),
    ("truncated.dat", [
        ("article", "sogoucs-0000000000000001-0000000000000001", "全市举办第１届读书节"),
        ("article", "sogoucs-0000000000000002-0000000000000001", "图片：读书节现场"),
        Failure(str(DATA / "truncated.dat"), "truncated record: no </doc>", 13),
    ]),
])
def test_bad_file_through_read_paths(name: str, expected: list) -> None:
    assert summary(list(read_paths([DATA / name]))) == expected


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@pytest.mark.parametrize(("fixture", "reason"), [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file (NUL bytes), not text"),
    (None, "no such file"),
])
def test_every_reader_reports_an_empty_binary_or_missing_file(
        reader, fixture: str | None, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "20190101-01-01.txt"  # a name even the e-paper reader takes
    if fixture is not None:
        shutil.copy(DATA / fixture, path)
    assert list(reader.read(path)) == [Failure(str(path), reason)]


def test_epaper_name_with_impossible_date(tmp_path: Path) -> None:
    path = tmp_path / "20190230-01-01.txt"
    path.write_text("\n标题\n\n\u3000\u3000正文。\n", encoding="utf-8")
    assert list(EpaperReader().read(path)) == [
        Failure(str(path), "file name has no real date: 20190230")]


def test_epaper_without_title(tmp_path: Path) -> None:
    path = tmp_path / "20190201-01-01.txt"
    path.write_text("\r\n\r\n\r\n\u3000\u3000只有正文。\r\n", encoding="utf-8")
    assert list(EpaperReader().read(path)) == [Failure(str(path), "no title on line 2", 2)]


@pytest.mark.parametrize(("content", "reason"), [
    ("{broken", "broken metadata JSON at line 1: Expecting property name enclosed in double "
                "quotes"),
    ('{"source": "浙江日报", "pages": "2"}',
     "unknown metadata key(s): pages (known: source, date, page, category)"),
    ('{"date": "2020-02-30"}', "metadata date '2020-02-30' is not a real YYYY-MM-DD date"),
    ('{"page": 2.5}', "metadata 'page' must be a string or a positive whole number"),
    ('["浙江日报"]', "metadata must be a JSON object"),
])
def test_invalid_folder_metadata_is_reported_not_ignored(tmp_path: Path, content: str,
                                                         reason: str) -> None:
    folder = tmp_path / "2020" / "04"
    folder.mkdir(parents=True)
    page = Path(shutil.copy(SEED, folder / "page.txt"))
    (tmp_path / "baoku.json").write_text(content, encoding="utf-8")
    assert list(PageTextReader().read(page)) == [Failure(str(tmp_path / "baoku.json"), reason)]


def test_metadata_more_than_three_folders_up_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c" / "d"
    folder.mkdir(parents=True)
    page = Path(shutil.copy(SEED, folder / "page.txt"))
    (tmp_path / "baoku.json").write_text('{"source": "远处日报"}', encoding="utf-8")
    assert {a.source for a in PageTextReader().read(page)} == {None}
    (tmp_path / "a" / "baoku.json").write_text('{"source": "浙江日报"}', encoding="utf-8")
    assert {a.source for a in PageTextReader().read(page)} == {"浙江日报"}
