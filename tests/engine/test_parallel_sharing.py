"""A run of any size is shared out over the indexing workers: a few hundred articles given to
``baoku index --workers 2`` are built by two worker processes, as two segments in input
order, into an index that answers every search as a serial build does; and many small runs
do not pile up segments."""
from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer.engine.parallel as parallel
from indexer.article import Article
from indexer.cli import main
from indexer.cores import usable_cores
from indexer.editing.upload import index_upload
from indexer.editing.watch import Watcher
from indexer.engine.backend import WhooshBackend
from indexer.engine.search import search
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.whoosh_private import index_segments
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from indexer.results import SearchRequest

RUN = 300  # a few days of one paper

QUERIES = (
    SearchRequest(query="习近平"),
    SearchRequest(query="经济 发展"),
    SearchRequest(query='"人民群众"'),
    SearchRequest(query="国", filters=(("page", ("1",)),)),
    SearchRequest(query="改革 OR 开放", sort="newest", limit=20),
    SearchRequest(query="date:2019-10-01..2019-10-06", sort="oldest"),
)


@pytest.fixture(scope="module")
def run_file(corpus_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first ``RUN`` 人民日报 articles of the test corpus, in one JSONL file."""
    lines = (corpus_data / "rmrb-2019-2020.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("run") / "articles.jsonl"
    path.write_text("\n".join(lines[:RUN]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def serial_index(run_file: Path, tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    """The same articles built in this process, one segment."""
    index = create_or_open(tmp_path_factory.mktemp("serial"))
    assert index_articles(index, read_paths([run_file]), workers=1).added == RUN
    return index


def _shown(results) -> dict:
    data = results.to_json()
    del data["took_ms"]
    return data


def _ids_in_index_order(index: ArchiveIndex) -> list[str]:
    with index.searcher() as searcher:
        reader = searcher.reader()
        return [reader.stored_fields(d)["id"] for d in reader.all_doc_ids()]


def test_a_small_run_is_built_by_two_workers_like_a_serial_one(
        run_file: Path, serial_index: ArchiveIndex, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = []
    start_worker = parallel._Worker.__init__

    def recorded(worker, *args, **kwargs) -> None:
        start_worker(worker, *args, **kwargs)
        started.append(worker.process.pid)

    monkeypatch.setattr(parallel._Worker, "__init__", recorded)
    folder = tmp_path / "index"
    result = CliRunner().invoke(main, ["index", str(run_file), "--index", str(folder),
                                       "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["added"] == RUN

    # Two processes other than this one built it, half of the run each, in input order.
    assert len(set(started)) == 2
    index = create_or_open(folder)
    assert [s.doc_count_all() for s in index_segments(index.whoosh)] == [RUN // 2, RUN // 2]
    assert _ids_in_index_order(index) == _ids_in_index_order(serial_index)

    # Every search shows the same hits, scores, snippets and facet counts.
    for request in QUERIES:
        expected = _shown(search(serial_index, request))
        assert expected["total"] > 0, request.query
        assert _shown(search(index, request)) == expected, request.query
    front_pages = search(index, SearchRequest(query="习近平", filters=(("page", ("1",)),)))
    page_counts = search(serial_index, SearchRequest(query="习近平")).facet("page").counts()
    assert front_pages.total == page_counts["1"] > 0


def test_many_small_runs_keep_few_segments(corpus_data: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [a for a in read_paths([corpus_data / "rmrb-2019-2020.jsonl"])
                if isinstance(a, Article)][:120]
    monkeypatch.setattr(parallel, "MIN_CHUNK_DOCS", 5)  # runs of 10 are shared out too
    folder = tmp_path / "index"
    counts = []
    for run in range(12):  # a small issue a day, for twelve days
        batch = articles[run * 10:(run + 1) * 10]
        assert index_articles(create_or_open(folder), batch, workers=2).added == 10
        counts.append(len(index_segments(create_or_open(folder).whoosh)))
    assert counts[0] == 2  # each run adds two segments of five...
    assert max(counts) <= 6  # ...and the small ones are merged as they come
    index = create_or_open(folder)
    assert sorted(_ids_in_index_order(index)) == sorted(a.id for a in articles)
    assert search(index, SearchRequest(query=articles[-1].title)).hits[0].id == \
        articles[-1].id


def test_only_a_single_threaded_indexer_forks_its_workers() -> None:
    """``baoku index`` forks (its workers start at once, sharing the loaded dictionary); a web
    worker or a library user, or any process running other threads, spawns them."""
    script = """
import threading, time
from indexer.cores import forking_workers, worker_start_method
print(worker_start_method())
with forking_workers():
    print(worker_start_method())
    threading.Thread(target=time.sleep, args=(1,)).start()
    print(worker_start_method())
print(worker_start_method())
"""
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert ran.stdout.split() == ["spawn", "fork", "spawn", "spawn"]


def _segments_of_one_run(articles: int) -> int:
    """How many segments a run of ``articles`` becomes with one worker a usable core."""
    chunk = parallel.chunk_docs(articles, usable_cores(), parallel.SEGMENT_DOCS)
    return math.ceil(articles / chunk)


def test_an_uploaded_or_watched_issue_is_shared_out_too(run_file: Path, tmp_path: Path,
                                                        serial_index: ArchiveIndex) -> None:
    """The upload page and ``baoku watch`` count the issue up front, as ``baoku index``
    does, so an editor's daily issue is built by every core, not by one."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(run_file, "issue.jsonl")
    packed.seek(0)
    uploaded = WhooshBackend(tmp_path / "uploaded")
    done = index_upload(uploaded, packed, "issue.zip", 50 * 2**20, wait=5, command="test")
    assert done.summary.added == RUN
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(run_file, drop / "issue.jsonl")
    watched = WhooshBackend(tmp_path / "watched")
    runs = Watcher(watched, drop, settle=0, wait=5).run(0.05, once=True)
    assert [run.summary.added for run in runs if run.summary] == [RUN]
    expected = _shown(search(serial_index, QUERIES[1]))
    for backend in (uploaded, watched):
        assert len(index_segments(backend.index.whoosh)) == _segments_of_one_run(RUN)
        assert _shown(search(backend.index, QUERIES[1])) == expected
