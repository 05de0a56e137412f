"""A posting's positions as one packed array of gaps, instead of Whoosh's pickled list.

Whoosh's ``Positions`` format stores a posting's value as a 4-byte count followed by a
pickled Python list of gaps: 13 bytes of overhead for a one-position posting (most of the
bigram view's postings are that), and 2 or 3 bytes per further gap. ``PackedPositions``
stores one type byte (``B``, ``H`` or ``I``: the narrowest unsigned width holding every
gap) followed by the gaps, little-endian: 2 or 3 bytes for one position, 1 or 2 per gap.
Encoding and decoding are single C-level calls (``array``), no slower than the pickle.

The format object is pickled into the index's schema, so an index written before it keeps
Whoosh's ``Positions`` and is read and extended as it was written; ``value_gaps`` reads
either.
"""
from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate
from operator import sub
from pickle import loads

from whoosh.formats import Format, Positions

from ..whoosh_private import POSITIONS_COUNT_SIZE

# Type codes by width, narrowest first, with the largest gap each holds.
_WIDTHS = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFFFFFF))
_ITEM_SIZE = {code: array(code).itemsize for code, _ in _WIDTHS}
_SWAP = sys.byteorder != "little"


def pack_gaps(positions: Sequence[int]) -> bytes:
    """The value of a posting at ``positions`` (ascending): its type byte, then its gaps."""
    gaps = list(map(sub, positions, [0, *positions[:-1]]))
    widest = max(gaps, default=0)
    code = next(code for code, limit in _WIDTHS if widest <= limit)
    packed = array(code, gaps)
    if _SWAP:
        packed.byteswap()
    return code.encode("ascii") + packed.tobytes()


def unpack_gaps(value: bytes) -> array:
    """The gaps of a ``pack_gaps`` value (the first is the first position)."""
    gaps = array(chr(value[0]))
    gaps.frombytes(value[1:])
    if _SWAP:
        gaps.byteswap()
    return gaps


class PackedPositions(Positions):
    """Whoosh's ``Positions`` (frequency, weight, positions), each value packed by
    ``pack_gaps``. Phrase queries, Whoosh's writer and merges read it through these
    methods."""

    def encode(self, poslist: Sequence[int]) -> bytes:
        return pack_gaps(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(accumulate(unpack_gaps(valuestring)))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // _ITEM_SIZE[chr(valuestring[0])]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def _pickled_gaps(value: bytes) -> list[int]:
    """Whoosh's ``Positions`` value: a 4-byte count, then the pickled list of gaps."""
    return loads(value[POSITIONS_COUNT_SIZE:])


def value_gaps(fmt: Format) -> Callable[[bytes], Sequence[int]]:
    """How to read the gaps of a posting value of the positional format ``fmt`` (the
    field's format in the index's own schema): packed, or Whoosh's pickled list. Raises
    TypeError for a format without positions, or one not known here."""
    if isinstance(fmt, PackedPositions):
        return unpack_gaps
    if type(fmt) is Positions:
        return _pickled_gaps
    raise TypeError(f"no positions to read in a {type(fmt).__name__} posting")
