"""The compact storage formats answer every search exactly as Whoosh's pickled positions
(format 1) did, on smaller indexes: packed positions (format 2), and packed positions with
the compact terms file (format 3). Indexes of formats 1 and 2 are still read and extended
as they were written, segments of different formats merge into one that reads the same, and
an index of an unknown format is refused, never misread."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.archive import open_archive
from indexer.cli import main
from indexer.engine.codec import STORAGE_FORMAT
from indexer.engine.search import search
from indexer.engine.similar import similar_articles
from indexer.engine.store import CONFIG_NAME, create_or_open, open_index
from indexer.engine.whoosh_private import index_segments
from indexer.engine.writing import index_articles
from indexer.errors import IndexVersionError
from indexer.readers import read_paths
from indexer.results import SearchRequest
from search_web import create_app

SAMPLE = Path(__file__).resolve().parents[2] / "corpus"

# Phrases of two to eight characters, single characters, several runs, quoted and not,
# with a field, a filter and a sort: every kind of posting a search reads.
QUERIES = ("嘉兴", '"化解在诉前"', "微嘉园", "习近平 阅兵", "新中国", "花", "海 花",
           '"12397路"', "浙江 OR 杭州", "经济发展", "title:花海", "人民 -北京", "的",
           "中华人民共和国")


def _build(folder: Path, storage_format: int, workers: int):
    index = create_or_open(folder, storage_format=storage_format)
    summary = index_articles(index, read_paths([SAMPLE]), workers=workers)
    assert summary.failed == 0
    return index


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("MAIN_"))


def _answers(index) -> list:
    answers = []
    for query in QUERIES:
        for request in (SearchRequest(query=query, limit=20),
                        SearchRequest(query=query, sort="newest", facets=False,
                                      filters=(("year", ("2019",)),))):
            answer = search(index, request).to_json()
            del answer["took_ms"]
            answers.append(answer)
    return answers


FORMATS = (1, 2, 3)


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample archive in every format, built by the segment builder (1 worker) and by
    Whoosh's own writer (0 workers)."""
    root = tmp_path_factory.mktemp("formats")
    return {(fmt, workers): _build(root / f"f{fmt}-w{workers}", fmt, workers)
            for fmt in FORMATS for workers in (0, 1)}


def test_every_search_answers_the_same_in_every_format(indexes: dict) -> None:
    old = _answers(indexes[1, 1])
    for key in sorted(indexes):
        assert _answers(indexes[key]) == old, key
    phrase = old[2 * QUERIES.index('"化解在诉前"')]
    assert (phrase["total"], phrase["hits"][0]["snippet"].count("<mark>化解在诉前</mark>")) \
        == (1, 1)


def test_similar_articles_are_the_same_in_every_format(indexes: dict) -> None:
    ids = [h.id for h in search(indexes[1, 1], SearchRequest(query="嘉兴", limit=5)).hits]
    assert ids
    for article_id in ids:
        expected = [h.id for h in similar_articles(indexes[1, 1], article_id)]
        assert expected
        for fmt in (2, 3):
            assert [h.id for h in similar_articles(indexes[fmt, 1], article_id)] == \
                expected, (fmt, article_id)


def test_each_format_takes_less_disk_than_the_one_before(indexes: dict) -> None:
    sizes = {key: _size(index.path) for key, index in indexes.items()}
    assert sizes[2, 1] < 0.88 * sizes[1, 1], sizes  # the segment builder's
    assert sizes[2, 0] < 0.93 * sizes[1, 0], sizes  # Whoosh's writer's
    # The compact terms file: less than half of format 2, with either writer.
    assert sizes[3, 1] < 0.5 * sizes[2, 1], sizes
    assert sizes[3, 0] < 0.5 * sizes[2, 0], sizes


def test_a_new_index_records_its_format(indexes: dict) -> None:
    config = json.loads((indexes[STORAGE_FORMAT, 1].path / CONFIG_NAME).read_text("utf-8"))
    assert config["storage_format"] == STORAGE_FORMAT == 3


@pytest.mark.parametrize("written", [1, 2])
def test_an_index_of_an_older_format_is_read_and_extended_as_written(tmp_path: Path,
                                                                    written: int) -> None:
    folder = tmp_path / f"format-{written}"
    index = _build(folder, written, 1)
    if written == 1:  # as written before formats were recorded
        config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
        del config["storage_format"]
        (folder / CONFIG_NAME).write_text(json.dumps(config), "utf-8")
    archive = open_archive(folder)
    article = archive.article(search(index, SearchRequest(query='"化解在诉前"')).hits[0].id)
    summary = archive.index_articles([replace(article, id="copy-1", title="化解在诉前新篇")],
                                     workers=1)
    assert summary.added == 1
    found = archive.search(SearchRequest(query='"化解在诉前新篇"'))
    assert [h.id for h in found.hits] == ["copy-1"]
    assert archive.search(SearchRequest(query='"化解在诉前"')).total == 2
    # Still its format: Whoosh's term index in every segment, no compact terms file.
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    assert config.get("storage_format", 1) == written
    assert not list(folder.glob("*.tcb")) and not _compound_members(folder, ".tcb")


def _compound_members(folder: Path, ext: str) -> list[str]:
    """The files ending in ``ext`` inside the compound segment files of ``folder``."""
    storage = open_index(folder).whoosh.storage
    found = []
    for segment in index_segments(open_index(folder).whoosh):
        if segment.is_compound():
            found += [n for n in segment.open_compound_file(storage).list() if n.endswith(ext)]
    return found


def _edited_in_runs(folder: Path, articles: list, first_format: int) -> tuple:
    """An index of ``articles`` added two at a time: three runs in ``first_format``, then
    three as format 3 (the editing runs merge the small segments); and the codecs of its
    segments after each of those three runs."""
    index = create_or_open(folder, storage_format=first_format)
    runs = [articles[k:k + 2] for k in range(0, len(articles), 2)]
    for run in runs[:3]:
        assert index_articles(index, run, workers=1).added == 2
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    (folder / CONFIG_NAME).write_text(json.dumps({**config, "storage_format": 3}), "utf-8")
    index = open_index(folder)
    codecs = []
    for run in runs[3:]:
        assert index_articles(index, run, workers=1).added == 2
        codecs.append(sorted(type(s.codec()).__name__ for s in index_segments(index.whoosh)))
    return index, codecs


def test_segments_of_formats_2_and_3_merge_into_one_that_reads_the_same(
        tmp_path: Path) -> None:
    """Segments of formats 2 and 3 side by side, then merged into a format-3 one by an
    editing run, answer as the same runs written in format 3 throughout."""
    articles = [a for a in read_paths([SAMPLE]) if hasattr(a, "body")][:12]
    mixed, codecs = _edited_in_runs(tmp_path / "mixed", articles, 2)
    assert codecs[0] == ["CompactTermsCodec"] + ["W3Codec"] * 3  # both formats side by side
    assert codecs[-1] == ["CompactTermsCodec"] * 2  # the first five merged, and the last run
    expected, _ = _edited_in_runs(tmp_path / "format-3", articles, 3)
    totals = 0
    for query in (*QUERIES, "浙江", "中国 发展"):
        request = SearchRequest(query=query, limit=20)
        answer, reference = (search(i, request).to_json() for i in (mixed, expected))
        del answer["took_ms"], reference["took_ms"]
        assert answer == reference, query
        totals += answer["total"]
    assert totals > 20


def test_an_index_of_an_unknown_format_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "future"
    create_or_open(folder)
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    (folder / CONFIG_NAME).write_text(json.dumps({**config, "storage_format": 4}), "utf-8")
    message = (f"the index at {folder} stores its postings in format 4, which this Baoku "
               "cannot read (it reads formats 1, 2, 3): upgrade Baoku, or reindex into a new "
               "folder")
    with pytest.raises(IndexVersionError) as refused:
        open_index(folder)
    assert str(refused.value) == message
    ran = CliRunner().invoke(main, ["search", "国庆", "--index", str(folder)])
    assert (ran.exit_code, ran.stdout, ran.stderr) == (1, "", f"Error: {message}\n")
    api = create_app({"index": str(folder), "TESTING": True}).test_client().get(
        "/api/search", query_string={"q": "国庆"})
    # The web names no server folder: the full message is for the server's log.
    assert (api.status_code, api.get_json()) == (503, {"error": {
        "status": 503, "type": "index_version", "position": None,
        "message": "the index was written by another version of Baoku and must be rebuilt"}})


@pytest.mark.parametrize("storage_format", [2, 3])
def test_a_phrase_past_the_65536th_bigram_of_a_long_article_is_found(
        tmp_path: Path, storage_format: int) -> None:
    """Positions that no longer fit two bytes are stored four bytes wide."""
    articles = [a for a in read_paths([SAMPLE]) if hasattr(a, "body") and len(a.body) > 1000]
    body = "\n".join(a.body for a in articles)
    while len(body) < 70_000:
        body += "\n" + body
    long_one = replace(articles[0], id="long-1", body=body + "\n化解在诉前的长文末句。")
    index = create_or_open(tmp_path / "index", storage_format=storage_format)
    assert index_articles(index, [long_one], workers=1).added == 1
    found = search(index, SearchRequest(query='"化解在诉前的长文末句"'))
    assert [h.id for h in found.hits] == ["long-1"]
    assert "<mark>化解在诉前的长文末句</mark>" in found.hits[0].snippet.html()
