"""The check after a commit: each saved search run against the articles the commit added or
replaced, its matches recorded (``store.SavedStore.record``).

Called where a commit ends — ``baoku index``, ``baoku watch``, the admin upload — after the
commit stands: a check that fails (a damaged database, an archive gone) never undoes or
fails the run; it adds a note to the run's summary instead. An archive without saved
searches costs one look for the database file. The cost with saved searches is measured by
``bench/saved_searches.py``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from indexer.backend import SearchBackend
from indexer.editing.summary import IndexSummary
from indexer.errors import BaokuError, InvalidRequest, QuerySyntaxError

from .location import store_path
from .model import SavedSearch, check_search
from .store import SavedStore

# The actions of ``IndexSummary.changes`` that put an article into the archive (as every
# backend's writer names them).
WRITTEN = ("add", "replace")


@dataclass(frozen=True)
class CommitCheck:
    """What the check after one commit found: searches run, matches newly recorded, the
    searches skipped (a query no longer valid), and the time it took."""

    searches: int
    recorded: int
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0

    def note(self) -> str | None:
        """One line for the run's notes; None when no saved search found anything new."""
        parts = []
        if self.recorded:
            parts.append(f"saved searches: {self.recorded} new matches "
                         f"({self.searches} searches checked in {self.seconds:.2f} s)")
        parts += [f"saved search '{name}' not checked: {why}" for name, why in self.skipped]
        return "; ".join(parts) or None


def check_commit(archive: SearchBackend, summary: IndexSummary,
                 store: SavedStore | None = None) -> CommitCheck | None:
    """Record, for every saved search of ``archive``, which of the articles ``summary``'s
    commit added or replaced it matches. None when there was nothing to check (a dry run,
    no article written, no saved search). Raises BaokuError (SavedStoreError…)."""
    ids = [article_id for action, article_id in summary.changes if action in WRITTEN]
    if summary.dry_run or not ids:
        return None
    store = store or SavedStore(store_path(archive))
    searches = store.searches()
    if not searches:
        return None
    started = time.perf_counter()
    valid: list[SavedSearch] = []
    skipped: list[tuple[str, str]] = []
    for saved in searches:
        try:
            check_search(saved.request())
        except (QuerySyntaxError, InvalidRequest) as exc:
            skipped.append((saved.name, str(exc)))
        else:
            valid.append(saved)
    found = archive.matching_among([s.request(facets=False) for s in valid], ids)
    recorded = store.record({s.id: hit_ids for s, hit_ids in zip(valid, found, strict=True)})
    return CommitCheck(len(valid), recorded, tuple(skipped), time.perf_counter() - started)


def note_commit(archive: SearchBackend, summary: IndexSummary) -> CommitCheck | None:
    """``check_commit``, its outcome or its failure added to ``summary.notes``; never
    raises a BaokuError (the commit stands whatever happens here)."""
    try:
        check = check_commit(archive, summary)
    except BaokuError as exc:
        summary.notes.append(f"saved searches not checked: {exc}")
        return None
    if check is not None and (note := check.note()):
        summary.notes.append(note)
    return check
