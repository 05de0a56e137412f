"""The fast indexing path writes the same index as Whoosh's own writer: the same postings
(documents, weights, positions), term statistics, stored fields and field lengths, and so
the same search results, whether built in this process or by worker processes in several
segments; in storage format 2 (Whoosh's term index) and 3 (the compact terms file, where
both writers write the same bytes)."""
from __future__ import annotations

import math

from perf_helpers import whoosh_rows

from indexer.engine.codec import compact_terms
from indexer.engine.search import search
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.whoosh_private import index_segments
from indexer.engine.writing import index_articles
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


def test_the_lean_builder_writes_what_whoosh_writes_in_format_2(format2_indexes) -> None:
    whoosh_index, lean_index = format2_indexes
    expected = contents(whoosh_index)
    assert len(expected["postings"]) > 10_000
    assert contents(lean_index) == expected


def _term_entries(index: ArchiveIndex) -> list:
    """Every term of the index's one segment, in the order of its terms file, with what
    its entry holds: inlined postings, or where its blocks are; and its statistics."""
    (segment,) = index_segments(index.whoosh)
    storage = index.whoosh.storage
    if segment.is_compound():
        storage = segment.open_compound_file(storage)
    terms = segment.codec().terms_reader(storage, segment)
    try:
        return [(term, info.is_inlined() and info.inlined_postings(), info.extent(),
                 info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                 info.max_weight(), info.min_id(), info.max_id())
                for term, info in terms.items()]
    finally:
        terms.close()


def test_both_writers_write_the_same_compact_terms_file(tmp_path, sample_articles,
                                                        monkeypatch) -> None:
    # The sample archive in one segment by each writer: the same terms, inlined postings
    # and statistics. With format 2's inlining limit, for some terms to go to blocks (no
    # term of the sample archive reaches format 3's). Blocks are compared by what they hold
    # (``contents``): their pickles may share equal values differently, so their places in
    # the postings file may differ.
    monkeypatch.setattr(compact_terms, "INLINE_POSTINGS", 64)
    built = {}
    for workers in (0, 1):
        built[workers] = create_or_open(tmp_path / f"w{workers}")
        assert index_articles(built[workers], sample_articles,
                              workers=workers).added == len(sample_articles)
    expected = _term_entries(built[0])
    assert sum(1 for entry in expected if entry[1]) > 10_000  # inlined
    assert sum(1 for entry in expected if not entry[1]) > 100  # in blocks
    found = _term_entries(built[1])
    assert [e[:2] + e[3:] for e in found] == [e[:2] + e[3:] for e in expected]
    assert contents(built[1]) == contents(built[0])


def _segment_bytes(index: ArchiveIndex) -> int:
    """The size of the index's segment files (the table of contents and lock left out)."""
    return sum(p.stat().st_size for p in index.path.glob("*.seg"))


def test_the_lean_builder_s_index_is_smaller_than_whoosh_s_in_format_2(
        format2_indexes) -> None:
    # Pickled with a protocol that stores bytes as they are; Whoosh's protocol 2 spells out
    # every posting's value through a function call (with it, this index was larger than
    # Whoosh's).
    whoosh_index, lean_index = format2_indexes
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
