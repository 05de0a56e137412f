"""Baoku: full-text search for Chinese newspaper archives.

The library is the product; the CLI (`indexer.cli`) and the web app (`search_web`) are thin
layers over it.
"""
from __future__ import annotations

__version__ = "0.1.0"
