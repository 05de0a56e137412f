"""``Recent``: values kept by key, the least recently used dropped first; the one cache class
of the engine's readers (a terms file's blocks and answers, ``codec.terms_file``; posting
lists, ``postings.PostingsCache``).

Each value kept has a weight (1 unless ``get`` is told how to weigh it: a posting list
weighs its postings, an empty one 1), and the weights kept add up to at most
``capacity``. Safe to share between threads: a value is made outside the lock, so two
threads may both make it, and the one kept first stays. A value may be None (a terms
file's answer for a term it does not have) and is kept as any other.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

_MISSING = object()


def _one(value: Any) -> int:
    return 1


class Recent:
    """At most ``capacity`` in weights of values by key, the least recently used dropped
    first."""

    def __init__(self, capacity: int) -> None:
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._capacity = capacity
        self._lock = Lock()

    @property
    def size(self) -> int:
        """The weight of what is kept."""
        return self._size

    @property
    def capacity(self) -> int:
        """The weight kept at most."""
        return self._capacity

    def peek(self, key: Hashable, use: bool = True) -> Any:
        """The value kept under ``key``, or None; now the most recently used unless not
        ``use``d (a walk over every term of a terms file looks at its blocks without
        making them the last ones to go)."""
        with self._lock:
            found = self._items.get(key, _MISSING)
            if found is _MISSING:
                return None
            if use:
                self._items.move_to_end(key)
            return found[0]

    def get(self, key: Hashable, make: Callable[[], Any],
            weigh: Callable[[Any], int] = _one) -> Any:
        """The value kept under ``key``, else ``make()``, kept unless it weighs more than
        the capacity."""
        with self._lock:
            found = self._items.get(key, _MISSING)
            if found is not _MISSING:
                self._items.move_to_end(key)
                return found[0]
        value = make()
        weight = max(1, weigh(value))  # an empty list too: what is kept stays bounded
        if weight > self._capacity:
            return value
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, weight)
                self._size += weight
            while self._size > self._capacity:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped
        return value
