"""Writing a field's terms and their postings in Whoosh's ``whoosh3`` codec format, directly
(storage formats 1 and 2; format 3's terms file is ``codec.compact_terms``'s, which writes
its long posting lists with ``PostingBlocks`` from here).

Whoosh's ``W3PostingsWriter`` is built for one posting at a time: for each term it resets a
block buffer, checks every posting, sums statistics block by block and goes through several
method calls per term. A segment of 10,000 articles has millions of terms (most of them
character bigrams seen in one article only), so that fixed cost per term, not the postings,
dominates the writing. ``TermWriter`` writes the same files from whole posting lists:

- a term with at most ``INLINE_POSTINGS`` postings (almost all of them) is stored inline in
  its term-index entry, as the codec's reader supports (``W3TermInfo`` inlined postings,
  read by a ``ListMatcher``, for any number of postings): nothing goes to the postings file
  and nothing is compressed. Weights that are all 1.0 are left out, as ``ListMatcher``
  reads them. Not for formats without values (ids, keys): a ``ListMatcher`` gives "" where
  the block reader gives None as their value;
- a longer list is cut into blocks of ``blocklimit`` postings and each block is written as
  Whoosh's ``W3PostingsWriter`` writes one (block header, pickled delta-coded ids, weights and
  values, compressed from ``COMPRESSION_MIN_SIZE`` bytes on);
- the term statistics (total weight, document frequency, shortest and longest field length,
  highest weight, first and last document) are computed once per term, packed straight
  into the bytes ``W3TermInfo.to_bytes`` gives (no term info object per term) and added to
  the term index in one write, on ``OrderedHashWriter``'s own state. A term in one document
  (most of them) takes a shorter path to the same bytes;

The codec's internals this relies on (the field writer's files and settings, the term-info
record, the term index's entry layout) are reached through ``whoosh_private``.
- postings are pickled with protocol ``PICKLE_PROTOCOL``, not Whoosh's 2 (see there); the
  codec's reader unpickles any protocol;
- a list of weights that are all whole numbers (frequencies times a whole field boost) is
  pickled as ints, not floats: 2 bytes a weight instead of 9 (a third of the inlined
  postings of the bigram view, storage format 2, on 3,000 articles).

Searches read these segments through the unchanged Whoosh reader; ``tests/perf`` checks
that every posting and every term statistic equals what Whoosh's own writer produces.
"""
from __future__ import annotations

import zlib
from array import array
from pickle import dumps

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from .whoosh_private import TERM_INFO, FieldWriterState

# Terms with up to this many postings are inlined. On 1,500 articles, old and new writer
# alternately: writing the terms took a third less CPU than with blocks from two postings
# on (zlib on each block of 80 bytes or more was a quarter of it), for an index 15% larger
# (inlined postings are not compressed). 16 saved a sixth; 128 no more than 64.
INLINE_POSTINGS = 64

# Whoosh pickles postings with protocol 2, which has no opcode for bytes: each posting's
# value (bytes) goes through a ``_codecs.encode`` call, in the pickle and again when it is
# read. Protocol 3 stores bytes as they are. On 2,000 articles, old and new writer
# alternately: writing the terms took 0.68x the time and the segment is 29% smaller
# (75.9 MB instead of 107.3 MB); a one-posting term unpickles in a third of the time.
PICKLE_PROTOCOL = 3


class TermWriter:
    """Writes the terms of one field, in term order, through a ``W3FieldWriter`` (after its
    ``start_field``): postings to its postings file, term info to its term index."""

    def __init__(self, fieldwriter) -> None:
        state = FieldWriterState(fieldwriter)
        self._prefix = pack_ushort(state.field_number)
        self._values_kind = values_kind(state.format)
        self._blocks = PostingBlocks(state.postings_file, state.block_limit,
                                     state.compression, self._values_kind)
        # Adds one entry (key, term info + postings) to the term index, in order.
        self._add_entry = state.term_index_appender().add

    def write(self, tbytes: bytes, docs, weights: list, values: list, lengths: array) -> None:
        """One term: its documents (ascending), the weight and encoded value of each posting,
        and the quantised field length of every document of the segment (one per document,
        0: none)."""
        stored = array("f", weights)  # float32, as the codec's own writer stores weights
        if len(docs) == 1 and self._values_kind != "none":  # most terms: in one document
            self._write_single(tbytes, docs[0], stored[0], values[0], lengths)
            return
        doc_lengths = [lengths[d] for d in docs]  # 0: none
        known = list(filter(None, doc_lengths))
        if len(docs) <= INLINE_POSTINGS and self._values_kind != "none":
            inlined = True
            postings = dumps((tuple(docs),
                              () if stored.count(1.0) == len(stored) else _listed(stored),
                              tuple(filter(None, values))), PICKLE_PROTOCOL)
        else:
            inlined = False
            start, length = self._blocks.write(docs, weights, stored, values, doc_lengths)
            postings = pack_long(start) + pack_int(length)
        # The entry ``W3TermInfo.to_bytes`` makes, without a term info object per term.
        info = TERM_INFO.pack(inlined, sum(stored), len(docs),
                              length_to_byte(min(known)) if known else 0,
                              length_to_byte(max(known)) if known else 0,
                              max(0, max(weights)), docs[0], docs[-1])
        self._add_entry(self._prefix + tbytes, info + postings)

    def _write_single(self, tbytes: bytes, doc: int, weight: float, value: bytes,
                      lengths: array) -> None:
        """``write`` for a term in one document (the same entry, with less work)."""
        length = length_to_byte(lengths[doc])
        postings = dumps(((doc,), () if weight == 1.0 else _listed((weight,)),
                          (value,) if value else ()), PICKLE_PROTOCOL)
        info = TERM_INFO.pack(True, weight, 1, length, length, max(0, weight), doc, doc)
        self._add_entry(self._prefix + tbytes, info + postings)


def values_kind(fmt) -> str:
    """How a block's values are stored for the posting format ``fmt``, as Whoosh's
    ``W3PostingsWriter`` minifies them: "tuple", "joined" (fixed size) or "none"."""
    fixed = fmt.fixed_value_size()
    return "tuple" if fixed is None or fixed < 0 else "none" if fixed == 0 else "joined"


class PostingBlocks:
    """Writes a term's postings to the postings file ``postfile`` as blocks of
    ``block_limit`` postings, as Whoosh's ``W3PostingsWriter`` writes them (its
    ``W3LeafMatcher`` reads them): used by both storage formats' term writers."""

    def __init__(self, postfile, block_limit: int, compression: int, kind: str) -> None:
        self._postings_file = postfile
        self._block_limit = block_limit
        self._compression = compression
        self._values_kind = kind

    def write(self, docs, weights: list, stored: array, values: list,
              doc_lengths: list[int]) -> tuple[int, int]:
        """The term's blocks; ``stored``: the weights as float32, ``doc_lengths``: each
        posting's document's quantised field length (0: none). Returns their offset and
        length in the postings file."""
        postfile, limit = self._postings_file, self._block_limit
        begin = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        total = len(docs)
        for start in range(0, total, limit):
            end = min(start + limit, total)
            ids = docs[start:end]
            block_weights = weights[start:end]
            known = list(filter(None, doc_lengths[start:end]))
            data = (_deltas(ids), _mini_weights(stored[start:end]),
                    self._block_values(list(filter(None, values[start:end]))))
            databytes = dumps(data, PICKLE_PROTOCOL)
            comp = self._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
            if comp:
                databytes = zlib.compress(databytes, comp)
            infobytes = dumps((len(ids), ids[-1], max(0, max(block_weights)), comp,
                               length_to_byte(min(known) if known else None),
                               length_to_byte(max(known) if known else 0)), PICKLE_PROTOCOL)
            size = len(infobytes) + len(databytes)
            postfile.write(pack_int(-size if end == total else size))
            postfile.write(infobytes)
            postfile.write(databytes)
        return begin, postfile.tell() - begin

    def _block_values(self, values: list):
        if self._values_kind == "tuple":
            return tuple(values)
        if self._values_kind == "none":
            return None
        return b"".join(values)


def _deltas(ids) -> tuple[int, ...]:
    previous = 0
    out = []
    for i in ids:
        out.append(i - previous)
        previous = i
    return tuple(out)


def _mini_weights(weights: array):
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first  # a float: how the reader knows it is one
    return _listed(weights)


def _listed(weights) -> tuple:
    """The weights as a tuple to pickle: whole numbers (a frequency times a whole boost,
    nearly always) as ints, 2 bytes each in the pickle instead of 9 for a float; equal
    values, and the same scores, wherever they are read."""
    if all(map(float.is_integer, weights)):
        return tuple(map(int, weights))
    return tuple(weights)
