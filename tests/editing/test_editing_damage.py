"""A damaged index is reported: `baoku check` names the damaged file and the articles it
holds (segments carry checksums written at commit); a search fails with one line pointing to
`baoku check`, on the command line and on the web (503, in Chinese, no traceback); an index
written before checksums opens and is said to have none yet."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from search_web import create_app

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def issue_index(baoku, epaper, tmp_path) -> tuple[Path, Path]:
    """An index of the 37 articles of 2019-10-05, and its one segment file."""
    index = tmp_path / "index"
    assert baoku("index", epaper / "20191005", "--index", index).code == 0
    (segment,) = index.glob("MAIN_*.seg")
    return index, segment


def advice(index: Path) -> str:
    return f"run 'baoku check --index {index}' to see which files and articles are affected"


def test_random_bytes_in_a_segment_are_found_by_check(baoku, issue_index) -> None:
    index, segment = issue_index
    assert baoku("check", "--index", index).out == (
        f"{index}: generation 1, 1 segment, 37 articles\nok\n")
    size = segment.stat().st_size
    rng = random.Random(18)
    with segment.open("r+b") as f:
        for _ in range(20):
            f.seek(rng.randrange(size - 64))
            f.write(rng.randbytes(64))
    ran = baoku("check", "--index", index)
    # The checksum names the damage first; what else fails to read depends on where the
    # bytes landed (compressed stored fields, postings), which varies with the segment.
    header, first, *others, total = ran.out.splitlines()
    assert (ran.code, header.split(": ")[0], first) == (
        1, str(index),
        f"problem: segment {segment.stem} is damaged, with the 37 articles it holds: "
        f"{segment.name} has changed since it was written (its checksum differs)")
    assert all(line.startswith("problem: ") for line in others)
    assert total == f"{1 + len(others)} problem{'s' if others else ''}"


def test_a_truncated_segment_is_named_and_search_says_so(baoku, issue_index) -> None:
    index, segment = issue_index
    size = segment.stat().st_size
    with segment.open("r+b") as f:
        f.truncate(100_000)
    ran = baoku("check", "--index", index)
    assert (ran.code, ran.out) == (
        1, f"{index}: generation 1, 1 segment, 0 articles\n"
           f"problem: segment {segment.stem} is damaged, with the 37 articles it holds: "
           f"{segment.name} has 100000 bytes, {size} when written\n"
           f"problem: segment {segment.stem} cannot be opened: EOFError: Ran out of input\n"
           "problem: searching fails: EOFError: Ran out of input\n3 problems\n")
    search = baoku("search", "国庆", "--index", index)
    assert (search.code, search.out, search.err) == (
        1, "", f"Error: the index at {index} is damaged (EOFError: Ran out of input); "
               f"{advice(index)}\n")

    client = create_app({"index": str(index), "TESTING": True}).test_client()
    page = client.get("/search", query_string={"q": "国庆"})
    assert page.status_code == 503
    assert "<h1>索引文件已损坏</h1>" in page.text and "Traceback" not in page.text
    api = client.get("/api/search", query_string={"q": "国庆"})
    # The server's folder is for its log, not for whoever searched.
    assert (api.status_code, api.get_json()) == (503, {"error": {
        "status": 503, "type": "index_damaged", "position": None,
        "message": "the index is damaged; the administrator can run 'baoku check' to see "
                   "which files and articles are affected"}})
    assert str(index) not in page.text


def test_a_truncated_table_of_contents_is_named(baoku, issue_index) -> None:
    index, _ = issue_index
    with (index / "_MAIN_1.toc").open("r+b") as f:
        f.truncate(50)
    ran = baoku("check", "--index", index)
    damage = (f"the table of contents _MAIN_1.toc of the index at {index} is damaged "
              "(EOFError: Ran out of input)")
    assert (ran.code, ran.out) == (
        1, f"{index}\nproblem: {damage}; every article is lost until it is restored: the "
           "folder holds 1 segment (37 articles by their checksums), which only the table "
           "of contents lists; restore the folder from a backup, or reindex the sources "
           "into a new folder\n1 problem\n")
    search = baoku("search", "国庆", "--index", index)
    assert (search.code, search.out, search.err) == (1, "", f"Error: {damage}; "
                                                            f"{advice(index)}\n")


def test_an_index_from_before_checksums_opens_and_gets_them_by_a_copy(baoku,
                                                                      tmp_path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA / "index-before-subpackages", old)
    ran = baoku("check", "--index", old)
    assert (ran.code, ran.out) == (
        0, f"{old}: generation 1, 1 segment, 2 articles\n"
           "note: 1 of 1 segments (2 articles) have no checksums yet (written before Baoku "
           "kept them), so damage to them can go unnoticed; a segment gets checksums when it "
           "is rewritten: copy the archive into a new folder (baoku copy --from OLD --to NEW) "
           "and use that\nok\n")
    assert baoku("copy", "--from", old, "--to", new).code == 0
    assert baoku("check", "--index", new).out == (
        f"{new}: generation 1, 1 segment, 2 articles\nok\n")
    assert len(list(new.glob("MAIN_*.sums"))) == 1
