"""The connection to the cluster: an OpenSearch client that knows every node of the address
and tries another when one is down, and the one place where the client's exceptions become
Baoku's errors.

Every call to the cluster goes through ``Cluster.call`` (or ``translated``): an unreachable
cluster is ``ArchiveUnavailable`` with one line naming the address, a missing index
``IndexNotFound``, a refused write ``IndexWriteError``; nothing of opensearchpy leaks out.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    ConnectionError as ClientConnectionError,
)
from opensearchpy.exceptions import (
    NotFoundError,
    OpenSearchException,
    TransportError,
)

from indexer.errors import ArchiveUnavailable, IndexNotFound, IndexWriteError, InvalidRequest

from .address import Address

TIMEOUT = 60  # seconds a request may take (a loaded machine, a large bulk)

# The client logs every failed attempt (a node down) as a warning with a stack trace: the
# retry on another node is the normal course, and the error, if all fail, is ours to tell.
logging.getLogger("opensearch").setLevel(logging.CRITICAL)


class Cluster:
    """The cluster of ``address``: its client and its index name."""

    def __init__(self, address: Address) -> None:
        self.address = address
        self.index = address.index
        self.client = OpenSearch(
            hosts=[{"host": host, "port": port} for host, port in address.hosts],
            timeout=TIMEOUT,
            retry_on_timeout=True,
            max_retries=max(2, len(address.hosts)),
            sniff_on_start=False,
            sniff_on_connection_fail=False,
            http_compress=False,
        )

    @contextmanager
    def translated(self, doing: str = "reading") -> Iterator[None]:
        """Turn the client's exceptions raised inside into Baoku's errors (``doing``:
        "reading" or "writing", which decides the error of a refused request)."""
        try:
            yield
        except ClientConnectionError as exc:
            raise ArchiveUnavailable(
                f"cannot reach the OpenSearch cluster of {self.address.text}: "
                f"{_cause(exc)}") from None
        except NotFoundError as exc:
            if _kind(exc) == "index_not_found_exception":
                raise self.not_found() from None
            raise self._refused(exc, doing) from None
        except TransportError as exc:
            raise self._refused(exc, doing) from None
        except OpenSearchException as exc:
            raise ArchiveUnavailable(f"the OpenSearch cluster of {self.address.text} gave "
                                     f"an answer Baoku cannot read: {exc}") from None

    def not_found(self) -> IndexNotFound:
        return IndexNotFound(f"no Baoku archive at {self.address.text} (run 'baoku index "
                             f"PATH --index {self.address.text}' to create one)")

    def _refused(self, exc: TransportError, doing: str) -> Exception:
        status = exc.status_code
        reason = _reason(exc)
        where = self.address.text
        if isinstance(status, int) and status in (429, 502, 503, 504):
            return ArchiveUnavailable(f"the OpenSearch cluster of {where} is busy or not "
                                      f"ready (HTTP {status}): {reason}")
        if doing == "writing":
            return IndexWriteError(f"the OpenSearch cluster of {where} refused the write "
                                   f"(HTTP {status}): {reason}")
        if status == 400:
            return InvalidRequest(f"the OpenSearch cluster of {where} refused the request: "
                                  f"{reason}")
        return ArchiveUnavailable(f"the OpenSearch cluster of {where} failed (HTTP "
                                  f"{status}): {reason}")

    def call(self, fn: Callable[..., Any], *args: Any, doing: str = "reading",
             **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` (a method of ``self.client``), errors translated."""
        with self.translated(doing):
            return fn(*args, **kwargs)

    def search(self, body: dict, **params: Any) -> dict:
        """A search of the archive's index (parameters that are None are left out). A
        search that some shard could not answer (a node just died) fails, and the client
        tries it again on another node, rather than return partial counts."""
        given = {k: v for k, v in params.items() if v is not None}
        given.setdefault("allow_partial_search_results", False)
        return self.call(self.client.search, index=self.index, body=body, **given)

    def close(self) -> None:
        with self.translated():
            self.client.close()


def _kind(exc: TransportError) -> str | None:
    info = exc.info
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        return info["error"].get("type")
    return None


def _reason(exc: TransportError) -> str:
    """The server's reason, on one line."""
    info = exc.info
    text = exc.error
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        error = info["error"]
        causes = error.get("root_cause") or [error]
        text = causes[0].get("reason") or error.get("reason") or exc.error
    return " ".join(str(text).split())[:300]


def _cause(exc: ClientConnectionError) -> str:
    """Why the connection failed, on one line (refused, timed out, unknown host)."""
    text = str(exc.info) if exc.info is not None else str(exc.error)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "timed out" in lowered or "timeout" in lowered:
        return "no answer in time"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "unknown host"
    return " ".join(text.split())[:200]
