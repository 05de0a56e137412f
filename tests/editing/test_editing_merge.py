"""Many small runs: the small segments they leave are merged now and then, in a commit of
their own after the run's, and no article is lost or doubled by it."""
from __future__ import annotations

from pathlib import Path

from indexer.engine.check import check_index
from indexer.engine.store import create_or_open
from indexer.engine.whoosh_private import index_segments
from indexer.engine.writing import index_articles, indexed_hashes, remove_articles
from indexer.readers import read_paths


def test_small_runs_are_merged_without_losing_an_article(epaper: Path, tmp_path: Path) -> None:
    articles = list(read_paths([epaper / "20191005"]))[:7]
    folder = tmp_path / "index"
    done = []
    segments = []
    for article in articles[:6]:  # one commit each, as the command does it (workers)
        summary = index_articles(create_or_open(folder), [article], workers=2)
        assert (summary.added, summary.notes) == (1, [])
        done.append(article.id)
        index = create_or_open(folder)
        assert sorted(indexed_hashes(index)) == sorted(done)
        segments.append(sorted(s.doc_count_all() for s in index_segments(index.whoosh)))
    # Whoosh's heuristic merges the five one-article segments once there are five of them.
    assert segments == [[1], [1, 1], [1, 1, 1], [1, 1, 1, 1], [5], [1, 5]]

    # A replacement and a withdrawal after the merge act on the merged segment.
    changed = articles[0].replace(body=articles[0].body + "\n（更正）")
    assert index_articles(create_or_open(folder), [changed], workers=2).replaced == 1
    assert remove_articles(create_or_open(folder), [articles[1].id]).removed == 1
    hashes = indexed_hashes(create_or_open(folder))
    assert sorted(hashes) == sorted(done[:1] + done[2:])
    assert hashes[changed.id] == changed.content_hash
    report = check_index(folder)
    assert (report.ok, report.articles) == (True, 5)
