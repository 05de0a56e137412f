"""Fixtures of the search-quality tests: the small archive of ``quality_helpers.TINY``,
indexed once."""
from __future__ import annotations

import pytest
from quality_helpers import TINY

from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    """TINY indexed once; read-only."""
    index = create_or_open(tmp_path_factory.mktemp("quality-tiny"))
    assert index_articles(index, TINY).added == len(TINY)
    return index
