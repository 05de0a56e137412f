"""What ``baoku alerts`` prints: every saved search's matches recorded since the last
alerts, each marked seen for the alerts (the web page keeps its own look)."""
from __future__ import annotations

from dataclasses import dataclass

from indexer.backend import SearchBackend

from .hits import MatchedHit, matched_hits
from .model import SavedSearch
from .store import ALERTS, SavedStore

# New matches shown of each saved search; the others are counted, and seen all the same.
ALERT_HITS = 50


@dataclass(frozen=True)
class Alert:
    """One saved search and its new hits, the latest recorded first."""

    search: SavedSearch
    hits: tuple[MatchedHit, ...]
    more: int = 0  # new matches past the ones shown (a back-filled year brings thousands)

    def to_json(self) -> dict:
        return {"search": self.search.to_json(), "new": [h.to_json() for h in self.hits],
                "more": self.more}


def take_alerts(archive: SearchBackend, store: SavedStore,
                snippet_chars: int = 160) -> list[Alert]:
    """The new hits of every saved search since the last call, and mark them seen: a second
    call right after finds none. Searches without new hits are left out. The hits are all
    read before anything is marked, so a failure marks nothing. Raises BaokuError."""
    counts = store.unseen_counts(ALERTS)
    alerts, seen = [], []
    for saved in store.searches():
        if not counts.get(saved.id):
            continue
        matches = store.unseen(saved.id, ALERTS, ALERT_HITS)
        hits = matched_hits(archive, saved, matches, snippet_chars)
        seen.append((saved.id, max(m.seq for m in matches)))
        if hits:
            alerts.append(Alert(saved, tuple(hits), counts[saved.id] - len(matches)))
    for search_id, upto in seen:
        store.mark_seen(search_id, ALERTS, upto)
    return alerts
