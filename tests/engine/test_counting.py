"""The compiled facet counting (indexer.engine.counting) against counting by hand."""
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from indexer.engine.counting import count_code_runs, count_codes


def test_single_values_are_counted_over_the_chosen_documents_only():
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 30, size=5000).astype(np.int32)
    for size in (0, 1, 17, 2500, 5000):
        docs = np.sort(rng.choice(5000, size=size, replace=False)).astype(np.int64)
        expected = Counter(int(codes[d]) for d in docs)
        counted = count_codes(codes, docs, 30)
        assert {code: int(n) for code, n in enumerate(counted) if n} == dict(expected)


def test_each_value_of_a_document_with_several_is_counted_once_for_it():
    rng = np.random.default_rng(11)
    values = [sorted(set(rng.integers(0, 50, size=rng.integers(0, 6)).tolist()))
              for _ in range(3000)]  # some documents have none
    codes = np.array([c for v in values for c in v], dtype=np.int32)
    offsets = np.cumsum([0] + [len(v) for v in values]).astype(np.int64)
    for size in (0, 1, 40, 1500, 3000):
        docs = np.sort(rng.choice(3000, size=size, replace=False)).astype(np.int64)
        expected = Counter(c for d in docs for c in values[d])
        counted = count_code_runs(codes, offsets, docs, 50)
        assert {code: int(n) for code, n in enumerate(counted) if n} == dict(expected)


@pytest.mark.parametrize("beyond", [-1, 100])
def test_a_document_number_beyond_the_table_is_refused_not_read(beyond):
    codes = np.zeros(100, dtype=np.int32)
    offsets = np.arange(101, dtype=np.int64)
    docs = np.array([3, beyond], dtype=np.int64)
    with pytest.raises(IndexError):
        count_codes(codes, docs, 1)
    with pytest.raises(IndexError):
        count_code_runs(codes, offsets, docs, 1)


def test_counting_works_where_numba_has_nowhere_to_keep_its_cache():  # indexer.engine.jit
    check = (
        "import numpy as np\n"
        "from numba.core import caching\n"
        "caching.CacheImpl._locator_classes = []  # as in a read-only installation\n"
        "from indexer.engine.counting import count_codes\n"
        "codes = np.array([0, 1, 1, 2], dtype=np.int32)\n"
        "print(count_codes(codes, np.array([1, 2, 3], dtype=np.int64), 3).tolist())\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[0, 2, 1]"
