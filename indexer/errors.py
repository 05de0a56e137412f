"""The one exception tree of Baoku. Each edge (CLI, web) translates these once."""
from __future__ import annotations


class BaokuError(Exception):
    """Base of every error Baoku raises on purpose."""


class QuerySyntaxError(BaokuError):
    """A query the user typed cannot be parsed; the message says where and why."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class QueryTooLarge(QuerySyntaxError):
    """A query is longer, has more terms or nests deeper than ``indexer.query.limits``
    allows; refused before any search work."""


class IndexNotFound(BaokuError):
    """No Baoku index exists at the given folder."""


class IndexVersionError(BaokuError):
    """The index was written by an incompatible schema version."""


class IndexLocked(BaokuError):
    """Another writer holds the index lock."""


class IndexWriteError(BaokuError):
    """The index could not be written (disk full, permissions); it is left as it was."""


class UnsafeUpload(BaokuError):
    """An uploaded archive is refused: too large, or an entry would leave its folder."""


class UploadRefused(UnsafeUpload):
    """An uploaded zip refused for ``reason``, a key the web edge words in Chinese
    (``indexer.editing.unpack.REASONS``), about the zip entry ``entry`` (None when about the
    whole zip) or over ``limit`` (entries, or MB)."""

    def __init__(self, message: str, reason: str, entry: str | None = None,
                 limit: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.entry = entry
        self.limit = limit


class DiskFull(IndexWriteError):
    """The disk holding the index (or an upload) is full; what was being written is removed
    and the index is left as it was."""


class IndexDamaged(BaokuError):
    """A file of the index cannot be read as Whoosh wrote it (truncated, overwritten); the
    message says to run ``baoku check``, ``damage`` what is damaged (without that advice)."""

    def __init__(self, message: str, damage: str | None = None) -> None:
        super().__init__(message)
        self.damage = damage or message


class IngestError(BaokuError):
    """A file cannot be read as articles; carries the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ArticleNotFound(BaokuError):
    """No article with the given id is in the index."""


class IssueNotFound(BaokuError):
    """No article of the given date (and paper) is in the index."""


class ConfigError(BaokuError):
    """A configuration value (file, environment, option) is invalid."""


class InvalidRequest(BaokuError):
    """A search parameter (sort, limit, offset, filter) is not valid."""


class ArchiveUnavailable(BaokuError):
    """The archive's server (an OpenSearch cluster) cannot be reached or refuses to answer;
    the message names its address."""
