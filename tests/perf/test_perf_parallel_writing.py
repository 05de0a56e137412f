"""Indexing with workers keeps the promises of ``index_articles``: changed articles are
replaced, unchanged ones skipped, and a run that fails leaves the index as it was."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer.engine.parallel
from indexer.cli import main
from indexer.engine.locking import clear_leftovers
from indexer.engine.parallel import ParallelWriter
from indexer.engine.schema import to_document
from indexer.engine.search import search
from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles, open_writer
from indexer.results import SearchRequest


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(("MAIN_", "_MAIN_")))


def test_a_second_run_replaces_the_changed_article_only(tmp_path, sample_articles) -> None:
    first, rest = sample_articles[:30], sample_articles[30:60]
    index = create_or_open(tmp_path / "index")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer.engine.parallel, "SEGMENT_DOCS", 10)
        index_articles(index, first, workers=2)
        changed = first[0].replace(body=first[0].body + "\n增补一句：琉璃厂雅集。")
        summary = index_articles(index, [changed, *first[1:], *rest], workers=2)
    assert (summary.added, summary.replaced, summary.unchanged) == (30, 1, 29)
    hits = search(index, SearchRequest(query="琉璃厂雅集"))
    assert [h.id for h in hits.hits] == [changed.id]
    assert search(index, SearchRequest(query="琉璃厂雅集")).hits[0].snippet.marked() == \
        ["琉璃厂雅集"]
    with index.searcher() as searcher:
        assert searcher.doc_count() == 60
        assert sorted(searcher.reader().field_terms("id")) == sorted(
            a.id for a in sample_articles[:60])


def _failing(articles, after: int):
    for k, article in enumerate(articles):
        if k == after:
            raise RuntimeError("the reader broke")
        yield article


def test_a_failed_run_leaves_the_index_and_no_files(tmp_path, sample_articles) -> None:
    index = create_or_open(tmp_path / "index")
    index_articles(index, sample_articles[:5], workers=1)
    before = _files(index.path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer.engine.parallel, "SEGMENT_DOCS", 10)
        with pytest.raises(RuntimeError, match="the reader broke"):
            index_articles(index, _failing(sample_articles[5:], 35), workers=2)
    assert _files(index.path) == before
    with index.searcher() as searcher:
        assert searcher.doc_count() == 5


def _parallel_writer(index, segment_docs: int) -> ParallelWriter:
    return ParallelWriter(open_writer(index), workers=2, segment_docs=segment_docs)


def test_a_failing_worker_stops_the_run_with_its_error(tmp_path, sample_articles) -> None:
    index = create_or_open(tmp_path / "index")
    index_articles(index, sample_articles[:5], workers=1)
    before = _files(index.path)
    writer = _parallel_writer(index, segment_docs=4)
    for article in sample_articles[5:9]:  # the first worker's segment: fine
        writer.add_document(**to_document(article))
    writer.add_document(**to_document(sample_articles[9]), no_such_field="?")  # the second's
    with pytest.raises(KeyError, match="no_such_field"):
        writer.commit()
    clear_leftovers(index.path)  # what indexer.engine.writing does after a cancel
    assert _files(index.path) == before
    with index.searcher() as searcher:
        assert searcher.doc_count() == 5


def test_a_worker_that_dies_is_reported_not_waited_for(tmp_path, sample_articles) -> None:
    index = create_or_open(tmp_path / "index")
    writer = _parallel_writer(index, segment_docs=3)
    for article in sample_articles[:3]:  # the workers start with the first segment
        writer.add_document(**to_document(article))
    for worker in writer._pool:
        worker.process.kill()  # as the kernel does when memory runs out
    for article in sample_articles[3:6]:
        writer.add_document(**to_document(article))
    with pytest.raises(RuntimeError, match="an indexing worker stopped unexpectedly"):
        writer.commit()
    with index.searcher() as searcher:
        assert searcher.doc_count() == 0


def test_the_index_command_takes_workers(tmp_path, sample_dir, sample_articles) -> None:
    result = CliRunner().invoke(main, ["index", str(sample_dir), "--index",
                                       str(tmp_path / "index"), "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    del summary["seconds"], summary["kb_per_second"]
    assert summary == {"added": len(sample_articles), "replaced": 0, "unchanged": 0,
                       "removed": 0, "failed": 0, "duplicates": 0, "failures": []}


def test_workers_must_be_a_count(tmp_path, sample_dir) -> None:
    result = CliRunner().invoke(main, ["index", str(sample_dir), "--index",
                                       str(tmp_path / "index"), "--workers", "-1"])
    assert result.exit_code == 2
    assert "Invalid value for '--workers': -1 is not in the range x>=0." in result.output
