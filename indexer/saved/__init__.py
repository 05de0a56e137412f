"""Saved searches and their alerts: a query with its filters kept under a name, told of the
articles that match it as new issues are indexed.

"New" means indexed after the last look, not dated after it. After every commit of
``baoku index``, ``baoku watch`` and the admin upload, each saved search is run against the
articles that commit added or replaced (``SearchBackend.matching_among``), and each match
is recorded once, in order, in a small SQLite database beside the archive (``store``). An
article already recorded for a search is never new again for it. Each consumer — the web
page of the search, ``baoku alerts`` — keeps its own place in that record: what lies past
it is new to that consumer. The layout: ``model`` (a saved search), ``store``, ``location``
(where the database lives), ``checking`` (the check after a commit), ``hits`` (matches shown
as hits), ``feed`` (the Atom feed), ``alerts`` (what ``baoku alerts`` prints).
"""
from __future__ import annotations

from .model import SavedSearch, new_saved_search
from .store import ALERTS, WEB, Match, SavedStore

__all__ = ["ALERTS", "WEB", "Match", "SavedSearch", "SavedStore", "new_saved_search"]
