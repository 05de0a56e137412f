"""Tokenizers and analyzers for exact Chinese search.

Three views of the same (already normalised, see ``indexer.normalize``) text, each indexed in
its own field:

- ``WordTokenizer``: jieba words with true token positions, for ranking;
- ``GramTokenizer``: overlapping character bigrams of every run of letters/digits/CJK
  characters, with consecutive positions, so that any run of two or more characters is a
  phrase of bigrams: exact substring search;
- ``CharTokenizer``: each letter/digit/CJK character, for one-character queries.

Whoosh pickles the schema with its analyzers, so these classes live at a stable import path
and hold only plain settings; the jieba segmenter is created lazily, per dictionary, outside
the analyzer (see ``segmenter``). Renaming this module breaks existing indexes: bump
``indexer.schema.SCHEMA_VERSION`` instead.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from operator import add

import jieba
from whoosh.analysis import Token, Tokenizer

# A run of characters that a user can type as a search term: letters, digits, CJK. Anything
# else (punctuation, spaces, symbols) separates runs.
RUN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8)
def _segmenter(userdict: str | None, mtime: float | None) -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    seg.initialize()
    if userdict:
        seg.load_userdict(userdict)
    return seg


def segmenter(userdict: str | None = None) -> jieba.Tokenizer:
    """A jieba segmenter of its own (never jieba's global one, whose ``load_userdict`` would
    change every caller in the process), with ``userdict`` loaded when that file exists.
    Cached per dictionary path and modification time, so an edited dictionary is reloaded."""
    try:
        mtime = os.stat(userdict).st_mtime if userdict else None
    except OSError:
        userdict, mtime = None, None
    return _segmenter(userdict, mtime)


def segment(text: str, userdict: str | None = None) -> list[str]:
    """jieba words of ``text`` (normalised), punctuation and spaces dropped."""
    return [w for w in segmenter(userdict).cut(text, HMM=True) if RUN.fullmatch(w)]


class _BaseTokenizer(Tokenizer):
    """Honours Whoosh's tokenizer contract: positions, chars, start_pos, start_char, mode.
    Each tokenizer says what its pieces are (``_pieces``); this fills Whoosh's Token."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:  # pragma: no cover - Whoosh never hashes analyzers
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: object) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in self._pieces(value, start_pos, start_char):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start
                t.endchar = end
            yield t

    def _pieces(self, value: str, start_pos: int, start_char: int
                ) -> Iterator[tuple[str, int, int, int]]:
        """(text, position, start character, end character) of each token."""
        raise NotImplementedError


class WordTokenizer(_BaseTokenizer):
    """jieba words; positions count words (not characters), so phrases work."""

    def __init__(self, userdict: str | None = None) -> None:
        self.userdict = userdict

    def _pieces(self, value, start_pos, start_char):
        pos = start_pos
        offset = start_char
        for word in segmenter(self.userdict).cut(value, HMM=True):
            start = offset
            offset += len(word)
            if RUN.fullmatch(word):
                yield word, pos, start, offset
                pos += 1


class GramTokenizer(_BaseTokenizer):
    """Overlapping bigrams of each run; bigram k of the text has position k. A run of one
    character gives no bigram (the char field finds it)."""

    def _pieces(self, value, start_pos, start_char):
        pos = start_pos
        for m in RUN.finditer(value):
            run = m.group()
            base = start_char + m.start()
            for i in range(len(run) - 1):
                yield run[i:i + 2], pos, base + i, base + i + 2
                pos += 1
            pos += 1  # no phrase spans two runs


class CharTokenizer(_BaseTokenizer):
    """Each letter, digit or CJK character of the text."""

    def _pieces(self, value, start_pos, start_char):
        pos = start_pos
        for m in RUN.finditer(value):
            base = start_char + m.start()
            for i, ch in enumerate(m.group()):
                yield ch, pos, base + i, base + i + 1
                pos += 1


# Lean versions of the three views for the segment builder (``indexer.segments``): the
# same terms and positions as the tokenizers above, without a Token per token, as flat
# sequences (the builder groups them by term for the whole segment at once).
# ``str.isalnum`` is exactly ``RUN``'s character class.

def word_tokens(text: str, userdict: str | None = None) -> tuple[list[str], range]:
    """The jieba words of ``text`` in order and their positions (0, 1, 2, …), as
    ``WordTokenizer`` gives them."""
    words = list(filter(str.isalnum, segmenter(userdict).cut(text, HMM=True)))
    return words, range(len(words))


def gram_tokens(text: str) -> tuple[list[str], list[int]]:
    """The bigrams of ``text`` in order and their positions, as ``GramTokenizer`` numbers
    them (a run of n characters takes n positions: its n-1 bigrams and a gap)."""
    grams: list[str] = []
    positions: list[int] = []
    base = 0
    for run in RUN.findall(text):
        size = len(run)
        if size > 1:
            grams.extend(map(add, run, run[1:]))  # run[i] + run[i + 1], for each i
            positions.extend(range(base, base + size - 1))
        base += size
    return grams, positions


def char_counts(text: str) -> Counter[str]:
    """Each letter, digit or CJK character of ``text`` -> how often it occurs (the terms
    ``CharTokenizer`` gives)."""
    counts = Counter(text)
    for ch in [c for c in counts if not c.isalnum()]:
        del counts[ch]
    return counts


def grams_of(text: str) -> list[list[str]]:
    """The bigram phrases a query run of normalised ``text`` is made of, one list per run
    (a run of one character gives ``[char]``, to be looked up in the char field)."""
    out = []
    for m in RUN.finditer(text):
        run = m.group()
        out.append([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return out
