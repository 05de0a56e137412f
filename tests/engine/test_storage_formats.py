"""The compact postings format (storage format 2) answers every search exactly as Whoosh's
pickled positions (format 1) did, on a smaller index; an index of format 1 is still read and
extended as it was written, and one of an unknown format is refused, never misread."""
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


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample archive in both formats, built by the segment builder (1 worker) and by
    Whoosh's own writer (0 workers)."""
    root = tmp_path_factory.mktemp("formats")
    return {(fmt, workers): _build(root / f"f{fmt}-w{workers}", fmt, workers)
            for fmt in (1, STORAGE_FORMAT) for workers in (0, 1)}


def test_every_search_answers_the_same_in_both_formats(indexes: dict) -> None:
    old = _answers(indexes[1, 1])
    assert old == _answers(indexes[STORAGE_FORMAT, 1])
    assert old == _answers(indexes[STORAGE_FORMAT, 0])
    assert old == _answers(indexes[1, 0])
    phrase = old[2 * QUERIES.index('"化解在诉前"')]
    assert (phrase["total"], phrase["hits"][0]["snippet"].count("<mark>化解在诉前</mark>")) \
        == (1, 1)


def test_similar_articles_are_the_same_in_both_formats(indexes: dict) -> None:
    ids = [h.id for h in search(indexes[1, 1], SearchRequest(query="嘉兴", limit=5)).hits]
    assert ids
    for article_id in ids:
        assert [h.id for h in similar_articles(indexes[1, 1], article_id)] == \
            [h.id for h in similar_articles(indexes[STORAGE_FORMAT, 1], article_id)]


def test_the_new_format_takes_less_disk(indexes: dict) -> None:
    sizes = {key: _size(index.path) for key, index in indexes.items()}
    assert sizes[STORAGE_FORMAT, 1] < 0.88 * sizes[1, 1], sizes  # the segment builder's
    assert sizes[STORAGE_FORMAT, 0] < 0.93 * sizes[1, 0], sizes  # Whoosh's writer's


def test_a_new_index_records_its_format(indexes: dict) -> None:
    config = json.loads((indexes[STORAGE_FORMAT, 1].path / CONFIG_NAME).read_text("utf-8"))
    assert config["storage_format"] == STORAGE_FORMAT == 2


def test_an_index_of_format_1_is_read_and_extended_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    index = _build(folder, 1, 1)
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    del config["storage_format"]  # as written before formats were recorded
    (folder / CONFIG_NAME).write_text(json.dumps(config), "utf-8")
    archive = open_archive(folder)
    article = archive.article(search(index, SearchRequest(query='"化解在诉前"')).hits[0].id)
    summary = archive.index_articles([replace(article, id="copy-1", title="化解在诉前新篇")],
                                     workers=1)
    assert summary.added == 1
    found = archive.search(SearchRequest(query='"化解在诉前新篇"'))
    assert [h.id for h in found.hits] == ["copy-1"]
    assert archive.search(SearchRequest(query='"化解在诉前"')).total == 2


def test_an_index_of_an_unknown_format_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "future"
    create_or_open(folder)
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    (folder / CONFIG_NAME).write_text(json.dumps({**config, "storage_format": 3}), "utf-8")
    message = (f"the index at {folder} stores its postings in format 3, which this Baoku "
               "cannot read (it reads formats 1, 2): upgrade Baoku, or reindex into a new "
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


def test_a_phrase_past_the_65536th_bigram_of_a_long_article_is_found(tmp_path: Path) -> None:
    """Positions that no longer fit two bytes are stored four bytes wide."""
    articles = [a for a in read_paths([SAMPLE]) if hasattr(a, "body") and len(a.body) > 1000]
    body = "\n".join(a.body for a in articles)
    while len(body) < 70_000:
        body += "\n" + body
    long_one = replace(articles[0], id="long-1", body=body + "\n化解在诉前的长文末句。")
    index = create_or_open(tmp_path / "index")
    assert index_articles(index, [long_one], workers=1).added == 1
    found = search(index, SearchRequest(query='"化解在诉前的长文末句"'))
    assert [h.id for h in found.hits] == ["long-1"]
    assert "<mark>化解在诉前的长文末句</mark>" in found.hits[0].snippet.html()
