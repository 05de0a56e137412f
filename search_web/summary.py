"""The sentences that explain a search's counts and reading: how many matching articles are
folded into another hit, and that a query in traditional characters was searched in
simplified ones."""
from __future__ import annotations

from indexer.results import SearchResults
from indexer.text.normalize import to_simplified


def collapsed_note(results: SearchResults) -> str | None:
    """"列出 40 篇，另有 3 篇相同文本已合并" when identical texts were folded; else None."""
    if not results.collapsed:
        return None
    listed = results.total - results.collapsed
    return f"列出 {listed:,} 篇，另有 {results.collapsed:,} 篇相同文本已合并"


def simplified_note(q: str) -> str | None:
    """"已按简体「经济」检索" when ``q`` holds traditional characters; else None."""
    simplified = to_simplified(q)
    return f"已按简体「{simplified}」检索" if simplified != q else None
