"""The compact terms file of storage format 3: sorted keys in front-coded blocks, and a
sparse index of each block's first key.

Whoosh's ``whoosh3`` codec keeps its terms in a hash file (``OrderedHashWriter``): each
entry pays two lengths, a hash-table slot and a place in the ordered-position index, tens
of bytes per term, for hundreds of thousands of terms a segment. Here:

- the keys (field number and term bytes, strictly increasing) are cut into blocks of
  ``BLOCK_TERMS``; in a block each key is stored as the length it shares with the previous
  one and the rest (front coding: neighbouring bigrams of one field share most bytes),
  followed by its entry (``term_entries``); a block is compressed with zlib when that
  saves a fifth or more;
- after the blocks, the trailer (pickled): the field map, each block's first key and
  offset; then the trailer's offset and ``MAGIC``. A reader loads the trailer only;
  a look-up is a binary search among the first keys, then a compiled pass over one
  decompressed block (``block_search``).

Every reader of one file in a process (a searcher's, and a server thread has its own
searcher) shares what any of them has read (``FileState``): the trailer, the last
``CACHED_BLOCKS`` decompressed blocks, the last answers and walk starts. A server's threads
then find the terms its warm-up looked up, and each thread's first search no longer
unpickles every segment's trailer again (about 1 ms a segment of 10,000 articles).

A file that does not end as it should, or whose blocks do not decode, raises
``TermsFileDamaged`` naming it.
"""
from __future__ import annotations

import pickle
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from threading import Lock
from weakref import WeakValueDictionary

from ..inflate import inflate
from ..recent import Recent
from . import varint
from .block_search import find_entry

MAGIC = b"BKT3"
# Terms a block holds, and how hard it is compressed: on 2,000 articles, 128 terms at level
# 9 took 8.9 MB where 64 at level 6 took 9.7 MB.
BLOCK_TERMS = 128
# What the readers of one file keep (``FileState``). Decompressed blocks: a search looks a
# term up for its statistics, then for its postings, and common terms come back search after
# search; a block of 128 terms takes 5.7 KB decompressed (median of a 10,000-article
# segment; the largest 72 KB).
CACHED_BLOCKS = 64
# Answers of ``get``: entries, a few hundred bytes for most inlined lists, up to some KB
# for a list of 1,024 postings with their positions.
LOOKUPS_KEPT = 512
# Decoded blocks where walks start (a range or prefix search walks the same terms search
# after search; a walk's later blocks are not kept), 15 to 70 KB each. With the above, about
# 1 MB per file with blocks of the median size.
WALKS_KEPT = 16
# The states of files no open reader holds, kept for the next reader (a server thread's
# first search, after the warm-up's thread has ended; the segments of a searcher replaced
# after a commit): the last ones opened, enough for every segment of a large archive.
RECENT_FILES = 256
_RAW, _ZLIB = 0, 1
_TAIL = struct.Struct("<Q4s")  # the trailer's offset, MAGIC
_ZLIB_LEVEL = 9


class TermsFileDamaged(ValueError):
    """A compact terms file that cannot be read as it was written."""


class TermsFileWriter:
    """Writes keys and their entries, in increasing key order, to ``dbfile`` (a Whoosh
    ``StructFile``); ``close`` writes the trailer with the field map and closes it."""

    def __init__(self, dbfile) -> None:
        self._file = dbfile
        self._file.write(MAGIC)
        self._keys: list[bytes] = []
        self._entries: list[bytes] = []
        self._first_keys: list[bytes] = []
        self._offsets: list[int] = []
        self._last = b""
        self.term_count = 0

    def add(self, key: bytes, entry: bytes) -> None:
        if key <= self._last and self.term_count:
            raise ValueError(f"Keys must increase: {self._last!r}..{key!r}")
        self._last = key
        self._keys.append(key)
        self._entries.append(entry)
        self.term_count += 1
        if len(self._keys) == BLOCK_TERMS:
            self._write_block()

    def _write_block(self) -> None:
        if not self._keys:
            return
        parts = []
        previous = b""
        for key, entry in zip(self._keys, self._entries, strict=True):
            shared = _shared_prefix(previous, key)
            parts += (varint.encode(shared), varint.encode(len(key) - shared), key[shared:],
                      varint.encode(len(entry)), entry)
            previous = key
        body = b"".join(parts)
        packed = zlib.compress(body, _ZLIB_LEVEL)
        block = (bytes((_ZLIB,)) + packed if len(packed) * 5 <= len(body) * 4
                 else bytes((_RAW,)) + body)
        self._first_keys.append(self._keys[0])
        self._offsets.append(self._file.tell())
        self._file.write(block)
        self._keys, self._entries = [], []

    def close(self, fieldmap: dict[str, int]) -> None:
        self._write_block()
        trailer_at = self._file.tell()
        self._file.write(pickle.dumps({"fieldmap": fieldmap, "first_keys": self._first_keys,
                                       "offsets": self._offsets,
                                       "terms": self.term_count}, 4))
        self._file.write(_TAIL.pack(trailer_at, MAGIC))
        self._file.close()


def _shared_prefix(a: bytes, b: bytes) -> int:
    limit = min(len(a), len(b))
    i = 0
    while i < limit and a[i] == b[i]:
        i += 1
    return i


def _entries(body: bytes) -> tuple[list[bytes], list[bytes]]:
    """The keys and entries of a decompressed block. The varints of one byte (nearly all:
    a shared prefix, a key's rest, most entries' lengths) are read here rather than by
    ``varint.decode``: a look-up decodes a whole block, and this loop is most of a similar
    articles search (1.6x faster so). Raises IndexError or ValueError where ``body`` is
    not a block."""
    keys, entries = [], []
    key, pos, size = b"", 0, len(body)
    decode = varint.decode
    while pos < size:
        shared = body[pos]
        if shared < 0x80:
            pos += 1
        else:
            shared, pos = decode(body, pos)
        rest = body[pos]
        if rest < 0x80:
            pos += 1
        else:
            rest, pos = decode(body, pos)
        end = pos + rest
        key = key[:shared] + body[pos:end]
        keys.append(key)
        length = body[end]
        if length < 0x80:
            pos = end + 1
        else:
            length, pos = decode(body, end)
        end = pos + length
        entries.append(body[pos:end])
        pos = end
    if pos != size:
        raise ValueError("a block's last entry runs past its end")
    return keys, entries


@dataclass(eq=False)
class FileState:
    """What the readers of one terms file share: its trailer, as read, and what they have
    read from its blocks."""

    fieldmap: dict[str, int]
    first_keys: list[bytes]
    bounds: list[int]  # each block's offset, then the trailer's
    term_count: int
    blocks: Recent = field(default_factory=lambda: Recent(CACHED_BLOCKS))
    lookups: Recent = field(default_factory=lambda: Recent(LOOKUPS_KEPT))
    walks: Recent = field(default_factory=lambda: Recent(WALKS_KEPT))


# The state of each file a reader holds, and of the last ones opened, by what identifies a
# file's content: its name (a segment's id in it), length, and its trailer's offset and
# checksum (the first key and offset of every block).
_states: WeakValueDictionary[tuple, FileState] = WeakValueDictionary()
_recent = Recent(RECENT_FILES)
_states_lock = Lock()


def _file_state(name: str, length: int, trailer_at: int, trailer: bytes) -> FileState:
    """The state shared by the readers of this file, its trailer unpickled by the first."""
    key = (name, length, trailer_at, zlib.crc32(trailer))
    with _states_lock:
        state = _states.get(key)
    if state is None:
        read = pickle.loads(trailer)
        state = FileState(read["fieldmap"], read["first_keys"],
                          [*read["offsets"], trailer_at], read["terms"])
        with _states_lock:
            state = _states.setdefault(key, state)
    _recent.get(key, lambda: state)
    return state


class TermsFileReader:
    """Look-ups and ordered walks over a compact terms file (``dbfile``: a Whoosh
    ``StructFile`` of ``length`` bytes, named ``name`` in errors)."""

    def __init__(self, dbfile, length: int, name: str) -> None:
        self._file = dbfile
        self.name = name
        try:
            if length < len(MAGIC) + _TAIL.size or dbfile.get(0, len(MAGIC)) != MAGIC:
                raise ValueError("it does not start as a compact terms file")
            trailer_at, magic = _TAIL.unpack(dbfile.get(length - _TAIL.size, _TAIL.size))
            if magic != MAGIC or not len(MAGIC) <= trailer_at <= length - _TAIL.size:
                raise ValueError("it does not end as a compact terms file (truncated?)")
            state = _file_state(name, length, trailer_at,
                                dbfile.get(trailer_at, length - _TAIL.size - trailer_at))
        except (ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError,
                struct.error) as exc:
            raise self._damaged(exc) from exc
        self._state = state
        self.fieldmap = state.fieldmap
        self.term_count = state.term_count
        self._first_keys = state.first_keys
        self._bounds = state.bounds

    def _damaged(self, exc: BaseException) -> TermsFileDamaged:
        return TermsFileDamaged(f"the terms file {self.name} is damaged: {exc}")

    def _body(self, number: int) -> bytes:
        """Block ``number`` decompressed, its first key checked against the trailer's."""
        start, end = self._bounds[number], self._bounds[number + 1]
        first = self._first_keys[number]
        try:
            raw = self._file.get(start, end - start)
            if raw[0] not in (_RAW, _ZLIB):
                raise ValueError(f"unknown block kind {raw[0]}")
            body = inflate(raw[1:]) if raw[0] == _ZLIB else raw[1:]
        except (IndexError, ValueError, zlib.error) as exc:
            raise self._damaged(exc) from exc
        if not body.startswith(varint.encode(0) + varint.encode(len(first)) + first):
            raise self._damaged(ValueError(f"block {number} does not decode to its keys"))
        return body

    def _decode(self, number: int) -> tuple[list[bytes], list[bytes]]:
        return self._parsed(self._block(number))

    def _walked(self, number: int) -> tuple[list[bytes], list[bytes]]:
        """Block ``number`` decoded, where a walk starts."""
        return self._state.walks.get(number, lambda: self._decode(number))

    def _parsed(self, body: bytes) -> tuple[list[bytes], list[bytes]]:
        try:
            return _entries(body)
        except (IndexError, ValueError) as exc:
            raise self._damaged(exc) from exc

    def _block(self, number: int) -> bytes:
        return self._state.blocks.get(number, lambda: self._body(number))

    def get(self, key: bytes) -> bytes | None:
        """The entry of ``key``; None when the file has no such key (the last
        ``LOOKUPS_KEPT`` answers are kept)."""
        return self._state.lookups.get(key, lambda: self._look_up(key))

    def _look_up(self, key: bytes) -> bytes | None:
        """``get``, found in the key's block without decoding it (``block_search``)."""
        number = bisect_right(self._first_keys, key) - 1
        if number < 0:
            return None
        body = self._block(number)
        try:
            start, end = find_entry(body, key)
        except ValueError as exc:
            raise self._damaged(exc) from exc
        return body[start:end] if start >= 0 else None

    def items_from(self, key: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        """(key, entry) from the first key at or after ``key``, in key order, to the end
        of the file. Blocks read past the first are not kept (a walk over every term does
        not push out the blocks searches use)."""
        number = max(0, bisect_right(self._first_keys, key) - 1)
        if number >= len(self._first_keys):
            return
        keys, entries = self._walked(number)
        i = bisect_left(keys, key)
        yield from zip(keys[i:], entries[i:], strict=True)
        for later in range(number + 1, len(self._first_keys)):
            found = self._parsed(self._state.blocks.peek(later, use=False)
                                 or self._body(later))
            yield from zip(*found, strict=True)

    def close(self) -> None:
        self._file.close()
