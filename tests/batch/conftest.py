"""Fixtures of the batch tests: an index of real articles from the test corpus spread over
several papers, years and months (some undated), built once per session and never written
to; and query files written by the tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths

# (file, source, month or None for undated) -> how many articles to take.
SLICES = {
    ("rmrb-2019-2020.jsonl", "人民日报", "2019-02"): 25,
    ("rmrb-2019-2020.jsonl", "人民日报", "2019-10"): 25,
    ("rmrb-2019-2020.jsonl", "人民日报", "2020-01"): 25,
    ("rmrb-2019-2020.jsonl", "人民日报", "2020-02"): 25,
    ("sohu-chinanews.jsonl", "搜狐新闻", "2016-01"): 20,
    ("sohu-chinanews.jsonl", "中国新闻网", "2020-03"): 20,
    ("sohu-chinanews.jsonl", "中国新闻网", "2020-04"): 20,
    ("sogou-samples.jsonl", "搜狐", "2012-06"): 10,
    ("sogou-samples.jsonl", "搜狐", None): 10,
}


def select_articles(corpus: Path) -> list[str]:
    """The first articles of each slice with a body of 100 to 1,200 characters, as JSON
    lines (the same every run)."""
    taken: dict[tuple, int] = {key: 0 for key in SLICES}
    lines: list[str] = []
    for name in sorted({key[0] for key in SLICES}):
        with open(corpus / name, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                key = (name, record["source"], (record["date"] or "")[:7] or None)
                if key in taken and taken[key] < SLICES[key] \
                        and 100 <= len(record["body"] or "") <= 1200:
                    taken[key] += 1
                    lines.append(line)
    return lines


@pytest.fixture(scope="session")
def batch_index(corpus_data: Path, tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    """About 200 real articles of 人民日报, 搜狐新闻, 中国新闻网 and SogouCS; read-only."""
    folder = tmp_path_factory.mktemp("batch-data")
    (folder / "articles.jsonl").write_text("".join(select_articles(corpus_data)),
                                           encoding="utf-8")
    index = create_or_open(folder / "index")
    summary = index_articles(index, read_paths([folder / "articles.jsonl"]))
    assert summary.failed == 0, [str(f) for f in summary.failures]
    assert summary.added == sum(SLICES.values())
    return index


@pytest.fixture()
def cli() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def write(tmp_path: Path):
    """Write ``text`` to a file of the test's own folder; returns its path."""
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return _write
