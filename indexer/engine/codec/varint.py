"""Unsigned integers in as few bytes as they need (LEB128: 7 bits a byte, low bits first,
the high bit set on every byte but the last): a document number under 128 takes one byte,
under 16,384 two. The compact terms file (``terms_file``, ``term_entries``) writes its
counts, document gaps, whole weights and offsets this way."""
from __future__ import annotations

from collections.abc import Sequence


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
    """``count`` varints from ``pos`` in ``data``, and the position after them."""
    end = pos + count
    chunk = data[pos:end]
    if len(chunk) == count and max(chunk, default=0) < 0x80:  # all one byte: most lists
        return list(chunk), end
    values = []
    for _ in range(count):
        value, pos = decode(data, pos)
        values.append(value)
    return values, pos
