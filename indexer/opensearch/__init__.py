"""Archives on an OpenSearch cluster (``opensearch://HOST:PORT[,…]/NAME``): the only package
that talks to OpenSearch. ``OpenSearchBackend`` is its door (``indexer.backend``)."""
from __future__ import annotations

from .backend import OpenSearchBackend

__all__ = ["OpenSearchBackend"]
