"""One normalisation for index text and queries alike: NFKC (full/half width), traditional
to simplified Chinese (OpenCC), lowercase.

``normalize_with_offsets`` also maps each character of the normalised text back to the
original, so that matches found in normalised text can be marked in the text as shown.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=65_536)
def _fold_char(ch: str) -> str:
    return _fold(ch)


def normalize(text: str) -> str:
    """Normalised text for indexing and querying."""
    return to_simplified(_fold(text))


def to_simplified(text: str) -> str:
    """Traditional to simplified, character for character where OpenCC's phrase conversion
    would change the length (so that offsets stay aligned)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _t2s().convert
    return "".join(c if len(c := convert(ch)) == 1 else ch for ch in text)


@lru_cache(maxsize=2_048)
def normalize_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """The normalised text and, for each of its characters, the index of the original
    character it came from (plus one final entry equal to ``len(text)``). Kept for the
    texts normalised last: the articles found often are marked again and again."""
    folded = _fold(text)
    if len(folded) == len(text):
        # Length kept: NFKC and lowercasing mapped character to character (the case of
        # every Chinese text without ligatures or composed symbols).
        return to_simplified(folded), range(len(text) + 1)
    # Fold character by character, each character folded once per process.
    pieces = [_fold_char(ch) for ch in text]
    origin = [i for i, piece in enumerate(pieces) for _ in piece]
    origin.append(len(text))
    return to_simplified("".join(pieces)), tuple(origin)
