"""Reading an archive address on an OpenSearch cluster:
``opensearch://HOST:PORT[,HOST:PORT…]/NAME``.

The hosts are the cluster's nodes a client may talk to (every one is tried when another is
down); ``NAME`` is the archive, one OpenSearch index of that name. A host without a port
is on 9200. Only plain HTTP is spoken (the cluster's own network is trusted).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from indexer.errors import ConfigError

SCHEME = "opensearch://"
DEFAULT_PORT = 9200
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
# What OpenSearch accepts as an index name, kept to a safe subset: lowercase letters,
# digits, '-', '_' and '.', not starting with '-', '_' or '.'.
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")
FORM = "opensearch://HOST:PORT[,HOST:PORT...]/NAME, e.g. opensearch://127.0.0.1:9201/papers"


@dataclass(frozen=True)
class Address:
    """A parsed address: the nodes (host, port) and the archive's index name."""

    text: str
    hosts: tuple[tuple[str, int], ...]
    index: str

    @property
    def cluster_key(self) -> str:
        """A short stable hash of the set of nodes (their order aside)."""
        nodes = ",".join(f"{h}:{p}" for h, p in sorted(set(self.hosts)))
        return hashlib.sha1(nodes.encode("utf-8")).hexdigest()[:10]


def is_opensearch(address: str) -> bool:
    """Whether ``address`` names an archive on an OpenSearch cluster."""
    return address.lower().startswith(SCHEME)


def _bad(text: str, why: str) -> ConfigError:
    return ConfigError(f"'{text}' is not an OpenSearch archive address: {why}; write {FORM}")


def _host(text: str, part: str) -> tuple[str, int]:
    part = part.strip()
    host, sep, port = part.rpartition(":")
    if not sep:
        host, port = part, str(DEFAULT_PORT)
    if not host or not _HOST.match(host):
        raise _bad(text, f"'{part}' is not a host name or address")
    if not port.isdecimal() or not 0 < int(port) < 65536:
        raise _bad(text, f"'{port}' is not a port number")
    return host.lower(), int(port)


def parse_address(text: str) -> Address:
    """The hosts and index name of ``text``. Raises ConfigError for anything malformed."""
    if not is_opensearch(text):
        raise _bad(text, f"it does not start with {SCHEME}")
    rest = text[len(SCHEME):]
    if any(c in rest for c in "?#@ \t\n"):
        raise _bad(text, "credentials, options and spaces are not supported")
    nodes, slash, name = rest.partition("/")
    if not slash or not name:
        raise _bad(text, "the archive's name is missing after the hosts")
    if "/" in name.rstrip("/"):
        raise _bad(text, "the archive's name must be one word, without '/'")
    name = name.rstrip("/")
    if not _NAME.match(name):
        raise _bad(text, f"the archive's name '{name}' must be lowercase letters, digits, "
                         "'-', '_' or '.', starting with a letter or digit")
    if not nodes.strip(","):
        raise _bad(text, "no host is given")
    hosts = tuple(dict.fromkeys(_host(text, part) for part in nodes.split(",") if part))
    return Address(text, hosts, name)
