"""The readers of one compact terms file in a process share what they have read
(indexer.engine.codec.terms_file.FileState): a server thread's first search finds the terms
another thread looked up, files of other terms are never mixed up (a segment's files are
never rewritten, and their names hold the segment's id), and a file no reader holds is let
go once newer files are opened."""
import gc
import threading
from itertools import islice

import pytest
from whoosh.filedb.filestore import RamStorage

from indexer.engine.codec import terms_file
from indexer.engine.codec.terms_file import TermsFileReader, TermsFileWriter
from indexer.engine.recent import Recent
from indexer.engine.search import search
from indexer.engine.store import create_or_open
from indexer.engine.whoosh_private import segment_terms
from indexer.engine.writing import index_articles
from indexer.results import SearchRequest


def write(storage: RamStorage, name: str, pairs: list[tuple[bytes, bytes]]) -> None:
    writer = TermsFileWriter(storage.create_file(name))
    for key, entry in pairs:
        writer.add(key, entry)
    writer.close({"body_g": 0})


def reader(storage: RamStorage, name: str) -> TermsFileReader:
    return TermsFileReader(storage.open_file(name), storage.file_length(name), name)


PAIRS = [(b"\x00\x00" + f"词{n:04d}".encode(), f"entry {n}".encode()) for n in range(1000)]


class FailingFile:
    """A file whose every read fails (what a reader must not need)."""

    def get(self, position: int, length: int) -> bytes:
        raise AssertionError(f"read {length} bytes at {position}")


def test_a_second_reader_answers_from_what_the_first_read() -> None:
    storage = RamStorage()
    write(storage, "terms", PAIRS)
    first, second = reader(storage, "terms"), reader(storage, "terms")
    key, entry = PAIRS[700]
    assert first.get(key) == entry
    assert list(islice(first.items_from(PAIRS[300][0]), 2)) == PAIRS[300:302]
    second._file = FailingFile()
    assert second.get(key) == entry  # the answer
    assert second.get(PAIRS[701][0]) == PAIRS[701][1]  # the same block
    assert list(islice(second.items_from(PAIRS[300][0]), 2)) == PAIRS[300:302]  # the walk's start
    with pytest.raises(AssertionError, match="read"):
        second.get(PAIRS[10][0])  # a block no reader has read


def test_files_of_the_same_name_but_other_terms_are_not_mixed_up() -> None:
    one, other = RamStorage(), RamStorage()
    write(one, "terms", PAIRS)
    changed = [(key, entry.replace(b"entry", b"value")) for key, entry in PAIRS]
    write(other, "terms", changed)
    first, second = reader(one, "terms"), reader(other, "terms")
    assert first.get(PAIRS[5][0]) == b"entry 5"
    assert second.get(PAIRS[5][0]) == b"value 5"
    assert first._state is not second._state


def test_a_file_no_reader_holds_is_let_go_after_newer_files(monkeypatch) -> None:
    monkeypatch.setattr(terms_file, "_recent", Recent(2))
    storage = RamStorage()
    for n in range(4):
        write(storage, f"terms{n}", PAIRS)
    first = reader(storage, "terms0")
    kept = first._state
    assert reader(storage, "terms0")._state is kept  # while one holds it
    first.close()
    del first
    reader(storage, "terms1")
    assert reader(storage, "terms0")._state is kept  # among the last two opened
    reader(storage, "terms1")
    reader(storage, "terms2")
    reader(storage, "terms3")
    held = [id(state) for state in list(terms_file._states.values())]
    del kept
    gc.collect()
    assert len(terms_file._states) < len(held)  # terms0's state is gone
    assert reader(storage, "terms0").get(PAIRS[1][0]) == PAIRS[1][1]  # read again


def test_a_threads_first_search_shares_the_terms_the_warm_up_read(tmp_path,
                                                                  sample_articles) -> None:
    index = create_or_open(tmp_path / "index")
    index_articles(index, sample_articles, workers=1)
    request = SearchRequest(query="经济 发展")
    expected = [hit.id for hit in search(index, request).hits]
    assert expected
    states = []

    def in_a_thread() -> None:
        found = [hit.id for hit in search(index, request).hits]
        assert found == expected
        with index.reading() as searcher:
            states.extend(segment_terms(sub.reader())._terms._state
                          for sub, _ in searcher.leaf_searchers())

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    with index.reading() as searcher:
        mine = [segment_terms(sub.reader())._terms._state for sub, _ in
                searcher.leaf_searchers()]
    assert states and all(a is b for a, b in zip(states, mine, strict=True))
