"""A server thread's searcher after commits: it shows the new issue and no withdrawn or
replaced version, also in the segments it keeps from before the commit."""
from __future__ import annotations

from pathlib import Path

from indexer.engine.store import create_or_open, open_index
from indexer.engine.writing import index_articles, remove_articles
from indexer.readers import read_paths


def test_the_refreshed_searcher_sees_additions_and_withdrawals(epaper: Path,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "index"
    first = list(read_paths([epaper / "20191005"]))
    second = list(read_paths([epaper / "20191006"]))
    index_articles(create_or_open(folder), first, workers=2)
    served = open_index(folder)  # as baoku serve holds it
    with served.reading() as searcher:
        assert searcher.doc_count() == len(first)

    index_articles(create_or_open(folder), second, workers=2)
    gone = first[0].id
    assert remove_articles(open_index(folder), [gone]).removed == 1
    changed = first[1].replace(body=first[1].body + "\n（更正）")
    assert index_articles(open_index(folder), [changed], workers=2).replaced == 1

    with served.reading() as searcher:
        assert searcher.doc_count() == len(first) + len(second) - 1
        assert searcher.document_number(id=gone) is None
        versions = [searcher.stored_fields(d)["content_hash"]
                    for d in searcher.document_numbers(id=changed.id)]
        assert versions == [changed.content_hash]
        assert searcher.document_number(id=second[0].id) is not None
