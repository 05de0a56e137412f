"""Opening an archive by its address: the one place that knows which backend serves which
kind of address."""
from __future__ import annotations

import os

from .backend import SearchBackend
from .engine.backend import WhooshBackend
from .errors import ConfigError


def open_archive(address: str | os.PathLike[str]) -> SearchBackend:
    """The backend of the archive at ``address``: ``opensearch://HOST:PORT[,…]/NAME`` is an
    archive on an OpenSearch cluster (``indexer.opensearch``), a folder holds a Whoosh index
    (opened on first use, created by the first ``index_articles``). Raises ConfigError for
    an address of a kind Baoku does not serve, or a malformed one."""
    text = os.fspath(address)
    scheme, sep, _rest = text.partition("://")
    if sep and scheme.lower() == "opensearch":
        from .opensearch import OpenSearchBackend  # only archives on a cluster need it

        return OpenSearchBackend(text)
    if sep and scheme.isalpha():
        raise ConfigError(f"'{text}': Baoku serves archives in a folder or on an OpenSearch "
                          f"cluster (opensearch://HOST:PORT/NAME); '{scheme}://' addresses "
                          "are not supported")
    return WhooshBackend(text)
