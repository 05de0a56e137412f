"""Fixtures of the speed work: the sample archive indexed three ways, in the current
storage format.

- ``whoosh_index``: Whoosh's own writer (``workers=0``), the reference;
- ``lean_index``: the lean segment builder in this process (``workers=1``);
- ``parallel_index``: two worker processes and segments of at most ``SEGMENT_DOCS``
  articles, so that the sample archive (a list: its size is known) is shared out as several
  segments of equal size built side by side; the workers get them ``BATCH_DOCS`` at a time
  (so that a segment arrives in several batches).

``format2_indexes`` gives the first two in storage format 2 (Whoosh's own term index,
written directly by ``term_writer``).

All three are read-only; a test that writes makes its own index.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer.engine.parallel
from indexer.engine.codec import STORAGE_FORMAT
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths

SEGMENT_DOCS = 40
START_DOCS = 15
BATCH_DOCS = 7


@pytest.fixture(scope="session")
def segment_docs() -> int:
    """Articles per segment in ``parallel_index``."""
    return SEGMENT_DOCS


@pytest.fixture(scope="session")
def sample_articles(sample_dir: Path) -> list:
    items = list(read_paths([sample_dir]))
    assert all(not hasattr(i, "reason") for i in items), [str(i) for i in items]
    return items


def _build(folder: Path, articles: list, workers: int,
           storage_format: int = STORAGE_FORMAT) -> ArchiveIndex:
    index = create_or_open(folder, storage_format=storage_format)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer.engine.parallel, "SEGMENT_DOCS", SEGMENT_DOCS)
        patch.setattr(indexer.engine.parallel, "START_DOCS", START_DOCS)
        patch.setattr(indexer.engine.parallel, "BATCH_DOCS", BATCH_DOCS)
        summary = index_articles(index, articles, workers=workers)
    assert (summary.added, summary.failed) == (len(articles), 0)
    return index


@pytest.fixture(scope="session")
def whoosh_index(tmp_path_factory: pytest.TempPathFactory, sample_articles) -> ArchiveIndex:
    return _build(tmp_path_factory.mktemp("whoosh-writer"), sample_articles, 0)


@pytest.fixture(scope="session")
def lean_index(tmp_path_factory: pytest.TempPathFactory, sample_articles) -> ArchiveIndex:
    return _build(tmp_path_factory.mktemp("lean-writer"), sample_articles, 1)


@pytest.fixture(scope="session")
def parallel_index(tmp_path_factory: pytest.TempPathFactory, sample_articles) -> ArchiveIndex:
    return _build(tmp_path_factory.mktemp("parallel-writer"), sample_articles, 2)


@pytest.fixture(scope="session")
def format2_indexes(tmp_path_factory: pytest.TempPathFactory,
                    sample_articles) -> tuple[ArchiveIndex, ArchiveIndex]:
    """(Whoosh's writer's, the lean builder's) index of storage format 2."""
    return (_build(tmp_path_factory.mktemp("whoosh-writer-f2"), sample_articles, 0, 2),
            _build(tmp_path_factory.mktemp("lean-writer-f2"), sample_articles, 1, 2))
