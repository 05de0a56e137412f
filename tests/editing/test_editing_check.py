"""`baoku check`: a whole index is ok; a damaged or missing segment is a problem, named."""
from __future__ import annotations

import json

import pytest

from indexer.article import Article
from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles


@pytest.fixture()
def two_articles(tmp_path):
    index = create_or_open(tmp_path / "index")
    index_articles(index, [Article(id="a1", title="第一篇", body="正文一。"),
                           Article(id="a2", title="第二篇", body="正文二。")])
    (segment,) = index.path.glob("MAIN_*.seg")
    return index.path, segment


def test_a_whole_index_is_ok(baoku, two_articles) -> None:
    folder, _ = two_articles
    ran = baoku("check", "--index", folder)
    assert (ran.code, ran.out) == (0, f"{folder}: generation 1, 1 segment, 2 articles\nok\n")
    as_json = json.loads(baoku("check", "--index", folder, "--json").out)
    assert as_json == {"path": str(folder), "ok": True, "generation": 1, "segments": 1,
                       "articles": 2, "problems": [], "notes": []}


def test_a_truncated_segment_is_a_problem(baoku, two_articles) -> None:
    folder, segment = two_articles
    size = segment.stat().st_size
    with open(segment, "r+b") as f:
        f.truncate(100)
    ran = baoku("check", "--index", folder)
    assert (ran.code, ran.out) == (
        1, f"{folder}: generation 1, 1 segment, 0 articles\n"
           f"problem: segment {segment.stem} is damaged, with the 2 articles it holds: "
           f"{segment.name} has 100 bytes, {size} when written\n"
           f"problem: segment {segment.stem} cannot be opened: EOFError: Ran out of input\n"
           "problem: searching fails: EOFError: Ran out of input\n3 problems\n")


def test_a_missing_segment_is_a_problem(baoku, two_articles) -> None:
    folder, segment = two_articles
    segment.unlink()
    missing = f"FileNotFoundError: [Errno 2] No such file or directory: '{segment}'"
    ran = baoku("check", "--index", folder)
    assert (ran.code, ran.out) == (
        1, f"{folder}: generation 1, 1 segment, 0 articles\n"
           f"problem: segment {segment.stem} is damaged, with the 2 articles it holds: "
           f"{segment.name} is missing\n"
           f"problem: segment {segment.stem} cannot be opened: {missing}\n"
           f"problem: searching fails: {missing}\n3 problems\n")


def test_no_index_is_a_problem(baoku, tmp_path) -> None:
    ran = baoku("check", "--index", tmp_path / "none")
    assert (ran.code, ran.out) == (
        1, f"{tmp_path / 'none'}\nproblem: no Baoku index at {tmp_path / 'none'} (run 'baoku "
           f"index PATH --index {tmp_path / 'none'}' to create one)\n1 problem\n")
