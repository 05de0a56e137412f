"""Segmenting normalised text the way every view of it is indexed and every query is read.

``segmenter``/``segment``: jieba words, with a jieba segmenter of our own per user
dictionary; ``RUN``: a run of letters, digits or CJK characters (what a user can type as a
term); the three views of a text as flat token sequences (``word_tokens``, ``gram_tokens``,
``char_counts``) and a query run's bigram phrases (``grams_of``). The engine's analyzers
(``indexer.engine.analyzers``) and the segment builder produce their tokens from these, so a
backend that indexes elsewhere segments exactly as the Whoosh index does.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from functools import lru_cache
from operator import add

import jieba

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


# Lean versions of the three views for the segment builder (``indexer.engine.segment_builder``): the
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
