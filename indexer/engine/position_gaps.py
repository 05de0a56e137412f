"""The gaps of many postings' packed positions (``codec.packed_positions``) at once, in a
loop compiled by numba (``jit``).

A phrase, and the "together as typed" bonus, need the positions of every candidate
article's posting: thousands of values for a name or a phrase with a common bigram.
Unpacking them one by one (an ``array`` each, then joined) is a Python call per posting,
most of such a search's first run; here the values are joined into one buffer and one loop
reads every gap. A value that is not a packed one (empty, an unknown type byte, a width its
length does not divide) raises ValueError.

``phrase_keys`` goes one step further for a phrase: from the values of one of its bigrams it
makes the keys of the phrase's possible starts and keeps those another bigram's keys have,
in the same pass (numpy took a dozen calls a bigram, on arrays of a few hundred, a fifth of
a phrase's first search over a million articles).
"""
from __future__ import annotations

import functools

import numpy as np

# The type byte of each width (``packed_positions._WIDTHS``: "B", "H", "I"), little-endian.
_ONE, _TWO, _FOUR = ord("B"), ord("H"), ord("I")


def unpack_values(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The gaps of ``values`` (``pack_gaps`` values), one value's after another, and how
    many each has. Raises ValueError for a value that is not a packed one."""
    return _compiled_unpack()(*_joined(values))


def phrase_keys(values: list[bytes], offset: int, among: np.ndarray | None) -> np.ndarray:
    """For ``values`` (``pack_gaps`` values, the n-th of the n-th article), the keys ``n <<
    32 | position - offset`` of each of their positions, ascending; with ``among`` (such
    keys, ascending), only the keys it has. Raises ValueError for a value that is not a
    packed one."""
    only = among is not None
    return _compiled_keys()(*_joined(values), offset, among if only else _NO_KEYS, only)


def positions_of(flat: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Positions from gaps: ``flat`` holds the gaps of several postings one after another
    (``sizes`` of each); each posting's gaps are summed from its own first."""
    running = np.cumsum(flat)
    ends = np.cumsum(sizes)
    before = np.concatenate(([0], running[ends[:-1] - 1])) if len(sizes) else running[:0]
    return running - np.repeat(before, sizes)


def _joined(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return np.frombuffer(b"".join(values), dtype=np.uint8), lengths


def width_of(code: int) -> int:
    """The width of a packed value's gaps by its type byte; 0 for an unknown type."""
    if code == _ONE:
        return 1
    if code == _TWO:
        return 2
    if code == _FOUR:
        return 4
    return 0


def gap_counts(joined, lengths):
    """How many gaps each value holds; ValueError for a value that is not a packed one."""
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
    return sizes


def gap_at(joined, byte, width):
    """The little-endian gap of ``width`` bytes at ``byte``."""
    gap = np.int64(0)
    for shift in range(width):
        gap |= np.int64(joined[byte + shift]) << (8 * shift)
    return gap


# What ``_unpack`` and ``_keys`` call, compiled by ``_compiled_unpack`` before them.
_width, _counts, _gap = width_of, gap_counts, gap_at
_NO_KEYS = np.empty(0, dtype=np.int64)


def _unpack(joined, lengths):
    sizes = _counts(joined, lengths)
    flat = np.empty(sizes.sum(), dtype=np.int64)
    at, k = 0, 0
    for i in range(len(lengths)):
        width = _width(joined[at])
        byte = at + 1
        for _ in range(sizes[i]):
            flat[k] = _gap(joined, byte, width)
            k += 1
            byte += width
        at += lengths[i]
    return flat, sizes


def _keys(joined, lengths, offset, among, only):
    sizes = _counts(joined, lengths)
    out = np.empty(min(sizes.sum(), len(among)) if only else sizes.sum(), dtype=np.int64)
    at, k, j = 0, 0, 0
    for i in range(len(lengths)):
        width = _width(joined[at])
        byte = at + 1
        key = (np.int64(i) << 32) - offset
        for g in range(sizes[i]):
            gap = _gap(joined, byte, width)
            if g and not gap:  # a damaged value repeats a position
                raise ValueError("a posting's positions are not ascending")
            key += gap
            byte += width
            if not only:
                out[k] = key
                k += 1
                continue
            while j < len(among) and among[j] < key:
                j += 1
            if j < len(among) and among[j] == key:
                out[k] = key
                k += 1
        at += lengths[i]
    return out[:k]


@functools.cache
def _compiled_unpack():
    global _width, _counts, _gap
    from .jit import compiled  # numba, imported on first use
    _width = compiled(width_of)
    _counts, _gap = compiled(gap_counts), compiled(gap_at)
    return compiled(_unpack)


@functools.cache
def _compiled_keys():
    from .jit import compiled
    _compiled_unpack()  # compiles what ``_keys`` calls
    return compiled(_keys)
