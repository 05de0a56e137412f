"""LEB128 varints (indexer.engine.codec.varint): every list reads back as written, short
lists in Python and long ones in the compiled loop alike; data that ends inside a varint is
refused, never read past."""
import random

import pytest

from indexer.engine.codec import varint


@pytest.mark.parametrize("count", [0, 1, 5, varint.COMPILED_FROM + 1, 1000])
def test_a_list_reads_back_as_written_from_where_it_starts(count: int) -> None:
    rng = random.Random(count)
    values = [rng.choice((rng.randrange(128), rng.randrange(1 << 14), rng.randrange(1 << 40)))
              for _ in range(count)]
    written = varint.encode_all(values)
    data = b"head" + written + b"tail"
    assert varint.decode_many(data, 4, count) == (values, 4 + len(written))


@pytest.mark.parametrize("count", [5, 1000])
def test_data_that_ends_inside_a_varint_is_refused(count: int) -> None:
    values = [300] * count  # two bytes each
    data = varint.encode_all(values)[:-1]
    with pytest.raises(IndexError):
        varint.decode_many(data, 0, count)


def test_a_varint_of_more_than_63_bits_in_a_long_list_is_refused() -> None:
    data = b"\x80" * 10 + b"\x01" + bytes(varint.COMPILED_FROM + 5)
    with pytest.raises(ValueError):
        varint.decode_many(data, 0, varint.COMPILED_FROM + 5)
