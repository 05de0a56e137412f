"""The term writer's own shortcuts give what Whoosh's code gives: the hash of a term-index
key, and compressed blocks that Whoosh's reader decompresses (small and large)."""
from __future__ import annotations

import pickle
import zlib

from whoosh.filedb.filetables import md5_hash

from indexer.term_writer import SMALL_BLOCK, _compress, key_hash


def test_key_hash_is_whooshs_md5_hash() -> None:
    keys = [b"", b"\x00\x03", "\x00\x05改革".encode(), "\x00\x01人民代表大会".encode() * 40]
    keys += [bytes([i % 256, i * 7 % 256]) + str(i).encode() for i in range(2000)]
    assert [key_hash(k) for k in keys] == [md5_hash(k) for k in keys]


def test_small_and_large_blocks_decompress_as_whoosh_reads_them() -> None:
    small = pickle.dumps((tuple(range(0, 300, 3)), None, tuple(b"\x01" * 5 for _ in range(100))), 2)
    large = pickle.dumps(tuple(range(20_000)), 2)
    assert len(small) <= SMALL_BLOCK < len(large)
    for data in (small, large):
        packed = _compress(data, 3)
        assert zlib.decompress(packed) == data  # what W3LeafMatcher._read_data does
        # no bigger than zlib's default settings make it
        assert len(packed) <= len(zlib.compress(data, 3)) * 1.02
