"""Baoku's storage formats for postings and terms, plugged into Whoosh through its public
extension points (``whoosh.formats.Format``, ``whoosh.codec.base.Codec``). Their import
paths are part of every index written with them (Whoosh pickles the schema, formats
included, and each segment's codec into the table of contents): never rename them.

An index records its storage format in ``baoku.json`` (``indexer.engine.store``):

1. (or absent) Whoosh's ``Positions`` in the word and bigram fields: each posting's
   positions as a 4-byte count and a pickled list of gaps;
2. ``PackedPositions`` in the bigram fields (``packed_positions``), and counts without
   positions in the word fields (nothing searches words as phrases);
3. the postings of format 2, with the terms in the compact terms file of
   ``compact_terms`` (front-coded blocks of packed entries, postings of rare terms
   inlined as packed arrays) instead of Whoosh's hash file of pickled entries.

The characters are counted without positions in all. Every format listed in
``READABLE_FORMATS`` is read, and extended by later writes, as it was written: the
segments of an index are written with ``codec_for`` its format (each segment records its
codec, so a segment written before keeps being read with its own).
"""
from __future__ import annotations

from whoosh.codec.base import Codec
from whoosh.codec.whoosh3 import W3Codec

from .compact_terms import CompactTermsCodec

# The format of the indexes this Baoku creates, and those it reads.
STORAGE_FORMAT = 3
READABLE_FORMATS = (1, 2, 3)


def codec_for(storage_format: int) -> Codec:
    """The Whoosh codec new segments of an index in ``storage_format`` are written with."""
    if storage_format >= 3:
        return CompactTermsCodec()
    return W3Codec()
