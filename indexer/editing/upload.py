"""An uploaded issue (a zip of the issue's folder) stored beside the archive and indexed.

The zip is unpacked (``unpack.unpack_issue``: a size cap, no entry leaving the folder) into
``uploads/STAMP-NAME-RANDOM/issue`` in the archive's state folder, then indexed in one
commit. Only an upload that gave articles is kept: one that is refused, not indexed
(locked, disk full, any error) or that holds no readable article (a zip of PDFs) leaves
nothing behind, neither what it unpacked nor the upload itself.

What the editor is shown comes with the result: the articles read, each with its page (版),
headline and what indexing did with it, and the files that could not be read, named
relative to the issue folder (never by a path of the server).
"""
from __future__ import annotations

import errno
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from indexer.article import Article
from indexer.backend import SearchBackend
from indexer.errors import DiskFull, IndexWriteError
from indexer.readers import Failure, ReadItem, read_paths
from indexer.readers.counting import count_articles
from indexer.readers.metadata import FOLDER_FILE
from indexer.saved.checking import note_commit

from .progress import Counted
from .summary import IndexSummary
from .unpack import unpack_issue

UPLOADS = "uploads"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class UploadedArticle:
    """One article of an upload: its id, page (版), headline and what indexing did with it
    (``add``, ``replace`` or ``unchanged``)."""

    id: str
    page: str | None
    title: str
    action: str


@dataclass(frozen=True)
class Upload:
    summary: IndexSummary
    stored: Path | None  # where the issue was kept, relative to the state folder; None: not
    articles: tuple[UploadedArticle, ...] = ()
    failures: tuple[str, ...] = ()  # the files not read, relative to the issue folder

    @property
    def ok(self) -> bool:
        """Whether the upload gave articles (and was kept)."""
        return bool(self.articles)


def index_upload(archive: SearchBackend, stream: IO[bytes], name: str, unpack_cap: int, *,
                 wait: float, command: str) -> Upload:
    """Store the zip ``stream`` (named ``name``, a safe file name) and index it into
    ``archive``; an upload without any readable article is removed again. Raises
    UploadRefused for a zip refused, DiskFull when the disk is full, IndexWriteError when it
    cannot be stored otherwise, IndexLocked after ``wait`` seconds."""
    folder = archive.state_folder
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stored = folder / UPLOADS / f"{stamp}-{name}-{secrets.token_hex(3)}"
    dest = stored / "issue"
    read: list[Article] = []
    try:
        try:
            stored.mkdir(parents=True)
            # Empty folder metadata: the readers look for baoku.json up to three folders
            # above a file, and must not take the index's own configuration file for it.
            (stored / FOLDER_FILE).write_text("{}\n", encoding="utf-8")
            unpack_issue(stream, dest, unpack_cap)
        except OSError as exc:
            raise _store_error(exc, folder) from None
        summary = archive.index_articles(_noted(read_paths([dest]), read), wait=wait,
                                         command=command,
                                         progress=Counted(count_articles([dest])[0]))
    except BaseException:  # refused or not indexed: keep no copy
        shutil.rmtree(stored, ignore_errors=True)
        raise
    note_commit(archive, summary)  # the saved searches' new matches
    failures = tuple(_relative(f, dest) for f in summary.failures)
    if not read:
        shutil.rmtree(stored, ignore_errors=True)
        return Upload(summary, None, (), failures)
    return Upload(summary, stored.relative_to(folder), _articles(read, summary), failures)


def _store_error(exc: OSError, folder: Path) -> IndexWriteError:
    if exc.errno == errno.ENOSPC:
        return DiskFull(f"the disk holding {folder} is full; the upload was not kept and "
                        "nothing was indexed")
    return IndexWriteError(f"cannot store the upload in {folder / UPLOADS}: "
                           f"{exc.strerror or exc}; nothing was indexed")


def _noted(items: Iterable[ReadItem], read: list[Article]) -> Iterator[ReadItem]:
    """``items``, noting each article in ``read`` as it passes."""
    for item in items:
        if not isinstance(item, Failure):
            read.append(item)
        yield item


def _articles(read: list[Article], summary: IndexSummary) -> tuple[UploadedArticle, ...]:
    """The articles read, once per id (the first, as indexing keeps it), with their
    action."""
    actions = dict((i, a) for a, i in summary.changes)
    seen: dict[str, UploadedArticle] = {}
    for article in read:
        if article.id not in seen:
            seen[article.id] = UploadedArticle(article.id, article.page, article.title,
                                               actions.get(article.id, UNCHANGED))
    return tuple(seen.values())


def _relative(failure: Failure, dest: Path) -> str:
    """The failure, its file named relative to the issue folder ``dest``."""
    path = Path(failure.path)
    if path.is_relative_to(dest):
        path = path.relative_to(dest)
    return str(Failure(str(path), failure.reason, failure.line))
