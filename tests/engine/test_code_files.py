"""Each segment's facet codes file (indexer.engine.code_files): written by the commit that
adds the segment, gone with it after a merge, and never misread: a missing, damaged or
foreign file is passed over and the codes are read from the segment, with the same
results."""
from __future__ import annotations

import errno
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.article import Article
from indexer.engine import writing
from indexer.engine.check import check_index
from indexer.engine.code_files import SUFFIX, file_name, read_codes, write_codes
from indexer.engine.facets import CODED, FILED, MULTI_VALUED, FacetCache, segment_id
from indexer.engine.search import search
from indexer.engine.store import create_or_open, open_index
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from indexer.results import SearchRequest


def code_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(SUFFIX)}


def leaves(index) -> list:
    return [s.reader() for s, _ in index.searcher().leaf_searchers()]


def test_each_commit_writes_its_new_segments_codes_and_a_merge_drops_the_merged(
        sample_dir: Path, tmp_path: Path) -> None:
    articles = list(read_paths([sample_dir]))[:6]
    folder = tmp_path / "index"
    for article in articles:  # one commit each: the fifth merges the five small segments
        index_articles(create_or_open(folder), [article], workers=2)
        ids = [segment_id(r) for r in leaves(create_or_open(folder))]
        assert code_files(folder) == {file_name(s) for s in ids}
    assert len(ids) == 2
    for reader in leaves(create_or_open(folder)):
        stored = read_codes(folder, segment_id(reader), reader.doc_count_all())
        assert set(stored) == set(FILED)
        for field in FILED:  # what the segment itself says
            labels, codes, offsets = stored[field]
            read = FacetCache().codes(reader, field)
            assert (labels, codes.tolist()) == (read.labels, read.codes.tolist())
            assert (offsets is None) == (field not in MULTI_VALUED)
            if offsets is not None:
                assert offsets.tolist() == read.offsets.tolist()


def test_ids_dates_and_papers_come_from_the_codes_file_without_reading_a_column(
        two_segments: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.engine import facets
    readers = leaves(open_index(two_segments))
    from_columns = [[FacetCache().values(r, f) for f in ("id", "date", "source")]
                    for r in readers]
    for reader, (ids, dates, papers) in zip(readers, from_columns, strict=True):
        assert len(set(ids)) == len(ids) == reader.doc_count_all() and all(ids)
        assert all(len(date) == 10 for date in dates) and len(set(papers)) > 1

    def no_column(*args):
        raise AssertionError("a column was read")
    monkeypatch.setattr(facets, "_build", no_column)
    cache = FacetCache(two_segments)
    assert [[cache.values(r, f) for f in ("id", "date", "source")]
            for r in readers] == from_columns


def test_a_codes_file_without_ids_is_read_once_and_the_ids_from_the_column(
        two_segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.engine import facets
    folder = tmp_path / "copy"
    shutil.copytree(two_segments, folder)
    readers = leaves(open_index(folder))
    for reader in readers:  # as written before the files held the ids
        own = FacetCache()
        write_codes(folder, segment_id(reader), reader.doc_count_all(), {
            field: (own.codes(reader, field).labels, own.codes(reader, field).codes,
                    own.codes(reader, field).offsets) for field in CODED})
    reads = []

    def counted(*args):
        reads.append(args[1])
        return read_codes(*args)
    monkeypatch.setattr(facets, "read_codes", counted)
    cache = FacetCache(folder)
    for reader in readers:
        assert cache.values(reader, "id") == FacetCache().values(reader, "id")
        for field in FILED:
            cache.codes(reader, field)
    assert sorted(reads) == sorted(segment_id(r) for r in readers)


def shown(folder: Path) -> tuple:
    results = search(open_index(folder), SearchRequest(query="嘉兴", limit=20))
    return ([h.id for h in results.hits], [(f.name, f.counts()) for f in results.facets])


def damage_by_garbage(path: Path, other: Path) -> None:
    path.write_bytes(b"not a zip file at all")


def damage_by_cutting(path: Path, other: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_by_flipping_a_byte(path: Path, other: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def damage_by_another_segments_file(path: Path, other: Path) -> None:
    shutil.copyfile(other, path)


def damage_by_a_code_beyond_the_values(path: Path, other: Path) -> None:
    segment = path.name[: -len(SUFFIX)]
    documents = int(np.load(path)["documents"])
    tables = {field: ([""], np.full(documents, 5, dtype=np.int32), None) for field in CODED}
    write_codes(path.parent, segment, documents, tables)


def damage_by_a_multi_valued_field_without_offsets(path: Path, other: Path) -> None:
    segment = path.name[: -len(SUFFIX)]
    documents = int(np.load(path)["documents"])
    tables = {field: ([""], np.zeros(documents, dtype=np.int32), None) for field in CODED}
    write_codes(path.parent, segment, documents, tables)  # a valid file, coded otherwise


@pytest.mark.parametrize("damage", [
    damage_by_garbage, damage_by_cutting, damage_by_flipping_a_byte,
    damage_by_another_segments_file, damage_by_a_code_beyond_the_values,
    damage_by_a_multi_valued_field_without_offsets])
def test_a_damaged_codes_file_is_passed_over_and_searches_find_the_same(
        two_segments: Path, tmp_path: Path, damage) -> None:
    expected = shown(two_segments)
    assert any(counts for _, counts in expected[1])
    folder = tmp_path / "copy"
    shutil.copytree(two_segments, folder)
    first, second = sorted(folder / name for name in code_files(folder))
    damage(first, second)
    reader = next(r for r in leaves(open_index(folder))
                  if file_name(segment_id(r)) == first.name)
    for field in FILED:  # what the segment itself says, not the file
        read, own = FacetCache(folder).codes(reader, field), FacetCache().codes(reader, field)
        assert (read.labels, read.codes.tolist()) == (own.labels, own.codes.tolist())
    assert shown(folder) == expected
    # ``baoku check`` tells the file changed: the segment's checksums cover it.
    report = check_index(folder)
    assert not report.ok and any(first.name in line for line in report.problems)


def test_without_codes_files_the_codes_are_read_from_the_segments(
        two_segments: Path, tmp_path: Path) -> None:
    expected = shown(two_segments)
    folder = tmp_path / "copy"
    shutil.copytree(two_segments, folder)
    for name in code_files(folder):
        (folder / name).unlink()
    assert shown(folder) == expected


def test_the_next_commit_writes_the_codes_files_an_older_index_lacks(
        two_segments: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(two_segments, folder)
    for name in code_files(folder):
        (folder / name).unlink()
    index_articles(create_or_open(folder), [Article(
        id="new-1", title="大熊猫基地喜添幼崽", source="晚报", date="2021-06-01",
        body="成都大熊猫繁育研究基地迎来幼崽。")])
    ids = [segment_id(r) for r in leaves(open_index(folder))]
    assert len(ids) == 3
    assert code_files(folder) == {file_name(s) for s in ids}
    expected = shown(two_segments)
    assert shown(folder) == expected  # 嘉兴: the new article does not have it


def test_a_codes_file_that_cannot_be_written_leaves_the_commit_standing(
        tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    articles = list(read_paths([sample_dir]))[:5]
    folder = tmp_path / "index"
    with monkeypatch.context() as patched:
        patched.setattr(writing, "write_codes", full_disk)
        summary = index_articles(create_or_open(folder), articles[:4])
    assert summary.added == 4
    assert summary.notes == ["facet codes of the new segments not written (No space left on "
                             "device); a server reads them from the segments when it starts, "
                             "which takes longer"]
    assert code_files(folder) == set()
    assert check_index(folder).ok  # the checksums were written all the same
    assert search(open_index(folder), SearchRequest(query="", limit=0)).total == 4
    index_articles(create_or_open(folder), articles[4:])  # the next commit writes them
    assert code_files(folder) == {file_name(segment_id(r))
                                  for r in leaves(open_index(folder))}
