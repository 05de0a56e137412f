"""The compact terms file of storage format 3: a term's statistics and postings read back as
written, prefix and range queries walk its terms in order, and a damaged terms file is
reported naming it (searching and ``baoku check``), never misread."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.article import Article
from indexer.cli import main
from indexer.engine.codec import compact_terms
from indexer.engine.codec.terms_file import MAGIC
from indexer.engine.search import search
from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles
from indexer.errors import IndexDamaged
from indexer.results import SearchRequest

ARTICLES = [
    Article(id="a1", title="嘉兴南湖红船", body="嘉兴南湖的红船是中国共产党的诞生地。",
            date="2021-07-01", source="嘉兴日报"),
    Article(id="a2", title="杭州西湖", body="西湖在杭州。南湖在嘉兴，西湖在杭州。",
            date="2021-07-02", source="杭州日报"),
    Article(id="a3", title="宁波港", body="宁波舟山港是世界大港。", date="2021-08-03",
            source="宁波日报"),
]


@pytest.fixture()
def small_index(tmp_path: Path):
    index = create_or_open(tmp_path / "index")
    assert index_articles(index, ARTICLES, workers=1).added == 3
    return index


def _ids(index, query: str, **kwargs) -> list[str]:
    return [h.id for h in search(index, SearchRequest(query=query, **kwargs)).hits]


def test_terms_read_back_with_their_statistics(small_index) -> None:
    with small_index.searcher() as searcher:
        reader = searcher.reader()
        assert reader.doc_frequency("body_g", "南湖") == 2
        assert reader.frequency("body_g", "西湖") == 2.0  # twice in one article
        assert reader.doc_frequency("body_g", "东湖") == 0
        info = reader.term_info("body_g", "嘉兴")
        assert (info.doc_frequency(), info.min_id(), info.max_id()) == (2, 0, 1)
        # the title field's boost (3) in every weight
        assert reader.term_info("title_g", "西湖").max_weight() == 3.0
        assert list(reader.lexicon("source")) == [s.encode() for s in
                                                  sorted(["嘉兴日报", "杭州日报", "宁波日报"])]
        assert [t.decode() for t in reader.expand_prefix("body_g", "西")] == ["西湖"]


def test_phrases_prefixes_and_ranges_find_their_articles(small_index) -> None:
    assert _ids(small_index, '"南湖的红船"') == ["a1"]
    assert _ids(small_index, '"南湖在嘉兴"') == ["a2"]
    assert sorted(_ids(small_index, "date:2021-07-01..2021-07-31")) == ["a1", "a2"]
    assert _ids(small_index, "宁波", filters=(("source", ("宁波日报",)),)) == ["a3"]


def test_a_damaged_terms_file_is_reported_naming_it(small_index) -> None:
    (segment,) = small_index.path.glob("MAIN_*.seg")
    data = bytearray(segment.read_bytes())
    start = data.index(MAGIC)  # the terms file inside the compound segment
    end = data.index(MAGIC, start + len(MAGIC)) + len(MAGIC)  # its last bytes
    data[end - 12:end] = bytes(12)
    segment.write_bytes(bytes(data))
    terms_file = f"{segment.stem}.tcb"
    damage = (f"TermsFileDamaged: the terms file {terms_file} is damaged: it does not end "
              "as a compact terms file (truncated?)")
    with pytest.raises(IndexDamaged) as raised:
        search(create_or_open(small_index.path), SearchRequest(query="嘉兴"))
    assert damage.split(": ", 1)[1] in str(raised.value)
    ran = CliRunner().invoke(main, ["check", "--index", str(small_index.path)])
    assert ran.exit_code == 1
    assert (f"problem: segment {segment.stem} is damaged, with the 3 articles it holds: "
            f"{segment.name} has changed since it was written (its checksum differs)\n"
            f"problem: segment {segment.stem} cannot be opened: {damage}\n") in ran.stdout


def test_a_facet_counts_values_inlined_in_their_entry_and_stored_in_blocks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A facet's values are read in one walk over the field's entries: a value's documents
    inlined in its entry or, past ``INLINE_POSTINGS``, in the postings file; a replaced
    article's old document is not counted."""
    monkeypatch.setattr(compact_terms, "INLINE_POSTINGS", 1)
    index = create_or_open(tmp_path / "index")
    articles = [Article(id=f"b{i}", title="南湖", body="南湖在嘉兴。", authors=authors)
                for i, authors in enumerate([("李小文", "赵妍"), ("李小文",), ("赵妍",),
                                             ("王芳",)])]
    index_articles(index, articles, workers=1)
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert not reader.term_info("author", "李小文").is_inlined()
        assert reader.term_info("author", "王芳").is_inlined()
    assert _author_counts(index) == {"李小文": 2, "赵妍": 2, "王芳": 1}
    index_articles(index, [articles[1].replace(authors=("王芳",))], workers=1)
    assert _author_counts(index) == {"李小文": 1, "赵妍": 2, "王芳": 2}


def _author_counts(index) -> dict[str, int]:
    facets = search(index, SearchRequest(query="南湖")).facets
    return next(f.counts() for f in facets if f.name == "author")


def test_doc_frequency_read_from_an_entrys_head_is_the_term_infos(
        tmp_path: Path, sample_articles, monkeypatch) -> None:
    from indexer.engine.codec.term_entries import SINGLE, STATED, CompactTermInfo
    from indexer.engine.whoosh_private import segment_terms
    monkeypatch.setattr(compact_terms, "INLINE_POSTINGS", 40)  # some lists in blocks
    index = create_or_open(tmp_path / "index")
    index_articles(index, sample_articles, workers=1)
    kinds = {"single": 0, "inlined": 0, "stated": 0, "blocks": 0}
    with index.searcher() as searcher:
        (reader,) = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        terms = segment_terms(reader)
        for field in ("title_g", "body_g", "body_c", "person"):
            for text, entry in terms.field_entries(field):
                info = CompactTermInfo(entry)
                assert terms.doc_frequency(field, text) == info.doc_frequency() > 0
                kinds["blocks" if not info.is_inlined() else "single" if entry[0] & SINGLE
                      else "stated" if entry[0] & STATED else "inlined"] += 1
    assert min(kinds.values()) > 0, kinds


@pytest.fixture()
def blocks_reader(tmp_path: Path, sample_articles, monkeypatch):
    """The reader of the sample archive's one segment, with lists of more than 40 postings
    in blocks of 8."""
    monkeypatch.setattr(compact_terms, "INLINE_POSTINGS", 40)
    monkeypatch.setattr(compact_terms, "codec_block_settings", lambda codec: (8, 3))
    index = create_or_open(tmp_path / "index")
    index_articles(index, sample_articles, workers=1)
    with index.searcher() as searcher:
        (reader,) = [sub.reader() for sub, _ in searcher.leaf_searchers()]
        yield reader


def test_quick_matcher_reads_every_block_as_whooshs_own(blocks_reader) -> None:
    """Storage format 3 moves from block to block reading each header in one call; every
    block of every list in blocks gives what Whoosh's ``W3LeafMatcher`` gives."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from indexer.engine.codec.term_entries import CompactTermInfo
    from indexer.engine.whoosh_private import QuickLeafMatcher, segment_terms
    reader = blocks_reader
    lists = blocks = 0
    terms = segment_terms(reader)
    for field in ("title_g", "body_g", "body_c", "body_w", "person"):
        fmt = reader.schema[field].format
        for text, entry in terms.field_entries(field):
            if CompactTermInfo(entry).is_inlined():
                continue
            quick = reader.postings(field, text)
            assert type(quick) is QuickLeafMatcher
            whoosh = W3LeafMatcher(quick._postfile, quick._startoffset, quick._length,
                                   fmt)
            lists += 1
            walked = [_walk(quick), _walk(whoosh)]
            assert walked[0] == walked[1]
            blocks += len({stats for stats, _ in walked[0]})
    assert lists > 20 and blocks > 5 * lists, (lists, blocks)


def test_a_list_read_in_one_piece_gives_every_posting_whoosh_walks_to(blocks_reader) -> None:
    """``read_postings`` reads a list in blocks in one piece and decodes its blocks itself
    (``whoosh_private.stored_blocks``): the same documents, weights and values as Whoosh's
    ``W3LeafMatcher`` walking it; with candidates, every posting of theirs, and inlined
    values cut when asked for (``Slices``) give what the entry's tuple gives."""
    import numpy as np
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from indexer.engine.codec.term_entries import CompactTermInfo, Slices
    from indexer.engine.postings import read_postings
    from indexer.engine.whoosh_private import segment_terms
    reader = blocks_reader
    lists = sliced = 0
    terms = segment_terms(reader)
    for field in ("title_g", "body_g", "body_c", "person"):
        fmt = reader.schema[field].format
        for text, entry in terms.field_entries(field):
            info = CompactTermInfo(entry)
            found = read_postings(reader, field, text, values=True)
            if info.is_inlined():
                ids, weights, values = info.inlined_postings(sliced=True)
                if isinstance(values, Slices):
                    sliced += 1
                    assert list(values) == list(info.inlined_postings()[2])
                    assert values.taken([len(values) - 1, 0]) == [values[-1], values[0]]
                continue
            whoosh = W3LeafMatcher(reader.postings(field, text)._postfile,
                                   *info.extent(), fmt)
            walked = [posting for _, posting in _walk(whoosh)]
            lists += 1
            assert list(zip(found.ids.tolist(), found.weights.tolist(), found.values,
                            strict=True)) == walked
            bare = read_postings(reader, field, text)  # no values asked for
            assert bare.values is None and [(i, w) for i, w, _ in walked] == list(
                zip(bare.ids.tolist(), bare.weights.tolist(), strict=True))
            picked = [0, 1, len(found) - 1]  # in the first and last blocks only
            some = found.ids[picked]
            within = read_postings(reader, field, text, values=True, within=some)
            last = (len(found) - 1) // 8 * 8  # the last block's first posting
            assert within.ids.tolist() == found.ids[:8].tolist() + found.ids[last:].tolist()
            at = np.searchsorted(within.ids, some)
            assert [within.values[i] for i in at.tolist()] == [
                found.values[i] for i in picked]
    assert lists > 20 and sliced > 20, (lists, sliced)


def test_a_damaged_block_header_is_reported_as_damage(blocks_reader, monkeypatch) -> None:
    """A posting block whose header does not unpickle is named (its offset) as an
    ``UnpicklingError``, which a search reports as a damaged index."""
    import pickle

    from indexer.engine.codec.term_entries import CompactTermInfo
    from indexer.engine.postings import read_postings
    from indexer.engine.whoosh_private import segment_terms
    reader = blocks_reader
    text = next(text for text, entry in segment_terms(reader).field_entries("body_g")
                if not CompactTermInfo(entry).is_inlined())
    postfile = reader.postings("body_g", text)._postfile
    real = postfile.get
    # The list's second block's header, as read in one piece, turned into garbage.
    monkeypatch.setattr(postfile, "get", lambda at, n: _spoil(real(at, n)),
                        raising=False)
    with pytest.raises(pickle.UnpicklingError, match="damaged posting block at offset"):
        read_postings(reader, "body_g", text, values=True)


def _spoil(listed: bytes) -> bytes:
    """A list's blocks with its second block's header replaced by bytes no pickle starts
    with."""
    import struct
    (length,) = struct.unpack_from("!i", listed, 0)
    second = 4 + abs(length)
    return listed[:second + 4] + b"\xff" * 8 + listed[second + 12:]


def _walk(matcher) -> list[tuple]:
    """Each posting of ``matcher`` (id, weight, value), with its block's statistics."""
    out = []
    while matcher.is_active():
        stats = (matcher.block_min_id(), matcher.block_max_id(), matcher.block_max_weight(),
                 matcher.block_min_length(), matcher.block_max_length())
        out.append((stats, (matcher.id(), matcher.weight(), matcher.value())))
        matcher.next()
    return out
