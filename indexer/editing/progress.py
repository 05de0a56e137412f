"""How far a run of ``baoku index`` has come, phase by phase.

A backend's ``index_articles`` reports to an ``IndexProgress``: ``advance(n)`` once ``n``
articles are done — built into a new segment (by a worker process too) or sent to the
cluster, or skipped as unchanged, duplicate or unreadable — and ``phase(name)`` when the
run moves on: ``writing segments`` (every article is built, the new segments' files are
being written), ``committing``, ``merging``. The base class ignores both.

``ProgressBar`` draws the run with tqdm, one line per phase::

    counting: 8000 articles in 1 file
    indexing: 100%|██████████| 8000/8000 [02:58<00:00, 44.8 articles/s]
    writing segments: 12.5 s
    committing: 2.1 s

The count is made up front (``indexer.readers.counting``) and corrected while indexing: a
file holding more articles than counted raises the total, and the total is set to the
articles done when the indexing ends. So the indexing line reaches 100% when the last
article is built, not when it is read, and the run ends with the commit's own line.
"""
from __future__ import annotations

import time
from types import TracebackType
from typing import IO

from tqdm import tqdm

COUNTING, INDEXING, WRITING, COMMITTING, MERGING = (
    "counting", "indexing", "writing segments", "committing", "merging")


class IndexProgress:
    """Receives a writing run's progress; this one ignores it. ``expected``: the articles
    the run is expected to hold when they were counted up front (None: unknown); the
    writer shares them out over its worker processes by it."""

    expected: int | None = None

    def advance(self, articles: int = 1) -> None:
        """``articles`` more articles are done."""

    def phase(self, name: str) -> None:
        """The run moves on to the phase ``name`` (``WRITING``, ``COMMITTING``, ``MERGING``)."""


class Counted(IndexProgress):
    """Reports nothing; holds the count made up front (``expected``), by which the writer
    shares the run over its worker processes (the upload page and ``baoku watch``)."""

    def __init__(self, articles: int) -> None:
        self.expected = articles


class _Bar(tqdm):
    """tqdm without its monitor thread (which only hurries the redraw of a stalled bar):
    the indexing process stays single-threaded, so its workers can be forked
    (``indexer.engine.parallel``)."""

    monitor_interval = 0


class ProgressBar(IndexProgress):
    """The run drawn with tqdm on ``file``: a counting line, an indexing bar over articles
    (with an ETA), then a line for each later phase showing its time. ``disable``: None
    draws only when ``file`` is a terminal (tqdm's rule), True never, False always."""

    def __init__(self, file: IO[str], disable: bool | None = None) -> None:
        self._file = file
        self._disable = disable
        self._bar: tqdm | None = None
        self._phase = ""
        self._started = 0.0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def counted(self, articles: int, files: int) -> None:
        """Show the count made up front, then start the indexing bar over ``articles``."""
        self.expected = articles
        self._line(f"{COUNTING}: {articles} articles in {files} "
                   f"file{'' if files == 1 else 's'}").close()
        self._bar = _Bar(total=articles, desc=INDEXING, unit="article", file=self._file,
                         disable=self._disable, dynamic_ncols=True)
        self._phase = INDEXING

    def advance(self, articles: int = 1) -> None:
        if self._bar is None or self._phase != INDEXING:
            return
        if self._bar.total is not None and self._bar.n + articles > self._bar.total:
            self._bar.total = self._bar.n + articles  # more than counted: correct it
        self._bar.update(articles)

    def phase(self, name: str) -> None:
        self._end_phase()
        self._phase = name
        self._started = time.perf_counter()
        self._bar = self._line(f"{name}…")

    def close(self) -> None:
        """End the last phase (the run has ended)."""
        self._end_phase()
        self._phase = ""

    def _line(self, text: str) -> tqdm:
        return _Bar(desc=text, file=self._file, disable=self._disable, bar_format="{desc}")

    def _end_phase(self) -> None:
        bar, self._bar = self._bar, None
        if bar is None:
            return
        if self._phase == INDEXING:
            if bar.total != bar.n:  # fewer than counted (blank lines, say): now it is known
                bar.total = bar.n
                bar.refresh()
        elif self._phase:
            bar.set_description_str(f"{self._phase}: {time.perf_counter() - self._started:.1f} s",
                                    refresh=True)
        bar.close()
