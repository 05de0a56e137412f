"""One key's entry in a block of the compact terms file (``terms_file``), found by a loop
compiled by numba (``indexer.engine.jit``) without decoding the block.

A search looks each of its terms up in every segment: a few hundred look-ups for a phrase
over a large archive, each in a block of 128 front-coded keys. Decoding the whole block into
Python lists (``terms_file._entries``) took a third of a millisecond a look-up, most of a
phrase's first search; here one pass rebuilds each key in a buffer and stops at the key
looked for, or at the first one past it (keys increase). A block that runs past its end
raises ValueError.
"""
from __future__ import annotations

import functools

import numpy as np


def find_entry(body: bytes, key: bytes) -> tuple[int, int]:
    """Where the entry of ``key`` starts and ends in the decompressed block ``body``;
    (-1, -1) when the block has no such key. Raises ValueError for a damaged block."""
    start, end = _compiled_find()(np.frombuffer(body, dtype=np.uint8),
                                  np.frombuffer(key, dtype=np.uint8))
    return int(start), int(end)


def varint_at(data, pos):
    """The LEB128 varint at ``pos`` (``codec.varint``) and the position after it; -1 as
    the position when ``data`` ends inside it or it runs past 63 bits."""
    value, shift = 0, 0
    while pos < len(data) and shift < 63:
        byte = np.int64(data[pos])
        value |= (byte & 0x7F) << shift
        pos += 1
        if byte < 0x80:
            return value, pos
        shift += 7
    return 0, -1


def compare_keys(current, length, key):
    """-1, 0 or 1 as the first ``length`` bytes of ``current`` sort before, as, or after
    ``key``."""
    for i in range(min(length, len(key))):
        if current[i] != key[i]:
            return -1 if current[i] < key[i] else 1
    if length == len(key):
        return 0
    return -1 if length < len(key) else 1


# What ``_find`` calls: the functions above, compiled by ``_compiled_find`` before it. The
# varint reader is this module's own, not ``codec.varint``'s loop: numba's cache takes a
# compiled function for stale only when its own file changes (see ``indexer.engine.bm25``).
_varint, _compare = varint_at, compare_keys


def _find(body, key):
    size = len(body)
    current = np.empty(size, dtype=np.uint8)  # the key being rebuilt: never longer
    length, pos = 0, 0
    while pos < size:
        shared, pos = _varint(body, pos)
        if pos < 0:
            break
        rest, pos = _varint(body, pos)
        if pos < 0 or shared > length or rest > size - pos:
            break
        current[shared:shared + rest] = body[pos:pos + rest]
        length, pos = shared + rest, pos + rest
        entry, pos = _varint(body, pos)
        if pos < 0 or entry > size - pos:
            break
        order = _compare(current, length, key)
        if order == 0:
            return pos, pos + entry
        if order > 0:
            return -1, -1
        pos += entry
    else:
        return -1, -1
    raise ValueError("a block's keys run past its end")


@functools.cache
def _compiled_find():
    global _varint, _compare
    from ..jit import compiled  # numba, imported on first use
    _varint, _compare = compiled(varint_at), compiled(compare_keys)
    return compiled(_find)
