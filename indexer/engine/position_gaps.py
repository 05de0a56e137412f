"""The gaps of many postings' packed positions (``codec.packed_positions``) at once, in a
loop compiled by numba (``jit``).

A phrase, and the "together as typed" bonus, need the positions of every candidate
article's posting: thousands of values for a name or a phrase with a common bigram.
Unpacking them one by one (an ``array`` each, then joined) is a Python call per posting,
most of such a search's first run; here the values are joined into one buffer and one loop
reads every gap. A value that is not a packed one (empty, an unknown type byte, a width its
length does not divide) raises ValueError.
"""
from __future__ import annotations

import functools

import numpy as np

# The type byte of each width (``packed_positions._WIDTHS``: "B", "H", "I"), little-endian.
_ONE, _TWO, _FOUR = ord("B"), ord("H"), ord("I")


def unpack_values(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The gaps of ``values`` (``pack_gaps`` values), one value's after another, and how
    many each has. Raises ValueError for a value that is not a packed one."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    return _compiled_unpack()(joined, lengths)


def width_of(code: int) -> int:
    """The width of a packed value's gaps by its type byte; 0 for an unknown type."""
    if code == _ONE:
        return 1
    if code == _TWO:
        return 2
    if code == _FOUR:
        return 4
    return 0


_width = width_of  # what ``_unpack`` calls, compiled by ``_compiled_unpack`` before it


def _unpack(joined, lengths):
    sizes = np.empty(len(lengths), dtype=np.int64)
    at = 0
    for i in range(len(lengths)):
        width = _width(joined[at]) if 0 < lengths[i] and at < len(joined) else 0
        if width == 0 or (lengths[i] - 1) % width:
            raise ValueError("a posting's value is not packed positions")
        sizes[i] = (lengths[i] - 1) // width
        at += lengths[i]
    if at != len(joined):
        raise ValueError("the values' lengths do not add up")
    flat = np.empty(sizes.sum(), dtype=np.int64)
    at, k = 0, 0
    for i in range(len(lengths)):
        width = _width(joined[at])
        byte = at + 1
        for _ in range(sizes[i]):
            gap = np.int64(0)
            for shift in range(width):
                gap |= np.int64(joined[byte + shift]) << (8 * shift)
            flat[k] = gap
            k += 1
            byte += width
        at += lengths[i]
    return flat, sizes


@functools.cache
def _compiled_unpack():
    global _width
    from .jit import compiled  # numba, imported on first use
    _width = compiled(width_of)
    return compiled(_unpack)
