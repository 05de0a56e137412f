"""The compiled BM25F sums (indexer.engine.bm25.add_scores): the scores of the formula the
collector uses, to the last bit, for the matching documents only."""
import numpy as np
import pytest

from indexer.engine.bm25 import add_scores, saturate


def test_each_matching_posting_adds_the_collectors_score_to_its_document():
    rng = np.random.default_rng(5)
    documents = 400
    ids = np.sort(rng.choice(documents, size=150, replace=False)).astype(np.int64)
    counts = rng.integers(1, 9, size=150).astype(np.float64)
    lengths = rng.integers(1, 3000, size=documents).astype(np.float64)
    matching = rng.random(documents) < 0.6
    total = rng.random(documents)  # scores of runs added before
    expected = total.copy()
    for i, d in enumerate(ids.tolist()):
        if matching[d]:
            expected[d] += 2.5 * saturate(float(counts[i]), float(lengths[d]), 1.7, 0.75,
                                          812.5)
    add_scores(total, matching, ids, counts, lengths, 2.5, 1.7, 0.75, 812.5)
    assert total.tolist() == expected.tolist()  # exactly: the same operations in order


def test_a_document_number_beyond_the_segment_is_refused_not_written():
    total = np.zeros(10)
    with pytest.raises(IndexError):
        add_scores(total, np.ones(10, dtype=bool), np.array([2, 10], dtype=np.int64),
                   np.ones(2), np.ones(10), 1.0, 1.0, 0.75, 1.0)
