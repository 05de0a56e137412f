"""Indexing: idempotent by content hash, replacing by id, all or nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.article import Article
from indexer.engine.search import count, search
from indexer.engine.writing import index_articles
from indexer.readers import Failure, read_paths
from indexer.results import SearchRequest


def issue_dir(corpus_data: Path) -> Path:
    return corpus_data / "raw" / "rmrb-epaper" / "20191005"


def ids(index, query: str = "") -> list[str]:
    return sorted(h.id for h in search(index, SearchRequest(query=query, limit=1000)).hits)


def test_second_run_changes_nothing(empty_index, corpus_data) -> None:
    first = index_articles(empty_index, read_paths([issue_dir(corpus_data)]))
    second = index_articles(empty_index, read_paths([issue_dir(corpus_data)]))
    assert (first.added, first.replaced, first.unchanged, first.failed) == (37, 0, 0, 0)
    assert (second.added, second.replaced, second.unchanged, second.failed) == (0, 0, 37, 0)
    assert search(empty_index, SearchRequest(limit=0)).total == 37


def test_changed_article_replaces_the_old_one(empty_index) -> None:
    old = Article(id="zj-1", title="旧标题", body="嘉兴南湖区的旧正文。", source="浙江日报",
                  date="2020-04-14")
    index_articles(empty_index, [old])
    summary = index_articles(empty_index, [old.replace(title="新标题", body="更正后的正文。")])
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 0)
    assert [h.title for h in search(empty_index, SearchRequest(query="正文")).hits] == ["新标题"]
    assert count(empty_index, SearchRequest(query="旧正文")) == 0


def test_bad_files_are_counted_and_the_rest_indexed(empty_index, tmp_path: Path) -> None:
    folder = tmp_path / "issue"
    folder.mkdir()
    good = folder / "good.jsonl"
    good.write_text('{"id": "a1", "title": "享受花海", "body": "近万株杜鹃与竹海。"}\n',
                    encoding="utf-8")
    (folder / "empty.jsonl").write_bytes(b"")
    summary = index_articles(empty_index, read_paths([folder]))
    assert (summary.added, summary.failed) == (1, 1)
    assert [str(f) for f in summary.failures] == [f"{folder / 'empty.jsonl'}: empty file"]
    assert ids(empty_index, "杜鹃") == ["a1"]


def test_an_error_midway_keeps_the_index_as_it_was(empty_index) -> None:
    first = Article(id="a1", title="享受花海", body="近万株杜鹃与竹海。")
    index_articles(empty_index, [first])

    def broken():
        yield Article(id="a2", title="新文章", body="杜鹃花开。")
        raise OSError("disk went away")

    with pytest.raises(OSError):
        index_articles(empty_index, broken())
    assert ids(empty_index, "杜鹃") == ["a1"]


def test_dry_run_counts_without_writing(empty_index) -> None:
    summary = index_articles(empty_index, [Article(id="a1", title="标题", body="正文。")],
                             dry_run=True)
    assert summary.added == 1
    assert search(empty_index, SearchRequest(limit=0)).total == 0


def test_an_id_twice_in_one_run_is_indexed_once(empty_index) -> None:
    a = Article(id="a1", title="第一稿", body="杜鹃花开。")
    summary = index_articles(empty_index, [a, a.replace(title="第二稿"),
                                           Failure("x.txt", "empty file")])
    assert (summary.added, summary.duplicates, summary.failed) == (1, 1, 1)
    assert [h.title for h in search(empty_index, SearchRequest(query="杜鹃")).hits] == ["第一稿"]
