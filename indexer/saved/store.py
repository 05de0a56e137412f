"""The saved searches and their matches, in a SQLite database (the standard library's).

Three tables: ``saved_search`` (one row a saved search), ``match`` (each article a saved
search matched, recorded once, numbered in the order recorded: ``seq``) and ``look`` (how
far each consumer — the web page, ``baoku alerts`` — has read each search's matches). What a
consumer has not read, ``seq`` past its look, is new to it. Each call opens its own short
connection, in WAL mode with a wait for a busy database, so the server's workers and the
commands share the file safely.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import BaokuError, InvalidRequest

from .model import (
    NewSearch,
    SavedSearch,
    filters_from_json,
    filters_to_json,
    fresh_feed_token,
    now,
)

# The consumers, each with its own last look at every search's matches.
WEB, ALERTS = "web", "alerts"
BUSY_WAIT = 30.0  # seconds a call waits for another process's write

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS saved_search (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    filters TEXT NOT NULL,
    date_from TEXT,
    date_to TEXT,
    owner TEXT NOT NULL,
    feed_token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    UNIQUE (owner, name)
);
CREATE TABLE IF NOT EXISTS match (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    search_id INTEGER NOT NULL REFERENCES saved_search (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    UNIQUE (search_id, article_id)
);
CREATE TABLE IF NOT EXISTS look (
    search_id INTEGER NOT NULL REFERENCES saved_search (id) ON DELETE CASCADE,
    consumer TEXT NOT NULL,
    seen_seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (search_id, consumer)
);
"""
_COLUMNS = "id, name, query, filters, date_from, date_to, owner, feed_token, created"


class SavedStoreError(BaokuError):
    """The saved searches' database cannot be read or written (a damaged file, a full disk,
    no permission); the message names it."""


@dataclass(frozen=True)
class Match:
    """An article a saved search matched, first recorded at ``first_seen`` (UTC, ISO)."""

    seq: int
    search_id: int
    article_id: str
    first_seen: str


def _search(row: tuple) -> SavedSearch:
    id_, name, query, filters, date_from, date_to, owner, token, created = row
    return SavedSearch(name, query, filters_from_json(filters), date_from, date_to, owner,
                       token, created, id=id_)


class SavedStore:
    """The saved searches of one archive, in the database at ``path`` (created on the first
    write; reading a missing one finds nothing). Every method raises SavedStoreError when
    the database cannot be used."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction (committed on success, rolled back on error)."""
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_WAIT)
        except sqlite3.Error as exc:
            raise SavedStoreError(f"cannot open the saved searches at {self.path}: {exc}") \
                from None
        try:
            con.executescript(SCHEMA)
            con.execute("PRAGMA foreign_keys = ON")
            with con:
                yield con
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise SavedStoreError(f"cannot use the saved searches at {self.path}: {exc}") \
                from None
        finally:
            con.close()

    # The searches
    def add(self, new: NewSearch) -> SavedSearch:
        """Store ``new``. Raises InvalidRequest when its owner already has a saved search of
        that name."""
        try:
            with self._connect() as con:
                cursor = con.execute(
                    "INSERT INTO saved_search (name, query, filters, date_from, date_to, "
                    "owner, feed_token, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (new.name, new.query, filters_to_json(new.filters), new.date_from,
                     new.date_to, new.owner, new.feed_token, new.created))
        except sqlite3.IntegrityError:
            raise InvalidRequest(f"a saved search named '{new.name}' already exists") \
                from None
        return SavedSearch(**vars(new), id=int(cursor.lastrowid or 0))

    def searches(self, owner: str | None = None) -> list[SavedSearch]:
        """Every saved search (only ``owner``'s when given), oldest first."""
        if not self.exists():
            return []
        where, args = ("WHERE owner = ?", (owner,)) if owner is not None else ("", ())
        with self._connect() as con:
            rows = con.execute(f"SELECT {_COLUMNS} FROM saved_search {where} ORDER BY id",
                               args).fetchall()
        return [_search(r) for r in rows]

    def get(self, search_id: int) -> SavedSearch | None:
        return self._one("id = ?", search_id)

    def by_feed_token(self, token: str) -> SavedSearch | None:
        return self._one("feed_token = ?", token)

    def named(self, name: str) -> list[SavedSearch]:
        """The saved searches called ``name`` (one per owner at most)."""
        return [s for s in self.searches() if s.name == name.strip()]

    def _one(self, where: str, value: object) -> SavedSearch | None:
        if not self.exists():
            return None
        with self._connect() as con:
            row = con.execute(f"SELECT {_COLUMNS} FROM saved_search WHERE {where}",
                              (value,)).fetchone()
        return _search(row) if row else None

    def renew_feed_token(self, search_id: int) -> SavedSearch | None:
        """Give the saved search a new feed token: its feed's old address no longer
        answers (a link that leaked). The search as stored now, None when there is none."""
        with self._connect() as con:
            con.execute("UPDATE saved_search SET feed_token = ? WHERE id = ?",
                        (fresh_feed_token(), search_id))
        return self.get(search_id)

    def remove(self, search_id: int) -> None:
        """Delete the saved search with its matches and looks."""
        with self._connect() as con:
            con.execute("DELETE FROM saved_search WHERE id = ?", (search_id,))

    # The matches
    def record(self, found: Mapping[int, Iterable[str]], at: str | None = None) -> int:
        """Record the articles each saved search (by id) matched; an article already
        recorded for a search is left as it was. Returns how many were new."""
        rows = [(search_id, article_id, at or now())
                for search_id, ids in found.items() for article_id in sorted(ids)]
        if not rows:
            return 0
        with self._connect() as con:
            before = con.total_changes
            con.executemany("INSERT OR IGNORE INTO match (search_id, article_id, first_seen) "
                            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM saved_search "
                            "WHERE id = ?1)", rows)
            return con.total_changes - before

    def latest(self, search_id: int, limit: int) -> list[Match]:
        """The search's last ``limit`` matches, the latest recorded first."""
        return self._matches("search_id = ? ORDER BY seq DESC LIMIT ?", (search_id, limit))

    def unseen(self, search_id: int, consumer: str, limit: int = -1) -> list[Match]:
        """The search's matches ``consumer`` has not looked at, the latest first (the
        latest ``limit`` of them when given; -1: all)."""
        return self._matches(
            "search_id = ?1 AND seq > COALESCE((SELECT seen_seq FROM look WHERE search_id = ?1 "
            "AND consumer = ?2), 0) ORDER BY seq DESC LIMIT ?3", (search_id, consumer, limit))

    def unseen_counts(self, consumer: str) -> dict[int, int]:
        """Search id -> how many of its matches ``consumer`` has not looked at (searches with
        none are left out)."""
        if not self.exists():
            return {}
        with self._connect() as con:
            rows = con.execute(
                "SELECT m.search_id, COUNT(*) FROM match m LEFT JOIN look l ON "
                "l.search_id = m.search_id AND l.consumer = ? "
                "WHERE m.seq > COALESCE(l.seen_seq, 0) GROUP BY m.search_id",
                (consumer,)).fetchall()
        return {search_id: n for search_id, n in rows}

    def mark_seen(self, search_id: int, consumer: str, upto: int) -> None:
        """``consumer`` has looked at the search's matches up to ``upto`` (a ``seq``)."""
        with self._connect() as con:
            con.execute(
                "INSERT INTO look (search_id, consumer, seen_seq, at) "
                "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM saved_search WHERE id = ?1) "
                "ON CONFLICT (search_id, consumer) DO UPDATE SET "
                "seen_seq = MAX(seen_seq, excluded.seen_seq), at = excluded.at",
                (search_id, consumer, upto, now()))

    def _matches(self, where: str, args: tuple) -> list[Match]:
        if not self.exists():
            return []
        with self._connect() as con:
            rows = con.execute(f"SELECT seq, search_id, article_id, first_seen FROM match "
                               f"WHERE {where}", args).fetchall()
        return [Match(*row) for row in rows]
