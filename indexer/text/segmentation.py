"""Segmenting normalised text the way every view of it is indexed and every query is read.

``segmenter``/``segment``: jieba words, with a jieba segmenter of our own per user
dictionary; ``RUN``: a run of letters, digits or CJK characters (what a user can type as a
term); the three views of a text as flat token sequences (``word_tokens``, ``gram_tokens``,
``char_counts``) and a query run's bigram phrases (``grams_of``). The engine's analyzers
(``indexer.engine.analyzers``) and the segment builder produce their tokens from these, so a
backend that indexes elsewhere segments exactly as the Whoosh index does.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from operator import add
from pathlib import Path

import rjieba

from indexer.errors import ConfigError

# A run of characters that a user can type as a search term: letters, digits, CJK. Anything
# else (punctuation, spaces, symbols) separates runs.
RUN = re.compile(r"[^\W_]+")

# What jieba yields for a run of letters, digits and signs that its dictionary does not
# hold (the skip pattern of its unknown-word segmenter): ``www.npc.gov.cn`` gives www . npc
# . gov . cn, ``1.50`` and ``97%`` stay whole. jieba-rs keeps such a run as one word.
_JIEBA_PIECE = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|.", re.S)
_ASCII_ALNUM = re.compile(r"[a-zA-Z0-9]")
# A line of a jieba user dictionary: the word, then its frequency and its tag, both optional.
_USER_WORD = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")


class Segmenter:
    """jieba's segmentation: its dictionary, its user-dictionary format and its HMM for
    unknown words, computed by jieba-rs (through ``rjieba``), which gives the same words
    some twenty times faster (``tests/test_segmentation.py`` compares the two word for word
    on the repository's articles). The one difference, a run such as ``www.npc.gov.cn``
    kept whole, is cut here as jieba cuts it."""

    def __init__(self, userdict: str | None = None) -> None:
        if userdict:  # a segmenter of its own: the words are for this archive alone
            own = rjieba.Jieba()
            for word, freq, tag in user_words(userdict):
                own.add_word(word, freq, tag)
            self._cut = own.cut
        else:  # rjieba's own, loaded when it is imported (0.2 s)
            self._cut = rjieba.cut

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` in order, punctuation and spaces included, as
        ``jieba.Tokenizer.cut(text, HMM=True)`` gives them; they add up to ``text``."""
        words = self._cut(text, True)
        if not any(len(w) > 1 and not w.isalnum() and _ASCII_ALNUM.search(w) for w in words):
            return words
        out: list[str] = []
        for word in words:
            if len(word) > 1 and not word.isalnum() and _ASCII_ALNUM.search(word):
                out.extend(_JIEBA_PIECE.findall(word))
            else:
                out.append(word)
        return out


def user_words(path: str) -> list[tuple[str, int | None, str | None]]:
    """The (word, frequency, tag) lines of the jieba user dictionary at ``path``, read as
    ``jieba.Tokenizer.load_userdict`` reads them. Raises ConfigError for a file that is not
    UTF-8."""
    try:
        text = Path(path).read_bytes().decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"the user dictionary {path} must be UTF-8 text") from exc
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        found = _USER_WORD.match(line)
        assert found is not None  # "(.+?)" matches any line that is not empty
        word, freq, tag = found.groups()
        out.append((word, int(freq) if freq else None, tag.strip() if tag else None))
    return out


@lru_cache(maxsize=8)
def _segmenter(userdict: str | None, mtime: float | None) -> Segmenter:
    return Segmenter(userdict)


def segmenter(userdict: str | None = None) -> Segmenter:
    """The segmenter of ``userdict`` (loaded when that file exists), its own words added to
    jieba's dictionary for it alone. Cached per dictionary path and modification time, so
    an edited dictionary is reloaded."""
    try:
        mtime = os.stat(userdict).st_mtime if userdict else None
    except OSError:
        userdict, mtime = None, None
    return _segmenter(userdict, mtime)


def segment(text: str, userdict: str | None = None) -> list[str]:
    """jieba words of ``text`` (normalised), punctuation and spaces dropped."""
    return [w for w in segmenter(userdict).cut(text) if RUN.fullmatch(w)]


# Lean versions of the three views for the segment builder (``indexer.engine.segment_builder``): the
# same terms and positions as the tokenizers above, without a Token per token, as flat
# sequences (the builder groups them by term for the whole segment at once).
# ``str.isalnum`` is exactly ``RUN``'s character class.

def word_tokens(text: str, userdict: str | None = None) -> tuple[list[str], range]:
    """The jieba words of ``text`` in order and their positions (0, 1, 2, …), as
    ``WordTokenizer`` gives them."""
    words = list(filter(str.isalnum, segmenter(userdict).cut(text)))
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
