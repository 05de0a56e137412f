"""The behaviour tests run once per backend: the bundled sample archive (``corpus/``) in a
Whoosh folder and on the OpenSearch test cluster (fixtures of ``tests/conftest.py``)."""
from __future__ import annotations

import pytest

from indexer.backend import SearchBackend

BACKENDS = {"whoosh": "whoosh_sample", "opensearch": "cluster_sample"}


@pytest.fixture(params=list(BACKENDS))
def archive(request: pytest.FixtureRequest) -> SearchBackend:
    """The sample archive (read-only), on each backend in turn."""
    return request.getfixturevalue(BACKENDS[request.param])
