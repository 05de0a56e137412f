"""Looking a key up in the compact terms file without decoding its block
(indexer.engine.codec.block_search): every key's own entry, None for every key in between,
before the first and after the last, and a damaged block refused."""
import random

import pytest
from whoosh.filedb.filestore import RamStorage

from indexer.engine.codec import varint
from indexer.engine.codec.block_search import find_entry
from indexer.engine.codec.terms_file import (
    BLOCK_TERMS,
    TermsFileReader,
    TermsFileWriter,
    _entries,
)


def written(pairs: list[tuple[bytes, bytes]]) -> TermsFileReader:
    storage = RamStorage()
    writer = TermsFileWriter(storage.create_file("terms"))
    for key, entry in pairs:
        writer.add(key, entry)
    writer.close({"body_g": 0})
    return TermsFileReader(storage.open_file("terms"), storage.file_length("terms"), "terms")


def keys_and_entries(count: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(3)
    stems = ["人民", "代表大会", "改革开放", "x" * 150]  # a long key: two-byte varints
    keys = {f"{rng.choice(stems)}{rng.randrange(10 ** rng.randrange(1, 6))}".encode()
            for _ in range(count)}
    return [(b"\x00\x01" + key, bytes(rng.randrange(256) for _ in range(rng.choice(
        (1, 5, 40, 200))))) for key in sorted(keys)]


def test_each_key_finds_its_entry_and_keys_between_find_none() -> None:
    pairs = keys_and_entries(2000)
    assert len(pairs) > 4 * BLOCK_TERMS
    terms = written(pairs)
    for key, entry in pairs:
        assert terms.get(key) == entry
    present = {key for key, _ in pairs}
    missing = [key[:-1] for key, _ in pairs] + [key + b"0" for key, _ in pairs] + [
        b"", b"\x00", b"\xff" * 4]
    assert all(terms.get(key) is None for key in missing if key not in present)


def test_find_entry_agrees_with_decoding_the_whole_block() -> None:
    storage_pairs = keys_and_entries(300)[:BLOCK_TERMS]
    terms = written(storage_pairs)
    body = terms._block(0)
    keys, entries = _entries(body)
    for key, entry in zip(keys, entries, strict=True):
        start, end = find_entry(body, key)
        assert body[start:end] == entry
    assert find_entry(body, keys[0][:-1]) == (-1, -1)  # before the first
    assert find_entry(body, keys[-1] + b"\x00") == (-1, -1)  # after the last


def test_a_block_cut_short_is_reported_as_damage() -> None:
    pairs = keys_and_entries(300)[:BLOCK_TERMS]
    body = written(pairs)._block(0)
    with pytest.raises(ValueError):
        find_entry(body[: len(body) // 2], pairs[-1][0])


@pytest.mark.parametrize("tail", [
    varint.encode(1) + varint.encode(1) + b"b" + varint.encode(2 ** 64 - 19),  # 10-byte length
    b"\xff" * 12,  # a varint that never ends
    varint.encode(5) + varint.encode(1) + b"q",  # shares more than the key before has
])
def test_a_damaged_key_or_length_is_refused_never_looped_over(tail: bytes) -> None:
    body = varint.encode(0) + varint.encode(1) + b"a" + varint.encode(2) + b"xy" + tail
    with pytest.raises(ValueError):
        find_entry(body, b"zzz")
