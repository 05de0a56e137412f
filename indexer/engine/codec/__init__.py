"""Baoku's storage formats for postings, plugged into Whoosh through its public extension
points (``whoosh.formats.Format``). Their import paths are part of every index written
with them (Whoosh pickles the schema, formats included): never rename them.

An index records its storage format in ``baoku.json`` (``indexer.engine.store``):

1. (or absent) Whoosh's ``Positions`` in the word and bigram fields: each posting's
   positions as a 4-byte count and a pickled list of gaps;
2. ``PackedPositions`` in the bigram fields (``packed_positions``), and counts without
   positions in the word fields (nothing searches words as phrases).

The characters are counted without positions in both. Every format listed in
``READABLE_FORMATS`` is read, and extended by later writes, as it was written.
"""
from __future__ import annotations

# The format of the indexes this Baoku creates, and those it reads.
STORAGE_FORMAT = 2
READABLE_FORMATS = (1, 2)
