"""Finding the words of a fixed list in a text, longest first at each position, left to
right, without overlaps (浙江省嘉兴市 -> 浙江省, 嘉兴市).

One regular expression of the list's first characters (a character class: a bitmap test per
character, in C) finds the positions where a listed word may start; at each, the substrings
of the lengths that words starting with that character have are looked up in a set, longest
first. A regular expression of the whole list instead tries its thousands of alternatives
one after another at every position, several times slower.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found:
    """A listed word found at ``start`` .. ``end`` of the text (``group()`` as for a
    regular-expression match)."""

    word: str
    start_at: int

    def group(self) -> str:
        return self.word

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.start_at + len(self.word)


class WordScanner:
    """The listed words found in a text, longest first at each position, left to right."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for word in self._words:
            lengths.setdefault(word[0], set()).add(len(word))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
        # The first two characters of every word of two or more: most candidates fail here.
        self._pairs = frozenset(w[:2] for w in self._words if len(w) > 1)
        self._singles = frozenset(w for w in self._words if len(w) == 1)
        self._starts = (re.compile("[" + "".join(map(re.escape, sorted(lengths))) + "]")
                        if lengths else None)

    def finditer(self, text: str) -> Iterator[Found]:
        if self._starts is None:
            return
        words, lengths, pairs, after = self._words, self._lengths, self._pairs, 0
        for candidate in self._starts.finditer(text):
            at = candidate.start()
            if at < after:
                continue
            if text[at:at + 2] not in pairs:
                if text[at] in self._singles:
                    after = at + 1
                    yield Found(text[at], at)
                continue
            for size in lengths[text[at]]:
                if text[at:at + size] in words:
                    after = at + size
                    yield Found(text[at:after], at)
                    break
