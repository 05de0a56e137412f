"""Blocks decompressed by ISA-L (indexer.engine.inflate) read as zlib reads them, and
damaged ones raise zlib's own error, which the readers report as a damaged index."""
import random
import zlib

import pytest

from indexer.engine.inflate import inflate


def test_inflate_reads_what_zlib_wrote_at_every_level() -> None:
    rng = random.Random(5)
    texts = [b"", "人民代表大会".encode() * 500,
             bytes(rng.randrange(256) for _ in range(5000)),
             b"".join(rng.choice([b"\x00\x01", "改革".encode(), b"abc"]) for _ in range(9000))]
    for text in texts:
        for level in (1, 3, 6, 9):
            assert inflate(zlib.compress(text, level)) == text


@pytest.mark.parametrize("damage", ["cut short", "a byte changed", "not zlib"])
def test_damaged_data_raises_zlibs_error(damage: str) -> None:
    packed = bytearray(zlib.compress("浙江日报".encode() * 300, 9))
    if damage == "cut short":
        packed = packed[:len(packed) // 2]
    elif damage == "a byte changed":
        packed[len(packed) // 2] ^= 0xFF
    else:
        packed = bytearray(b"not zlib at all")
    with pytest.raises(zlib.error):
        inflate(bytes(packed))
