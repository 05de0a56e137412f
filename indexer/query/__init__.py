"""The query language, the same for every backend.

``parse_query`` reads what a user typed into a small syntax tree (``Text``, ``Exact``,
``DateRange``, ``And``, ``Or``, ``Not``, ``MatchAll``) that each backend compiles to its own
engine's queries; ``Synonyms`` expands unquoted words; ``indexer.query.dates`` reads the
dates users give (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and ranges of them).
"""
from __future__ import annotations

from .language import (
    And,
    DateRange,
    Exact,
    MatchAll,
    Node,
    Not,
    Or,
    Text,
    parse_date_range,
    parse_query,
    positive_texts,
)
from .synonyms import Synonyms, load_synonyms, parse_synonyms

__all__ = [
    "And", "DateRange", "Exact", "MatchAll", "Node", "Not", "Or", "Text", "Synonyms",
    "load_synonyms", "parse_date_range", "parse_query", "parse_synonyms", "positive_texts",
]
