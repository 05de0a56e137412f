"""An index written before the code moved into subpackages still opens and answers: its
schema names the analyzers by their old path, ``indexer.analysis`` (kept for that alone)."""
from __future__ import annotations

import shutil
from pathlib import Path

from indexer.archive import open_archive
from indexer.results import SearchRequest

OLD = Path(__file__).resolve().parents[1] / "data" / "index-before-subpackages"


def test_an_index_of_the_flat_layout_is_searched_as_before(tmp_path: Path) -> None:
    toc = (OLD / "_MAIN_1.toc").read_bytes()
    assert b"indexer.analysis" in toc and b"indexer.engine" not in toc
    folder = tmp_path / "index"
    shutil.copytree(OLD, folder)
    archive = open_archive(folder)
    found = archive.search(SearchRequest(query='"微嘉园" 嘉兴'))
    assert ([h.id for h in found.hits], found.hits[0].title_marks.html()) == (
        ["old-1"], "<mark>微嘉园</mark>开张")
    assert archive.count(SearchRequest(query="阅兵 OR 开张")) == 2
    summary = archive.index_articles([archive.article("old-2")], workers=1)
    assert (summary.unchanged, summary.added) == (1, 0)
