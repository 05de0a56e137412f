"""Writing a field's terms and their postings in Whoosh's ``whoosh3`` codec format, directly.

Whoosh's ``W3PostingsWriter`` is built for one posting at a time: for each term it resets a
block buffer, checks every posting, sums statistics block by block and goes through several
method calls per term. A segment of 10,000 articles has millions of terms (most of them
character bigrams seen in one article only), so that fixed cost per term, not the postings,
dominates the writing. ``TermWriter`` writes the same files from whole posting lists:

- a term with a single posting (most of them) is stored inline in its term-index entry, as
  the codec's reader supports (``W3TermInfo`` inlined postings, read by a ``ListMatcher``):
  nothing goes to the postings file. Not for formats without values (ids, keys): a
  ``ListMatcher`` gives "" where the block reader gives None as their value;
- a longer list is cut into blocks of ``blocklimit`` postings and each block is written as
  ``W3PostingsWriter._write_block`` does (block header, pickled delta-coded ids, weights and
  values, compressed from ``COMPRESSION_MIN_SIZE`` bytes on);
- the term statistics (total weight, document frequency, shortest and longest field length,
  highest weight, first and last document) are computed once per term and packed as
  ``W3TermInfo.to_bytes`` packs them, without a ``W3TermInfo`` object;
- the term-index entries are collected in one buffer per field and written at once, with
  the hash and position ``OrderedHashWriter.add`` would record for each (the hash is the
  low 32 bits of the key's MD5, Whoosh's default ``md5_hash``, taken from the digest's
  bytes instead of its hexadecimal text).

Field lengths come as their one-byte codes (``length_to_byte``; 0: no length), the form the
codec stores them in.

Searches read these segments through the unchanged Whoosh reader; ``tests/perf`` checks
that every posting and every term statistic equals what Whoosh's own writer produces.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from hashlib import md5
from itertools import chain
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3TermInfo,
)
from whoosh.system import pack_int, pack_long, pack_ushort

_INFO = W3TermInfo._struct  # flags, total weight, df, min/max length code, max weight, ids
_ENTRY = struct.Struct("!ii")  # key and value sizes before each term-index entry
SMALL_WINDOW_BITS = 12
SMALL_BLOCK = 1 << SMALL_WINDOW_BITS


def key_hash(key: bytes) -> int:
    """``whoosh.filedb.filetables.md5_hash`` of ``key`` (``tests/perf`` compares them)."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


class TermWriter:
    """Writes the terms of one field, in term order, through a ``W3FieldWriter`` (after its
    ``start_field``): postings to its postings file, term info to its term index.
    ``close()`` writes the buffered term-index entries (before ``finish_field``)."""

    def __init__(self, fieldwriter) -> None:
        self._postfile = fieldwriter._postfile
        self._tindex = fieldwriter._tindex
        self._prefix = pack_ushort(fieldwriter._fieldid)
        fixed = fieldwriter._format.fixed_value_size()
        # How a block's values are stored, as ``W3PostingsWriter._mini_values`` does.
        self._values_kind = ("tuple" if fixed is None or fixed < 0
                             else "none" if fixed == 0 else "joined")
        self._blocklimit = fieldwriter._codec._blocklimit
        self._compression = fieldwriter._codec._compression
        self._buffer = bytearray()
        self._start = self._tindex.dbfile.tell()
        self._positions: list[int] = []
        self._hashes: list[int] = []
        self._first = self._last = b""

    def write(self, tbytes: bytes, docs, freqs, values: list, codes,
              boost: float = 1.0) -> None:
        """One term: its documents (ascending), the frequency and encoded value of each
        posting (a posting weighs its frequency times ``boost``), and the field-length code
        of every document of the segment (0: none)."""
        df = len(docs)
        ncodes = len(codes)
        if df == 1 and self._values_kind != "none":
            doc = docs[0]
            weight = freqs[0] * boost
            stored = array("f", (weight,))[0]  # float32, as the codec stores weights
            code = codes[doc] if doc < ncodes else 0
            info = _INFO.pack(1, stored, 1, code, code, max(0.0, weight), doc, doc)
            info += dumps(((doc,), (stored,), tuple(v for v in values if v)), 2)
        else:
            known = [c for c in (codes[d] for d in docs if d < ncodes) if c]
            start = self._postfile.tell()
            self._write_blocks(docs, freqs, boost, values, codes)
            info = _INFO.pack(0, sum(array("f", freqs)) * boost, df,
                              min(known) if known else 0, max(known) if known else 0,
                              max(0, max(freqs) * boost), docs[0], docs[-1])
            info += pack_long(start) + pack_int(self._postfile.tell() - start)
        key = self._prefix + tbytes
        buffer = self._buffer
        position = self._start + len(buffer)
        self._positions.append(position)
        self._hashes.append(key_hash(key))
        buffer += _ENTRY.pack(len(key), len(info))
        buffer += key
        buffer += info
        if not self._first:
            self._first = key
        self._last = key

    def close(self) -> None:
        """Write the buffered entries to the term index, recording what
        ``OrderedHashWriter.add`` records for each (the terms came sorted)."""
        if not self._buffer:
            return
        tindex = self._tindex
        if self._first <= tindex.lastkey:
            raise ValueError(f"keys must increase: {tindex.lastkey!r}..{self._first!r}")
        tindex.dbfile.write(bytes(self._buffer))
        buckets, index = tindex.buckets, tindex.index
        for h, position in zip(self._hashes, self._positions, strict=True):
            buckets[h & 255].append((h, position))
            index.append(position)
        tindex.lastkey = self._last
        self._buffer = bytearray()
        self._positions, self._hashes = [], []

    def _write_blocks(self, docs, freqs, boost: float, values: list, codes) -> None:
        postfile, limit = self._postfile, self._blocklimit
        total = len(docs)
        ncodes = len(codes)
        out = [WHOOSH3_HEADER_MAGIC]
        for start in range(0, total, limit):
            end = min(start + limit, total)
            ids = docs[start:end] if total > limit else docs
            block_freqs = freqs[start:end] if total > limit else freqs
            known = [c for c in (codes[d] for d in ids if d < ncodes) if c]
            data = (_deltas(ids), _mini_weights(block_freqs, boost),
                    self._mini_values([v for v in values[start:end] if v]))
            databytes = dumps(data, 2)
            comp = self._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
            if comp:
                databytes = _compress(databytes, comp)
            infobytes = dumps((len(ids), ids[-1], max(0, max(block_freqs) * boost), comp,
                               min(known) if known else 0, max(known) if known else 0), 2)
            size = len(infobytes) + len(databytes)
            out += (pack_int(-size if end == total else size), infobytes, databytes)
        postfile.write(b"".join(out))

    def _mini_values(self, values: list):
        if self._values_kind == "tuple":
            return tuple(values)
        if self._values_kind == "none":
            return None
        return b"".join(values)


def _deltas(ids) -> tuple[int, ...]:
    return tuple(map(sub, ids, chain((0,), ids)))


def _compress(data: bytes, level: int) -> bytes:
    """``zlib.compress(data, level)`` as Whoosh compresses a block, but a block of at most
    ``SMALL_BLOCK`` bytes (almost every block) with a window and hash table to its size:
    the same zlib stream format, which Whoosh's reader decompresses as before, and the same
    size, in a fifth of the time (for a block of a hundred bytes, setting up zlib's default
    state of about 256 KB costs more than compressing it)."""
    if len(data) > SMALL_BLOCK:
        return zlib.compress(data, level)
    compressor = zlib.compressobj(level, zlib.DEFLATED, SMALL_WINDOW_BITS, 4)
    return compressor.compress(data) + compressor.flush()


def _mini_weights(freqs, boost: float):
    """A block's weights as ``W3PostingsWriter`` stores them: None when all are 1, one
    number when all are equal, else a tuple (float32 values)."""
    if min(freqs) == max(freqs):
        first = array("f", (freqs[0] * boost,))[0]
        return None if first == 1.0 else first
    return tuple(array("f", [f * boost for f in freqs]))
