"""Unsigned integers in as few bytes as they need (LEB128: 7 bits a byte, low bits first,
the high bit set on every byte but the last): a document number under 128 takes one byte,
under 16,384 two. The compact terms file (``terms_file``, ``term_entries``) writes its
counts, document gaps, whole weights and offsets this way."""
from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np


def encode(value: int) -> bytes:
    """``value`` (0 or more) as a varint."""
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def encode_all(values: Sequence[int]) -> bytes:
    """The varints of ``values``, one after the other."""
    if max(values, default=0) < 0x80:
        return bytes(values)
    return b"".join(map(encode, values))


def decode(data: bytes, pos: int) -> tuple[int, int]:
    """The varint at ``pos`` in ``data`` and the position after it. Raises IndexError when
    ``data`` ends inside it."""
    byte = data[pos]
    if byte < 0x80:
        return byte, pos + 1
    value, shift = byte & 0x7F, 7
    while True:
        pos += 1
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos + 1
        shift += 7


def decode_many(data: bytes, pos: int, count: int) -> tuple[list[int], int]:
    """``count`` varints from ``pos`` in ``data``, and the position after them. Raises
    IndexError when ``data`` ends inside them; a long list, ValueError for a varint of more
    than 63 bits (none is written)."""
    end = pos + count
    chunk = data[pos:end]
    if len(chunk) == count and max(chunk, default=0) < 0x80:  # all one byte: most lists
        return list(chunk), end
    if count > COMPILED_FROM:  # a long list (the gaps of an inlined list of postings)
        values, pos = _compiled_decode()(np.frombuffer(data, dtype=np.uint8), pos, count)
        if pos == -2:
            raise ValueError("a varint of more than 63 bits")
        if pos < 0:
            raise IndexError("the data ends inside a varint")
        return values.tolist(), pos
    values = []
    for _ in range(count):
        value, pos = decode(data, pos)
        values.append(value)
    return values, pos


# From how many varints ``decode_many`` reads them in a loop compiled by numba
# (``indexer.engine.jit``): a shorter list costs less than the call.
COMPILED_FROM = 24


def _decode_array(data, pos, count):
    values = np.empty(count, dtype=np.int64)
    size = len(data)
    for i in range(count):
        value, shift = 0, 0
        while True:
            if pos >= size:
                return values, -1
            if shift >= 63:
                return values, -2
            byte = np.int64(data[pos])
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        values[i] = value
    return values, pos


@functools.cache
def _compiled_decode():
    from ..jit import compiled  # numba, imported on first use
    return compiled(_decode_array)
