"""Many postings' packed positions unpacked at once (indexer.engine.position_gaps): the gaps
``unpack_gaps`` reads one value at a time, in order, for every width; anything else is
refused, never read past."""
import random
from itertools import chain

import numpy as np
import pytest

from indexer.engine.codec.packed_positions import pack_gaps, unpack_gaps
from indexer.engine.position_gaps import phrase_keys, unpack_values
from indexer.engine.postings import Postings


def test_the_gaps_of_every_value_one_after_another_for_each_width():
    rng = random.Random(7)
    values = [pack_gaps(sorted(rng.sample(range(top), rng.choice((1, 1, 2, 3, 9)))))
              for top in rng.choices((250, 60_000, 5_000_000), k=3000)]
    assert {value[:1] for value in values} == {b"B", b"H", b"I"}
    flat, sizes = unpack_values(values)
    one_by_one = [unpack_gaps(value) for value in values]
    assert sizes.tolist() == [len(gaps) for gaps in one_by_one]
    assert flat.tolist() == list(chain.from_iterable(one_by_one))
    assert (flat.dtype, sizes.dtype) == (np.int64, np.int64)


@pytest.mark.parametrize("value", [b"", b"X\x01\x02", b"H\x01", b"I\x01\x02\x03"])
def test_a_value_that_is_not_packed_positions_is_refused(value):
    with pytest.raises(ValueError):
        unpack_values([pack_gaps([3, 8]), value])


def _packed_and_pickled() -> tuple[Postings, Postings]:
    """The same four postings, their positions packed, and as lists (a field of Whoosh's
    own ``Positions``, read by another function)."""
    positions = [[4], [1, 9, 30], [2, 70_000], [5, 6]]
    packed = Postings(np.arange(4), np.ones(4), [pack_gaps(p) for p in positions],
                      unpack_gaps)
    pickled = Postings(np.arange(4), np.ones(4), [p for p in positions],
                       lambda gaps: [gaps[0], *np.diff(gaps).tolist()])
    return packed, pickled


def test_postings_unpack_the_picked_values_packed_or_pickled_alike():
    for postings in _packed_and_pickled():
        flat, sizes = postings.gaps_at(np.array([1, 3]))
        assert (flat.tolist(), sizes.tolist()) == ([1, 8, 21, 5, 1], [3, 2])


def test_phrase_keys_are_every_start_or_those_another_bigram_has():
    # Article n's positions of a bigram become n << 32 | position - offset, ascending;
    # given the keys of another bigram, only the keys both have are kept.
    rng = random.Random(11)
    positions = [sorted(rng.sample(range(top), rng.choice((1, 2, 5, 20))))
                 for top in rng.choices((40, 300, 80_000), k=500)]
    values = [pack_gaps(p) for p in positions]
    every = [(n << 32) + p - 2 for n, ps in enumerate(positions) for p in ps]
    keys = phrase_keys(values, 2, None)
    assert keys.tolist() == every and keys.dtype == np.int64
    among = np.array(sorted(rng.sample(every, 300) + [(3 << 32) + 10**6, 5]), dtype=np.int64)
    assert phrase_keys(values, 2, among).tolist() == sorted(set(every) & set(among.tolist()))
    assert phrase_keys([], 0, None).tolist() == []
    assert phrase_keys(values, 2, among[:0]).tolist() == []


def test_postings_give_the_same_phrase_keys_packed_or_pickled():
    picked = np.array([1, 2, 3])
    among = np.array([(0 << 32) + 8, (1 << 32) + 69_999, (2 << 32) + 5], dtype=np.int64)
    for postings in _packed_and_pickled():
        assert postings.phrase_keys(picked, 1, None).tolist() == [
            0, 8, 29, (1 << 32) + 1, (1 << 32) + 69_999, (2 << 32) + 4, (2 << 32) + 5]
        assert postings.phrase_keys(picked, 1, among).tolist() == among.tolist()
    with pytest.raises(ValueError):
        phrase_keys([pack_gaps([3]), b"X\x01"], 0, None)
    for among in (None, np.array([3, 9, 10], dtype=np.int64)):  # a position given twice
        with pytest.raises(ValueError, match="not ascending"):
            phrase_keys([b"B\x03\x00"], 0, among)
