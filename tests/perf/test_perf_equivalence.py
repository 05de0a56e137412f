"""The fast indexing path writes the same index as Whoosh's own writer: the same postings
(documents, weights, positions), stored fields and field lengths, and so the same search
results, whether built in this process or by worker processes in several segments."""
from __future__ import annotations

import math

from perf_helpers import whoosh_rows

from indexer.engine.search import search
from indexer.engine.store import ArchiveIndex
from indexer.engine.whoosh_private import index_segments
from indexer.results import SearchRequest


def contents(index: ArchiveIndex) -> dict:
    """Everything a search can read: every posting of every term of every indexed field
    (global document number, weight, encoded value), the statistics of each term that
    scoring reads, the stored fields and the field lengths of each document."""
    schema = index.whoosh.schema
    with index.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for name in schema.names():
            if not schema[name].indexed:
                continue
            for term in reader.lexicon(name):
                info = reader.term_info(name, term)
                postings[name, term] = (whoosh_rows(reader, name, term), info.weight(),
                                        info.doc_frequency(), info.min_length(),
                                        info.max_length(), info.max_weight(), info.min_id(),
                                        info.max_id())
        docs = list(reader.all_doc_ids())
        stored = [reader.stored_fields(d) for d in docs]
        lengths = {name: ([reader.doc_field_length(d, name) for d in docs],
                          reader.field_length(name)) for name in schema.scorable_names()}
    return {"postings": postings, "stored": stored, "lengths": lengths}


def segment_sizes(index: ArchiveIndex) -> list[int]:
    return [s.doc_count_all() for s in index_segments(index.whoosh)]


def test_the_lean_builder_writes_what_whoosh_writes(whoosh_index, lean_index) -> None:
    expected = contents(whoosh_index)
    assert len(expected["postings"]) > 10_000  # the sample archive, every field
    assert contents(lean_index) == expected


def _segment_bytes(index: ArchiveIndex) -> int:
    """The size of the index's segment files (the table of contents and lock left out)."""
    return sum(p.stat().st_size for p in index.path.glob("*.seg"))


def test_the_lean_builder_s_index_is_smaller_than_whoosh_s(whoosh_index, lean_index) -> None:
    # The same postings in more segments (a term index each), but pickled with a protocol
    # that stores bytes as they are; Whoosh's protocol 2 spells out every posting's value
    # through a function call (with it, this index was larger than Whoosh's).
    assert _segment_bytes(lean_index) < _segment_bytes(whoosh_index)


def test_worker_segments_hold_the_same_index_in_input_order(whoosh_index, parallel_index,
                                                           sample_articles,
                                                           segment_docs) -> None:
    # The run is shared out evenly over the two workers: the fewest chunks of at most
    # segment_docs articles that are a multiple of two in number, of equal size.
    n = len(sample_articles)
    chunks = 2 * math.ceil(n / (2 * segment_docs))
    size = math.ceil(n / chunks)
    assert segment_sizes(parallel_index) == [size] * (chunks - 1) + [n - size * (chunks - 1)]
    assert chunks > 2
    assert contents(parallel_index) == contents(whoosh_index)


QUERIES = (
    SearchRequest(query="人民"),
    SearchRequest(query="经济 发展"),
    SearchRequest(query='"中华人民共和国"'),
    SearchRequest(query="新华社 OR 本报", sort="newest"),
    SearchRequest(query="国", filters=(("year", ("2019",)),)),
    SearchRequest(query="title:中国 -北京", limit=5, offset=1),
    SearchRequest(query="date:2019-10-01..2019-10-02"),
)


def _shown(results) -> dict:
    data = results.to_json()
    data.pop("took_ms")
    data["title_marks"] = [h.title_marks for h in results.hits]
    return data


def test_search_results_are_the_same(whoosh_index, parallel_index) -> None:
    for request in QUERIES:
        expected = _shown(search(whoosh_index, request))
        assert expected["total"] > 0, request.query
        assert _shown(search(parallel_index, request)) == expected, request.query
