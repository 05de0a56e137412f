"""One term's entry in the compact terms file (storage format 3): its statistics and, for a
term in few documents, its postings, as packed bytes.

Whoosh's ``whoosh3`` codec gives every term a 27-byte statistics record (float total
weight, int document frequency, two length bytes, float highest weight, int first and last
document) followed by its inlined postings as a pickled tuple. Most terms of a newspaper
archive are character bigrams seen in one article, so that fixed cost, not the postings,
made most of the index. Here an entry is:

- a flags byte (``INLINED``, ``LISTED_WEIGHTS``, ``FLOAT_WEIGHTS``, ``SINGLE``,
  ``SAME_LENGTH``, and the kind of values in the top bits);
- the shortest and longest field length of its documents as Whoosh's length bytes (one
  byte when they are equal, as for every term in one document);
- inlined (``INLINED``): the number of postings (left out for one: ``SINGLE``); from
  ``STATED_FROM`` postings on (``STATED``), the total and highest weight and the distance
  from the first document to the last, so that the statistics of a long list are read
  without decoding it; the first document and the gaps to the next ones as varints; the
  weights when they are not all 1 (varints when all are whole, else float32); the values
  (``VALUES_*``). Shorter lists' statistics are derived from their postings;
- otherwise: the document frequency, total weight and highest weight (varints when whole,
  else float32), the first document and the distance to the last, and the extent of its
  blocks in the postings file (Whoosh's ``W3LeafMatcher`` reads them).

Weights are stored as the ``whoosh3`` codec stores them (float32) and the derived totals
are rounded to float32 as it rounds them: every statistic reads back equal to what the
``whoosh3`` codec gives for the same postings, so scores are the same.
"""
from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, pairwise

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.util.numeric import byte_to_length, length_to_byte

from . import varint

INLINED = 0x01
LISTED_WEIGHTS = 0x02  # inlined weights follow (else every weight is 1)
FLOAT_WEIGHTS = 0x04  # weights (or, for blocks, the total and highest) are float32
SINGLE = 0x08  # one posting: no count
SAME_LENGTH = 0x10  # one length byte (shortest = longest)
STATED = 0x80  # an inlined list's total and highest weight and last document are stored
_VALUES_SHIFT = 5  # two bits: the kind of values
_VALUES_MASK = 0x03
VALUES_NONE = 0  # every value is empty (fields without positions or counts)
VALUES_UINT = 1  # every value is 4 bytes, a big-endian count (Whoosh's ``Frequency``)
VALUES_BYTES = 2  # each value's length as a varint, then the values one after the other

# Inlined lists of this many postings or more carry their statistics (``STATED``): a
# look-up of their document frequency or weight, made for every term of every search, then
# decodes nothing (a 1,000-posting list took about a tenth of a millisecond).
STATED_FROM = 32

_FLOAT32 = struct.Struct("<f")
_UINT = struct.Struct("!I")


class Slices(Sequence[bytes]):
    """Values stored one after another in ``data``: value i is ``data[starts[i]:starts[i +
    1]]``, cut when asked for. A phrase's first search reads hundreds of inlined lists of
    up to a thousand postings for the positions of a few of them: cutting every value
    took a fifth of its time."""

    __slots__ = ("_data", "_starts", "_every")

    def __init__(self, data: bytes, starts: list[int]) -> None:
        self._data = data
        self._starts = starts
        self._every: list[bytes] | None = None

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.taken(range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("value index out of range")
        return self._data[self._starts[i]:self._starts[i + 1]]

    def __iter__(self) -> Iterator[bytes]:
        """Every value, cut once and kept: a search joining the lists of its words over
        every segment goes through all of them, search after search."""
        if self._every is None:
            starts = self._starts
            self._every = list(map(self._data.__getitem__, map(slice, starts, starts[1:])))
        return iter(self._every)

    def taken(self, indices: Iterable[int]) -> list[bytes]:
        """The values at ``indices`` (each from 0 to ``len(self) - 1``)."""
        data, starts = self._data, self._starts
        return [data[starts[i]:starts[i + 1]] for i in indices]


def float32(value: float) -> float:
    """``value`` rounded to float32, as the ``whoosh3`` codec stores weights."""
    return _FLOAT32.unpack(_FLOAT32.pack(value))[0]


def _whole(values) -> bool:
    return all(v >= 0 and float(v).is_integer() for v in values)


def _length_bytes(doc_lengths) -> tuple[int, int]:
    """Whoosh's length bytes of the shortest and longest of ``doc_lengths`` (0: none)."""
    known = [length for length in doc_lengths if length]
    if not known:
        return 0, 0
    return length_to_byte(min(known)), length_to_byte(max(known))


def _lengths_part(flags: int, doc_lengths) -> tuple[int, bytes]:
    low, high = _length_bytes(doc_lengths)
    if low == high:
        return flags | SAME_LENGTH, bytes((low,))
    return flags, bytes((low, high))


def _number_part(value: float, floats: bool) -> bytes:
    return _FLOAT32.pack(value) if floats else varint.encode(int(value))


def encode_inlined(docs, weights, values, doc_lengths) -> bytes:
    """The entry of a term with its postings inlined: ``docs`` ascending, ``weights`` (as
    float32), ``values`` (bytes, one per posting), each posting's document's field length
    (0: none)."""
    flags, lengths = _lengths_part(INLINED, doc_lengths)
    count = b""
    if len(docs) == 1:
        flags |= SINGLE
        ids = varint.encode(docs[0])
    else:
        count = varint.encode(len(docs))
        ids = varint.encode_all([docs[0], *(b - a for a, b in pairwise(docs))])
    listed = b""
    if any(w != 1.0 for w in weights):
        flags |= LISTED_WEIGHTS
        if _whole(weights):
            listed = varint.encode_all([int(w) for w in weights])
        else:
            flags |= FLOAT_WEIGHTS
            listed = _little_endian(array("f", weights)).tobytes()
    stated = b""
    if len(docs) >= STATED_FROM:
        flags |= STATED
        floats = bool(flags & FLOAT_WEIGHTS)
        stated = (_number_part(float32(sum(weights)), floats)
                  + _number_part(float32(max(0.0, max(weights))), floats)
                  + varint.encode(docs[-1] - docs[0]))
    kind, value_part = _values_part(values)
    return (bytes((flags | kind << _VALUES_SHIFT,)) + lengths + count + stated + ids + listed
            + value_part)


def _values_part(values) -> tuple[int, bytes]:
    if not any(values):
        return VALUES_NONE, b""
    if all(len(v) == 4 for v in values):
        return VALUES_UINT, varint.encode_all([_UINT.unpack(v)[0] for v in values])
    return VALUES_BYTES, varint.encode_all([len(v) for v in values]) + b"".join(values)


def encode_extent(docs, weights, doc_lengths, offset: int, length: int) -> bytes:
    """The entry of a term whose postings are blocks at ``offset`` (``length`` bytes) in the
    postings file; the other arguments as for ``encode_inlined``."""
    total = float32(sum(weights))
    highest = float32(max(0.0, max(weights)))
    floats = not _whole((total, highest))
    flags, lengths = _lengths_part(FLOAT_WEIGHTS if floats else 0, doc_lengths)
    return (bytes((flags,)) + lengths + varint.encode(len(docs))
            + _number_part(total, floats) + _number_part(highest, floats)
            + varint.encode(docs[0]) + varint.encode(docs[-1] - docs[0])
            + varint.encode(offset) + varint.encode(length))


def _little_endian(packed: array) -> array:
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        packed.byteswap()
    return packed


def _read_numbers(entry: bytes, pos: int, floats: bool) -> tuple[float, float, int]:
    """A total and a highest weight at ``pos`` (two float32, or two varints), and the
    position after them."""
    if floats:
        total, highest = _FLOAT32.unpack_from(entry, pos)[0], \
            _FLOAT32.unpack_from(entry, pos + 4)[0]
        return total, highest, pos + 8
    whole, pos = varint.decode(entry, pos)
    most, pos = varint.decode(entry, pos)
    return float(whole), float(most), pos


def _inlined_head(entry: bytes, flags: int, pos: int
                  ) -> tuple[int, tuple[float, float, int] | None, int]:
    """An inlined entry's count of postings, its stored statistics (total and highest
    weight, span from the first document to the last; None when not ``STATED``) and where
    its postings start, read from ``pos`` (after the length bytes)."""
    if flags & SINGLE:
        return 1, None, pos
    count, pos = varint.decode(entry, pos)
    if not flags & STATED:
        return count, None, pos
    total, highest, pos = _read_numbers(entry, pos, bool(flags & FLOAT_WEIGHTS))
    span, pos = varint.decode(entry, pos)
    return count, (total, highest, span), pos


def doc_frequency(entry: bytes) -> int:
    """How many documents an entry's term is in, read from the entry's head alone: what
    ``CompactTermInfo(entry).doc_frequency()`` gives without decoding an inlined list
    (ranking asks it of every term in every segment)."""
    flags = entry[0]
    if flags & INLINED and flags & SINGLE:
        return 1
    return varint.decode(entry, 2 if flags & SAME_LENGTH else 3)[0]


def inlined_ids(entry: bytes) -> list[int] | None:
    """The document numbers (ascending) of an entry's inlined postings, None when they are
    in the postings file: what ``CompactTermInfo`` reads, without its statistics, weights
    and values (a facet's many short lists are read this way)."""
    flags = entry[0]
    if not flags & INLINED:
        return None
    count, _, pos = _inlined_head(entry, flags, 2 if flags & SAME_LENGTH else 3)
    if flags & SINGLE:
        return [varint.decode(entry, pos)[0]]
    gaps, _ = varint.decode_many(entry, pos, count)
    return list(accumulate(gaps))


class CompactTermInfo(W3TermInfo):
    """A term's statistics read from its compact entry, with Whoosh's term-info interface
    (``weight()``, ``doc_frequency()``, ``min_length()`` ... ``is_inlined()``,
    ``inlined_postings()``, ``extent()``), so Whoosh's searcher, its matchers and the
    ``whoosh3`` codec's ``postings_reader`` read it as their own. The statistics are kept
    in the attributes of Whoosh's ``TermInfo``: Whoosh's ``MultiReader`` shifts the first
    and last document there. Inlined values are decoded when the postings are asked for."""

    def __init__(self, entry: bytes) -> None:
        super().__init__()
        flags = entry[0]
        low = byte_to_length(entry[1])
        high, pos = (low, 2) if flags & SAME_LENGTH else (byte_to_length(entry[2]), 3)
        self._minlength = low
        self._maxlength = high
        self._entry = entry
        self._ids: list[int] | None = []
        self._weights: list | tuple = ()
        self._postings_at = 0
        self._values_at = 0
        if flags & INLINED:
            self._read_inlined(flags, pos)
        else:
            self._read_extent(flags, pos)

    def _read_inlined(self, flags: int, pos: int) -> None:
        entry = self._entry
        self._inlined = True
        count, stated, pos = _inlined_head(entry, flags, pos)
        self._df = count
        if stated is not None:  # the statistics are stored: the postings are read when asked
            total, highest, span = stated
            first, _ = varint.decode(entry, pos)  # the first posting's document, peeked
            self._stated(total, highest, first, span)
            self._postings_at = pos
            self._ids = None
            return
        self._postings_at = pos
        self._read_postings()
        ids, weights = self._ids, self._weights
        self._minid = ids[0]
        self._maxid = ids[-1]
        if weights:
            self._weight = float32(float(sum(weights)))
            self._maxweight = float32(float(max(0, max(weights))))
        else:
            self._weight = float(count)
            self._maxweight = 1.0

    def _read_postings(self) -> None:
        """Decode the inlined documents and weights (from ``_postings_at``)."""
        entry, pos, count = self._entry, self._postings_at, self._df
        flags = entry[0]
        if flags & SINGLE:
            doc, pos = varint.decode(entry, pos)
            ids = [doc]
        else:
            gaps, pos = varint.decode_many(entry, pos, count)
            ids = list(accumulate(gaps))
        weights: list | tuple = ()
        if flags & LISTED_WEIGHTS:
            if flags & FLOAT_WEIGHTS:
                end = pos + 4 * count
                packed = array("f")
                packed.frombytes(entry[pos:end])
                weights = _little_endian(packed).tolist()
                pos = end
            else:
                weights, pos = varint.decode_many(entry, pos, count)
        self._ids = ids
        self._weights = weights
        self._values_at = pos

    def _read_extent(self, flags: int, pos: int) -> None:
        entry = self._entry
        df, pos = varint.decode(entry, pos)
        total, highest, pos = _read_numbers(entry, pos, bool(flags & FLOAT_WEIGHTS))
        first, pos = varint.decode(entry, pos)
        span, pos = varint.decode(entry, pos)
        offset, pos = varint.decode(entry, pos)
        length, pos = varint.decode(entry, pos)
        self._df = df
        self._stated(total, highest, first, span)
        self._offset = offset
        self._length = length
        self._inlined = None

    def _stated(self, total: float, highest: float, first: int, span: int) -> None:
        """Take the statistics an entry stores: total and highest weight, first document and
        the span to the last."""
        self._weight = total
        self._maxweight = highest
        self._minid = first
        self._maxid = first + span

    def inlined_postings(self, sliced: bool = False) -> tuple | None:
        """(document numbers, weights: empty when all are 1, values: empty when all are
        empty), as a ``ListMatcher`` reads them; None for a term stored in blocks.
        ``sliced``: the values as ``Slices``, each cut from the entry when asked for (a
        search reads the positions of some of a list's postings only)."""
        if self._inlined is None:
            return None
        if self._ids is None:
            self._read_postings()
        values = self._values()
        return self._ids, self._weights, values if sliced else tuple(values)

    def _values(self) -> Sequence[bytes]:
        entry, pos = self._entry, self._values_at
        kind = (entry[0] >> _VALUES_SHIFT) & _VALUES_MASK
        count = len(self._ids)
        if kind == VALUES_NONE:
            return ()
        if kind == VALUES_UINT:
            numbers, _ = varint.decode_many(entry, pos, count)
            return tuple(map(_UINT.pack, numbers))
        if kind != VALUES_BYTES:
            raise ValueError(f"unknown kind of values {kind} in a term entry")
        sizes, pos = varint.decode_many(entry, pos, count)
        starts = list(accumulate(sizes, initial=pos))
        if starts[-1] != len(entry):
            raise ValueError("a term entry's values do not end where the entry does")
        return Slices(entry, starts)

    def to_bytes(self) -> bytes:
        raise NotImplementedError("a compact term entry is written by term_entries' "
                                  "encode_inlined and encode_extent")
