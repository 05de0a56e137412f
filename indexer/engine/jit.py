"""Loops compiled by numba, for the few hot paths numpy can only do in many passes, or Python
only a call at a time: facet counts (``counting``), BM25F sums (``bm25``), the positions of
many postings (``position_gaps``), a term's entry in its block of the terms file
(``codec.block_search``) and long lists of varints (``codec.varint``).

``compiled`` compiles a function the first time it runs and keeps the machine code in
numba's cache (beside the module, else in the user's cache folder): a server compiles once
per installation (about a second a function) and its warm-up loads them (half a second)
before the first user's search. Where numba finds no writable place for its cache the
functions are compiled at each start instead. Compiled code checks no bounds: each function
checks what it indexes with (document numbers, where a buffer ends) and raises; the tables
it reads (codes within their values, offsets) are checked where they are built or read from
a file.

The modules that use it are imported on first use (importing numba takes 0.3 s, which
commands that search nothing would otherwise wait for).
"""
from __future__ import annotations

import numba


def compiled(function):
    """``function`` compiled by numba (without the GIL held), cached when it can be."""
    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return numba.njit(nogil=True)(function)
