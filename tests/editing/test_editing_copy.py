"""``baoku copy``: an archive copied into another holds every article with its metadata and
dictionaries, answers the same searches, and a stopped copy goes on where it stopped."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import indexer.editing.copy
from indexer.archive import open_archive
from indexer.editing.copy import copy_archive
from indexer.errors import IndexWriteError
from indexer.results import SearchRequest

QUERIES = ("阅兵", '"微嘉园"', "嘉兴 OR 北京", "author:李小文", "date:2019-10")


@pytest.fixture(scope="module")
def source(sample_index):
    return open_archive(sample_index.path)


def _answers(archive) -> list[tuple[int, list[str]]]:
    out = []
    for q in QUERIES:
        results = archive.search(SearchRequest(query=q, limit=20))
        out.append((results.total, [h.id for h in results.hits]))
    return out


def test_a_copy_holds_every_article_and_answers_alike(source, tmp_path: Path) -> None:
    target = open_archive(tmp_path / "copy")
    seen: list[tuple[int, int]] = []
    report = copy_archive(source, target, workers=1, progress=lambda n, t: seen.append((n, t)))
    everything = SearchRequest(limit=0)
    total = source.count(everything)
    assert (report.articles, report.target_articles, report.summary.added) == (
        total, total, total)
    assert seen[-1] == (total, total)
    assert _answers(target) == _answers(source)
    some = source.search(SearchRequest(query="阅兵", limit=1)).hits[0].id
    assert target.article(some) == source.article(some)
    again = copy_archive(source, target, workers=1)
    assert (again.summary.added, again.summary.unchanged) == (0, total)


def test_a_stopped_copy_goes_on_where_it_stopped(source, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(indexer.editing.copy, "BATCH", 50)
    target = open_archive(tmp_path / "copy")
    real = type(target).index_articles
    calls = []

    def fail_on_the_third_batch(self, items, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise IndexWriteError("disk full (simulated)")
        return real(self, items, **kwargs)

    monkeypatch.setattr(type(target), "index_articles", fail_on_the_third_batch)
    with pytest.raises(IndexWriteError, match="simulated"):
        copy_archive(source, target, workers=1)
    assert target.count(SearchRequest(limit=0)) == 100  # two batches were committed
    monkeypatch.setattr(type(target), "index_articles", real)
    report = copy_archive(source, target, workers=1)
    total = source.count(SearchRequest(limit=0))
    assert (report.summary.unchanged, report.summary.added, report.target_articles) == (
        100, total - 100, total)


def test_the_command_copies_the_dictionaries_and_prints_both_counts(baoku, tmp_path: Path
                                                                    ) -> None:
    folder = tmp_path / "src"
    (tmp_path / "words.txt").write_text("微嘉园 5 n\n", encoding="utf-8")
    (tmp_path / "syn.txt").write_text("新冠肺炎, 新冠\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps(
        {"id": "a1", "title": "微嘉园开张", "body": "新冠肺炎疫情后的第一家。", "source": "晚报",
         "date": "2020-05-01"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert baoku("index", tmp_path / "a.jsonl", "--index", folder, "--userdict",
                 tmp_path / "words.txt", "--synonyms", tmp_path / "syn.txt").code == 0
    ran = baoku("copy", "--from", folder, "--to", tmp_path / "dst", "--json")
    assert ran.code == 0, ran.err
    assert {k: v for k, v in json.loads(ran.out).items() if k in (
        "articles", "target_articles", "added")} == {"articles": 1, "target_articles": 1,
                                                      "added": 1}
    assert (tmp_path / "dst" / "userdict.txt").read_text("utf-8") == "微嘉园 5 n\n"
    found = baoku("search", "新冠", "--index", tmp_path / "dst", "--json")
    assert [h["id"] for h in json.loads(found.out)["hits"]] == ["a1"]


def test_copying_from_a_missing_archive_is_one_clear_line(baoku, tmp_path: Path) -> None:
    ran = baoku("copy", "--from", tmp_path / "none", "--to", tmp_path / "dst")
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == (f"Error: no Baoku index at {tmp_path / 'none'} (run 'baoku index PATH "
                       f"--index {tmp_path / 'none'}' to create one)\n")
