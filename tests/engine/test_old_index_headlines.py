"""An index written before headline keys (``tests/data/index-before-subpackages``) takes new
articles without them and ranks as it did: no article of it is ever put first by a key it
does not have."""
from __future__ import annotations

import shutil
from pathlib import Path

from indexer.archive import open_archive
from indexer.article import Article
from indexer.results import SearchRequest

OLD = Path(__file__).resolve().parents[1] / "data" / "index-before-subpackages"


def test_an_index_without_headline_keys_takes_new_articles_and_ranks_by_score(
        tmp_path: Path) -> None:
    folder = tmp_path / "index"
    shutil.copytree(OLD, folder)
    archive = open_archive(folder)
    opened = Article(id="new-1", title="开张", body="嘉兴的又一家小店今天开张。",
                     source="嘉兴日报", date="2020-05-01", page="1")
    assert archive.index_articles([opened], workers=1).added == 1
    found = archive.search(SearchRequest(query="开张"))
    assert [(h.id, h.title) for h in found.hits] == [("new-1", "开张"), ("old-1", "微嘉园开张")]
