"""The server's start-up warm-up (``indexer.engine.warm``): it fills the caches the searches use, so
that the first search reads no column, and an index changed after it is still searched
whole."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from indexer.article import Article
from indexer.engine.browse import recent_issues
from indexer.engine.facets import FILED
from indexer.engine.search import search
from indexer.engine.stats import archive_stats
from indexer.engine.store import ArchiveIndex, create_or_open, open_index
from indexer.engine.warm import JOINED, LENGTHS, VALUES, warm_up
from indexer.engine.writing import index_articles
from indexer.readers import read_paths
from indexer.results import FACET_FIELDS, SearchRequest
from search_web import create_app


def segment_ids(index: ArchiveIndex) -> list[str]:
    with index.reading() as searcher:
        return [s.reader().segment().segment_id() for s, _ in searcher.leaf_searchers()]


def shown(results) -> tuple:
    return (results.total, [(h.id, round(h.score, 6), h.snippet.text) for h in results.hits],
            [(f.name, f.counts()) for f in results.facets])


def test_warm_up_loads_every_segments_columns_and_lengths_and_the_joined_tables(
        two_segments) -> None:
    index = open_index(two_segments)  # a cache of its own
    loaded = warm_up(index)
    segments = segment_ids(index)
    assert len(segments) == 2
    assert (loaded.segments, loaded.articles) == (2, 140)
    # The codes come from each segment's codes file: values are read for printings only.
    expected = ({("values", s, f) for s in segments for f in VALUES}
                | {("codes", s, f) for s in segments for f in FILED}
                | {("lengths", s, f) for s in segments for f in LENGTHS}
                | {("joined", "+".join(segments), f) for f in JOINED})
    assert index.facet_cache.loaded() == expected


def test_the_home_pages_figures_and_issues_read_no_column_after_warm_up(two_segments) -> None:
    index = open_index(two_segments)
    warm_up(index)
    before = index.facet_cache.loaded()
    stats, recent = archive_stats(index), recent_issues(index)
    assert index.facet_cache.loaded() == before
    assert stats.articles == 140 and recent


def test_the_first_search_after_warm_up_reads_no_column_and_finds_the_same(
        two_segments) -> None:
    warmed, cold = open_index(two_segments), open_index(two_segments)
    warm_up(warmed)
    before = warmed.facet_cache.loaded()
    request = SearchRequest(query="人民 国庆", filters=(("source", ("人民日报",)),))
    results = search(warmed, request)
    assert warmed.facet_cache.loaded() == before
    assert results.total > 0 and len(results.facets) == len(FACET_FIELDS)
    assert shown(results) == shown(search(cold, request))


def test_warm_up_loads_every_compiled_loop_with_the_types_searches_use(two_segments) -> None:
    # In a process of its own: another test's search would have loaded them here already.
    # No word is searched in advance (deadline 0): the loops are loaded all the same, and
    # the searches after it, a phrase, a name and two words with facets, call them (each
    # call counted) and compile nothing. The sample's lists are too short for varint's
    # loop (``tests/engine/test_varint.py`` calls it with the same types).
    check = (
        "import sys\n"
        "from collections import Counter\n"
        "from indexer.engine import bm25, counting, position_gaps\n"
        "from indexer.engine.codec import block_search, varint\n"
        "from indexer.engine.search import search\n"
        "from indexer.engine.store import open_index\n"
        "from indexer.engine.warm import warm_up\n"
        "from indexer.results import SearchRequest\n"
        "loops = {'count_codes': counting.count_codes,\n"
        "         'count_code_runs': counting.count_code_runs,\n"
        "         'add_scores': bm25._compiled_add_scores(),\n"
        "         'unpack': position_gaps._compiled_unpack(),\n"
        "         'keys': position_gaps._compiled_keys(),\n"
        "         'find': block_search._compiled_find(),\n"
        "         'decode': varint._compiled_decode()}\n"
        "assert not any(loop.signatures for loop in loops.values())\n"
        "index = open_index(sys.argv[1])\n"
        "assert warm_up(index, deadline=0).words == ()\n"
        "print(*[len(loop.signatures) for loop in loops.values()])\n"
        "calls = Counter()\n"
        "def counted(name):\n"
        "    def call(*args):\n"
        "        calls[name] += 1\n"
        "        return loops[name](*args)\n"
        "    return call\n"
        "counting.count_codes = counted('count_codes')\n"
        "counting.count_code_runs = counted('count_code_runs')\n"
        "for module, name, factory in ((bm25, 'add_scores', '_compiled_add_scores'),\n"
        "        (position_gaps, 'unpack', '_compiled_unpack'),\n"
        "        (position_gaps, 'keys', '_compiled_keys'),\n"
        "        (block_search, 'find', '_compiled_find'),\n"
        "        (varint, 'decode', '_compiled_decode')):\n"
        "    setattr(module, factory, lambda call=counted(name): call)\n"
        "for query in ('\"人民共和国\"', '习近平', '国庆 人民'):\n"
        "    assert search(index, SearchRequest(query=query)).total\n"
        "print(*[len(loop.signatures) for loop in loops.values()])\n"
        "print(*sorted(name for name in loops if calls[name]))\n"
    )
    done = subprocess.run([sys.executable, "-c", check, str(two_segments)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "1 1 1 1 1 1 1", "1 1 1 1 1 1 1",
        "add_scores count_code_runs count_codes find keys unpack"]


def test_warm_up_searches_the_frequent_headline_words_in_advance(two_segments) -> None:
    index = open_index(two_segments)
    loaded = warm_up(index, words=5)
    assert loaded.words == ("成立", "周年", "习近平", "中华人民共和国", "庆祝")
    held = index.facet_cache.postings.size
    assert loaded.postings == held > 0
    # A user's search of one of them reads no posting list: every one is held already.
    assert search(index, SearchRequest(query="习近平")).total > 0
    assert index.facet_cache.postings.size == held


def test_warm_up_stops_at_its_share_of_the_postings_cache(two_segments) -> None:
    index = open_index(two_segments)
    loaded = warm_up(index, words=40, share=500 / index.facet_cache.postings.capacity)
    assert 0 < len(loaded.words) < 40
    assert loaded.postings >= 500
    index = open_index(two_segments)
    assert warm_up(index, words=40, share=0).words == ()


def test_warm_up_starts_no_word_search_after_its_deadline(two_segments, monkeypatch) -> None:
    from indexer.engine import warm
    clock = [0.0]  # each word search takes a second on this clock, the rest no time

    def searched_in_a_second(index, request):
        clock[0] += 1.0
        return search(index, request)
    monkeypatch.setattr(warm.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(warm, "search", searched_in_a_second)
    index = open_index(two_segments)
    loaded = warm_up(index, words=5, deadline=2.5)
    assert loaded.words == ("成立", "周年", "习近平")  # started at 0, 1 and 2 seconds
    assert loaded.seconds == 3.0
    # The words left are read by their first search, which finds what a cold one does.
    request = SearchRequest(query="庆祝")
    assert shown(search(index, request)) == shown(search(open_index(two_segments), request))


def test_an_editors_commit_after_warm_up_is_searched(tmp_path: Path, sample_dir) -> None:
    index = create_or_open(tmp_path / "index")
    index_articles(index, list(read_paths([sample_dir]))[:70])
    warm_up(index)
    index_articles(index, [Article(id="new-1", title="大熊猫基地喜添幼崽", source="晚报",
                                   date="2021-06-01", body="成都大熊猫繁育研究基地迎来幼崽。")])
    results = search(index, SearchRequest(query="大熊猫"))
    assert [h.id for h in results.hits] == ["new-1"]
    assert [(f.name, f.counts()) for f in results.facets if f.name in ("source", "year")] == [
        ("source", {"晚报": 1}), ("year", {"2021": 1})]


def test_warm_up_of_an_empty_index_then_its_first_articles(empty_index) -> None:
    loaded = warm_up(empty_index)
    assert (loaded.segments, loaded.articles, loaded.words, loaded.postings) == (0, 0, (), 0)
    assert search(empty_index, SearchRequest(query="熊猫")).total == 0
    index_articles(empty_index, [Article(id="a", title="熊猫", source="晚报",
                                         body="动物园的熊猫吃竹子。")])
    results = search(empty_index, SearchRequest(query="熊猫"))
    assert ([h.id for h in results.hits], results.facets[0].counts()) == (["a"], {"晚报": 1})


def test_the_apps_warm_up_is_the_indexers(two_segments) -> None:
    app = create_app({"index": str(two_segments), "TESTING": True})
    handle = app.extensions["baoku"]
    loaded = handle.warm_up()
    assert (loaded.segments, loaded.articles) == (2, 140)
    index = handle.backend.index  # the Whoosh backend's open index: its caches are filled
    assert {("codes", s, "source") for s in segment_ids(index)} <= index.facet_cache.loaded()
