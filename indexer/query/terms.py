"""The runs of characters a query looks for and marks, the same for every backend.

A run is what ``indexer.text.segmentation.RUN`` finds in normalised text: letters, digits or
CJK characters between punctuation and spaces. Each text the user typed is looked for as
each of its spellings (``spellings``); ``highlight_terms`` lists the runs to mark in
headlines and snippets, synonyms included.
"""
from __future__ import annotations

from functools import lru_cache

import opencc

from indexer.text.normalize import normalize
from indexer.text.segmentation import RUN

from .language import Node, positive_texts
from .synonyms import Synonyms


@lru_cache(maxsize=1)
def _tw2s() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


def spellings(text: str) -> list[str]:
    """``text`` normalised, and also read as Taiwan-standard traditional when that differs
    (守著 is 守着 in Taiwan's spelling, 著 elsewhere)."""
    first = normalize(text)
    other = normalize(_tw2s().convert(text))
    return [first] if other == first else [first, other]


def highlight_terms(node: Node, synonyms: Synonyms) -> tuple[str, ...]:
    """The normalised runs (of every spelling, and of synonyms) to mark in titles and
    snippets."""
    terms: list[str] = []
    for text in positive_texts(node):
        variants = [text.text] + ([] if text.quoted else list(synonyms.of(text.text)))
        for variant in variants:
            for spelling in spellings(variant):
                terms.extend(RUN.findall(spelling))
    return tuple(dict.fromkeys(terms))
