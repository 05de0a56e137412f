"""Which articles match: the one way the engine finds the documents of a Whoosh query,
unscored, for everything that counts rather than ranks (``search.count``, the facets of a
chosen filter, ``trend``, the looser retry).
"""
from __future__ import annotations

import numpy as np

from .array_ranking import Unsupported, ids_of
from .facets import FacetCache


def matching_ids(searcher, query, cache: FacetCache) -> np.ndarray:
    """The global numbers of the documents matching the Whoosh ``query``, ascending: from
    posting arrays (``array_ranking.ids_of``, no per-match Python step), or from Whoosh's
    own unscored matcher for a query the arrays do not handle."""
    try:
        return ids_of(searcher, query, cache)
    except Unsupported:
        return np.unique(np.fromiter(searcher.docs_for_query(query), dtype=np.int64))
