"""The ranker's postings reader (``indexer.engine.postings.read_postings``) gives what Whoosh's own
matchers give, posting for posting, for terms inlined in their term entry (up to
``INLINE_POSTINGS`` postings: ``term_writer``'s in storage format 2, ``compact_terms``'
in format 3) and for terms written in blocks, with the postings of withdrawn articles left
out."""
from __future__ import annotations

import pytest
from perf_helpers import whoosh_rows

from indexer.engine import term_writer
from indexer.engine.codec import compact_terms
from indexer.engine.postings import read_postings
from indexer.engine.store import create_or_open
from indexer.engine.writing import index_articles, remove_articles

# Format 3 inlines up to 1,024 postings: none of the sample archive's terms has that many,
# so the test lowers it to format 2's, for some terms to go to blocks.
INLINE_POSTINGS = term_writer.INLINE_POSTINGS

TEXT_FIELDS = ("title_w", "title_g", "title_c", "body_w", "body_g", "body_c")


@pytest.mark.parametrize("storage_format", [2, 3])
def test_inlined_and_block_postings_read_as_whoosh_reads_them(tmp_path, sample_articles,
                                                               storage_format: int,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(compact_terms, "INLINE_POSTINGS", INLINE_POSTINGS)
    index = create_or_open(tmp_path / "index", storage_format=storage_format)
    index_articles(index, sample_articles, workers=1)
    withdrawn = sample_articles[3]
    assert remove_articles(index, [withdrawn.id]).removed == 1

    sizes = {"inlined": 0, "blocks": 0, "inlined with the withdrawn article": 0}
    with index.searcher() as searcher:
        (reader,) = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        gone = reader.deleted_docs_set
        assert len(gone) == 1
        for field in TEXT_FIELDS:
            for term in reader.lexicon(field):
                term = term.decode("utf-8")
                expected = whoosh_rows(reader, field, term)
                found = read_postings(reader, field, term, values=True)
                assert list(zip(found.ids.tolist(), found.weights.tolist(),
                                found.values, strict=True)) == expected, (field, term)
                info = reader.term_info(field, term)
                if info.is_inlined():
                    sizes["inlined"] += 1
                    assert info.doc_frequency() <= INLINE_POSTINGS
                    if gone & set(info.inlined_postings()[0]):
                        sizes["inlined with the withdrawn article"] += 1
                else:
                    sizes["blocks"] += 1
                    assert info.doc_frequency() > INLINE_POSTINGS
                assert not gone & set(found.ids.tolist())
    assert sizes["inlined"] > 10_000 and sizes["blocks"] > 100
    assert sizes["inlined with the withdrawn article"] > 100
