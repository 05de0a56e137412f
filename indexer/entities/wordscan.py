"""Finding the words of a fixed list in a text in one pass of the regular-expression engine.

The words are compiled into one pattern shaped like their trie (共享前缀 once: 嘉兴市,
嘉善县 -> 嘉(?:兴市|善县)), so a scan costs about as much as reading the text once, in C,
instead of a dictionary look-up per position and length in Python. At each position the
longest listed word wins, and matches do not overlap (浙江省嘉兴市 -> 浙江省, 嘉兴市).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def _trie(words: Iterable[str]) -> dict:
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return root


def _pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where a word ends, the longer words through this node are tried first (greedy ``?``).
    return f"(?:{body})?" if ends else body


class WordScanner:
    """The listed words found in a text, longest first at each position, left to right."""

    def __init__(self, words: Iterable[str]) -> None:
        listed = {w for w in words if w}
        if not listed:
            self._regex = None
            return
        self._regex = re.compile(_pattern(_trie(listed)))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches (``match.group()`` is the word, ``match.end()`` where it ends)."""
        if self._regex is None:
            return iter(())
        return self._regex.finditer(text)
