"""Whoosh tokenizers for the three views of a text, each indexed in its own field.

- ``WordTokenizer``: jieba words with true token positions, for ranking;
- ``GramTokenizer``: overlapping character bigrams of every run of letters/digits/CJK
  characters, with consecutive positions, so that any run of two or more characters is a
  phrase of bigrams: exact substring search;
- ``CharTokenizer``: each letter/digit/CJK character, for one-character queries.

The text is already normalised (``indexer.text.normalize``); segmentation itself is
``indexer.text.segmentation``'s. Whoosh pickles the schema with its analyzers, so these
classes hold only plain settings (a dictionary path) and the jieba segmenter is created
lazily outside them. Indexes written before this module existed name
``indexer.analysis.WordTokenizer`` and its siblings: ``indexer/analysis.py`` keeps that path.
"""
from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from indexer.text.segmentation import RUN, segmenter


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
        for word in segmenter(self.userdict).cut(value):
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
