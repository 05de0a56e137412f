"""Fixtures shared by every test: the paths of the real data, and indexes built from it.

Session-scoped indexes are built once and must never be written to by a test; a test that
writes makes its own with ``empty_index``.

The OpenSearch fixtures (used by ``tests/opensearch`` and ``tests/behaviour``): the real
three-node cluster of ``scripts/opensearch/cluster.sh`` (started when it is not running, a
quick no-op when it is green), archives on it with names of this run's own (deleted at the
end), and the bundled sample archive (``corpus/``) indexed both into a Whoosh folder and onto
the cluster. Session-scoped archives are never written to by a test; a test that writes makes
its own with ``new_archive``.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from corpus_paths import TEST_CORPUS
from live_serve import chromium

from indexer.archive import open_archive
from indexer.article import Article
from indexer.editing.summary import IndexSummary
from indexer.engine.backend import WhooshBackend
from indexer.engine.store import ArchiveIndex, create_or_open
from indexer.engine.writing import index_articles
from indexer.opensearch import OpenSearchBackend
from indexer.readers import read_paths

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus"
CLUSTER_SCRIPT = REPO / "scripts" / "opensearch" / "cluster.sh"
NODES = "127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203"


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
def two_segments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive indexed in two commits (two segments); read-only."""
    articles = list(read_paths([SAMPLE]))
    index = create_or_open(tmp_path_factory.mktemp("two-segments"))
    index_articles(index, articles[:70])
    index_articles(index, articles[70:])
    return index.path


@pytest.fixture(scope="session")
def sample_backend(sample_index: ArchiveIndex) -> WhooshBackend:
    return WhooshBackend(sample_index.path)


@pytest.fixture()
def empty_index(tmp_path: Path) -> ArchiveIndex:
    """A new, empty index of the test's own."""
    return create_or_open(tmp_path / "index")


@pytest.fixture(scope="session")
def cluster() -> str:
    """The nodes of the running, green test cluster (started here when needed)."""
    done = subprocess.run(["bash", str(CLUSTER_SCRIPT), "start"], capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, f"the test cluster did not start:\n{done.stdout}{done.stderr}"
    return NODES


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """BAOKU_STATE_DIR for the session: the archives' state folders stay in the test's
    temporary folder."""
    folder = tmp_path_factory.mktemp("state")
    before = os.environ.get("BAOKU_STATE_DIR")
    os.environ["BAOKU_STATE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("BAOKU_STATE_DIR", None)
    else:
        os.environ["BAOKU_STATE_DIR"] = before


@pytest.fixture(scope="session")
def new_archive(cluster: str, state_dir: Path) -> Iterator[Callable[..., OpenSearchBackend]]:
    """Makes backends of new archives, each with a name of its own (not created until
    indexed into); every one is deleted at the end of the session."""
    run = f"baoku-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    made: list[OpenSearchBackend] = []

    def make(label: str = "a", **settings: int) -> OpenSearchBackend:
        backend = OpenSearchBackend(f"opensearch://{cluster}/{run}-{label}-{len(made)}",
                                    **settings)
        made.append(backend)
        return backend

    yield make
    for backend in made:
        client = backend.archive.cluster.client
        client.indices.delete(index=backend.archive.index, ignore_unavailable=True)
        client.close()


@pytest.fixture(scope="session")
def sample_articles(sample_dir: Path) -> list[Article]:
    """The articles of the bundled sample archive, read once."""
    items = list(read_paths([sample_dir]))
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) == len(items) > 100
    return articles


@pytest.fixture(scope="session")
def whoosh_sample(sample_articles: list[Article],
                  tmp_path_factory: pytest.TempPathFactory) -> WhooshBackend:
    """The sample archive in a Whoosh folder (read-only)."""
    backend = open_archive(tmp_path_factory.mktemp("whoosh-sample") / "index")
    assert isinstance(backend, WhooshBackend)
    summary = backend.index_articles(sample_articles, workers=1)
    assert summary.added == len(sample_articles)
    return backend


@pytest.fixture(scope="session")
def first_run(new_archive, sample_articles: list[Article]
              ) -> tuple[OpenSearchBackend, IndexSummary]:
    """The sample archive indexed onto the cluster (3 shards, 1 replica), and what its
    indexing run reported."""
    backend = new_archive("sample")
    return backend, backend.index_articles(sample_articles)


@pytest.fixture(scope="session")
def cluster_sample(first_run) -> OpenSearchBackend:
    """The sample archive on the cluster (read-only)."""
    return first_run[0]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright, one for the whole run (every folder's browser
    tests share it: Playwright's synchronous API allows one at a time)."""
    with chromium() as launched:
        yield launched
