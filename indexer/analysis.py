"""The import path of the analyzers that indexes written before ``indexer.engine.analyzers``
existed have pickled in their schema: kept so that those indexes still open. New code imports
``indexer.engine.analyzers`` (the analyzers) or ``indexer.text.segmentation`` (segmenting)."""
from __future__ import annotations

from indexer.engine.analyzers import CharTokenizer, GramTokenizer, WordTokenizer

__all__ = ["CharTokenizer", "GramTokenizer", "WordTokenizer"]
