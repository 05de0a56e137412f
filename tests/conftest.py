"""Fixtures shared by every test: the paths of the real data, and indexes built from it.

Session-scoped indexes are built once and must never be written to by a test; a test that
writes makes its own with ``empty_index``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus_paths import TEST_CORPUS

from indexer.engine.backend import WhooshBackend
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.readers import read_paths

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus"


@pytest.fixture(scope="session")
def corpus_data() -> Path:
    """``tests/data/corpus``: the real articles and pages the tests read, shipped with the
    repository (``TEST_CORPUS``)."""
    return TEST_CORPUS


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    """The bundled sample archive (corpus/) indexed once; read-only."""
    folder = tmp_path_factory.mktemp("sample-index")
    index = create_or_open(folder)
    summary = index_articles(index, read_paths([SAMPLE]))
    assert summary.failed == 0, [str(f) for f in summary.failures]
    return index


@pytest.fixture(scope="session")
def sample_backend(sample_index: ArchiveIndex) -> WhooshBackend:
    return WhooshBackend(sample_index.path)


@pytest.fixture()
def empty_index(tmp_path: Path) -> ArchiveIndex:
    """A new, empty index of the test's own."""
    return create_or_open(tmp_path / "index")
