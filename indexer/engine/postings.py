"""A term's postings in one segment, and a field's lengths, as numpy arrays.

Whoosh's matchers walk postings one document at a time in Python; ranking every match of a
common word that way costs a second at archive scale. Here a term's posting list is read
block by block (each block is one unpickled tuple of ids, weights and values), or in one
piece when it is inlined in the term's entry (``indexer.engine.term_writer``), so the ids and
weights of a whole list become two arrays and the positions stay encoded until a document
needs them.

``PostingsCache`` keeps recently read lists, so that the words searched for often are not
unpickled again for every search.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, chain, repeat

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.mcore import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from .codec.packed_positions import unpack_gaps, value_gaps
from .codec.term_entries import Slices
from .position_gaps import phrase_keys, positions_of, unpack_values
from .recent import Recent
from .whoosh_private import (
    field_length_bytes,
    inlined_postings,
    stored_blocks,
)

_NO_IDS = np.empty(0, dtype=np.int64)
# byte -> field length, as Whoosh decodes it; an article without the field counts as 1
# long (what ``doc_field_length(...) or 1`` gives).
_LENGTHS = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: local document numbers (ascending, deleted
    documents left out), weights (the frequency times the field's boost) and, when asked
    for, each posting's encoded positions (``positions`` decodes one)."""

    ids: np.ndarray
    weights: np.ndarray
    values: Sequence[bytes] | None = None
    # How to read one value's gaps, by the field's format (None: no positions were read).
    gaps: Callable[[bytes], Sequence[int]] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, picked: np.ndarray) -> Postings:
        """The postings at the indexes ``picked``."""
        values = None if self.values is None else self._values_at(picked)
        return replace(self, ids=self.ids[picked], weights=self.weights[picked],
                       values=values)

    def gaps_at(self, picked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The gaps of the postings at the indexes ``picked`` (read with their values, of a
        field with positions), one posting's after another, and how many each has: packed
        ones in one compiled pass (``position_gaps``), Whoosh's pickled lists one by one."""
        values = self._values_at(picked)
        if self.gaps is unpack_gaps:
            return unpack_values(values)
        decoded = list(map(self.gaps, values))
        sizes = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
        flat = np.fromiter(chain.from_iterable(decoded), dtype=np.int64,
                           count=int(sizes.sum()))
        return flat, sizes

    def phrase_keys(self, picked: np.ndarray, offset: int, among: np.ndarray | None
                    ) -> np.ndarray:
        """The keys ``n << 32 | position - offset`` of every position of the postings at
        the indexes ``picked`` (n numbers them from 0), ascending: where a phrase would
        start if this term is its bigram number ``offset``. With ``among`` (such keys,
        ascending), those it has."""
        if self.gaps is unpack_gaps:
            return phrase_keys(self._values_at(picked), offset, among)
        flat, sizes = self.gaps_at(picked)
        keys = (positions_of(flat, sizes) - offset
                + (np.repeat(np.arange(len(picked), dtype=np.int64), sizes) << 32))
        return keys if among is None else np.intersect1d(among, keys, assume_unique=True)

    def _values_at(self, picked: np.ndarray) -> list:
        indices = picked.tolist()
        if isinstance(self.values, Slices):  # inlined: cut from the term's entry
            return self.values.taken(indices)
        return [self.values[i] for i in indices]

    def positions(self, i: int) -> list[int]:
        """The positions of the ``i``-th posting (read with its values, of a field with
        positions)."""
        return list(accumulate(self.gaps(self.values[i])))


EMPTY = Postings(_NO_IDS, np.empty(0, dtype=np.float64), [])


def read_postings(reader, field: str, text: str, values: bool = False,
                  within: np.ndarray | None = None, present: bool = False) -> Postings:
    """The postings of ``text`` in ``field`` of the segment ``reader`` (a leaf reader);
    with ``within`` (ascending local document numbers), only the blocks that may hold one
    of them are read (then the result holds every posting of those documents, and some
    others). ``present``: the caller knows the segment has the term (saves a lookup)."""
    if not present and (field, text) not in reader:
        return EMPTY
    matcher = reader.postings(field, text)
    deleted = None
    if isinstance(matcher, FilterMatcher) and isinstance(matcher.child,
                                                         (W3LeafMatcher, ListMatcher)):
        deleted = reader.deleted_docs_set
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        found = _blocks(matcher, values, within)
    elif isinstance(matcher, ListMatcher):  # postings inlined in the term's entry
        found = _inlined(matcher, values)
    else:  # another codec
        found = _one_by_one(matcher, values)
    if values and isinstance(reader.schema[field].format, Positions):
        found = replace(found, gaps=value_gaps(reader.schema[field].format))
    if deleted:
        found = found.take(np.flatnonzero(~np.isin(found.ids, list(deleted))))
    return found


def _blocks(matcher: W3LeafMatcher, values: bool, within: np.ndarray | None) -> Postings:
    blocks = stored_blocks(matcher)
    deltas, weights, sizes, encoded = [], [], [], []
    candidates = None if within is None else within.tolist()
    first = 0  # no document of the block comes before this one
    for number, (last, *_) in enumerate(blocks.headers):
        if candidates is not None and bisect_left(candidates, first) == bisect_right(
                candidates, last):
            first = last + 1
            continue
        first = last + 1
        block_ids, block_weights, block_values = blocks.decoded(number, values)
        deltas.append(block_ids)
        weights.append(block_weights)
        sizes.append(len(block_ids))
        if values:
            encoded.extend(block_values)
    if not deltas:
        return EMPTY
    total = sum(sizes)
    # Each block's ids are gaps, its first from 0: summed block by block as positions are.
    ids = positions_of(np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=total),
                       np.asarray(sizes))
    return Postings(ids, _block_weights(weights, sizes, total), encoded if values else None)


def _block_weights(weights: list, sizes: list[int], total: int) -> np.ndarray:
    """The weights of blocks as ``StoredBlocks.decoded`` gives each: None when all are
    1.0, one float when all are equal, else one per posting."""
    return np.fromiter(chain.from_iterable(
        repeat(1.0 if w is None else w, n) if w is None or isinstance(w, float) else w
        for w, n in zip(weights, sizes, strict=True)), dtype=np.float64, count=total)


def _inlined(matcher: ListMatcher, values: bool) -> Postings:
    inlined_ids, inlined_weights, inlined_values = inlined_postings(matcher)
    ids = np.asarray(inlined_ids, dtype=np.int64)
    weights = (np.asarray(inlined_weights, dtype=np.float64) if inlined_weights
               else np.ones(len(ids)))  # left out when all are 1.0 (``ListMatcher.weight``)
    return Postings(ids, weights, (inlined_values or []) if values else None)


def _one_by_one(matcher, values: bool) -> Postings:
    ids, weights, encoded = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            encoded.append(matcher.value())
        matcher.next()
    return Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                    encoded if values else None)


def field_lengths(reader, field: str) -> np.ndarray:
    """The length of ``field`` in each document of the segment ``reader`` (1 where the
    document has none), as Whoosh's ``doc_field_length`` reads it one at a time. The
    lengths column of a Whoosh 3 segment is read in one go (its per-document reader holds
    it); any other reader is asked document by document (a hundred times slower)."""
    n = reader.doc_count_all()
    column = field_length_bytes(reader, field)
    if column is None:
        return np.array([reader.doc_field_length(d, field, 0) or 1 for d in range(n)],
                        dtype=np.float64)
    raw = np.frombuffer(column, dtype=np.uint8)
    codes = np.zeros(n, dtype=np.uint8)
    codes[:len(raw)] = raw[:n]
    return _LENGTHS[codes]


# How many postings an open index's cache holds at most: about 65 bytes each with their
# positions, so some 1.3 GB when full. The lists the searches of common words read grow with
# the archive; at 420,000 articles the query mix of ``bench/scale.py`` measured warm p50 375
# ms and p95 815 ms with a cache of a million postings (every search reading its lists
# again) and 43 / 102 ms with twenty million. A smaller archive never fills it.
CACHE_POSTINGS = 20_000_000


class PostingsCache(Recent):
    """Recently used values built from posting lists (``get``, told how many postings a
    value holds), least recently used dropped beyond ``max_postings`` postings in all; safe
    to share between threads. Keys start with ``segment_key``: a segment never changes,
    except for new deletions."""

    def __init__(self, max_postings: int = CACHE_POSTINGS) -> None:
        super().__init__(max_postings)


def segment_key(reader) -> tuple[str, int]:
    """What identifies the postings of the segment ``reader``: its id and how many of its
    documents are deleted (a deletion changes them, nothing else does)."""
    segment = reader.segment()
    return (segment.segment_id(), segment.deleted_count()) if segment is not None else ("", 0)


def kept_postings(cache: PostingsCache, reader, field: str, text: str, values: bool = False
                  ) -> Postings | None:
    """The whole list of ``text`` if ``cache`` holds it (with positions, or without when
    ``values`` is false), else None; nothing is read."""
    key = segment_key(reader)
    found = cache.peek((key, field, text, True))
    if found is None and not values:
        found = cache.peek((key, field, text, False))
    return found


def cached_postings(cache: PostingsCache, reader, field: str, text: str,
                    values: bool = False, present: bool = False) -> Postings:
    """``read_postings`` through ``cache`` (a list read with its positions serves both)."""
    found = kept_postings(cache, reader, field, text, values)
    if found is not None:
        return found
    return cache.get((segment_key(reader), field, text, values),
                     lambda: read_postings(reader, field, text, values, present=present), len)
