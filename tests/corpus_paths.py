"""Where the tests' real data is: ``tests/data/corpus``, the part of the project's news corpus
(人民日报, 搜狐/中国新闻网, SogouCS, CWCED) that the tests read, shipped with the repository
(sources in ``tests/data/NOTICE``).

A module of its own so that test modules can import the path: a ``conftest.py`` outside a
package cannot be imported reliably (pytest swaps the module named ``conftest`` per folder).
"""
from __future__ import annotations

from pathlib import Path

TEST_CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
