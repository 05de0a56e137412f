"""The headline key: what a headline and a query must share for the headline to rank first.

One definition for every backend: the headline normalised as all text is
(``indexer.text.normalize``: full/half width, traditional to simplified, lower case), with
everything but letters, digits and CJK characters left out (spaces, punctuation, brackets).
Both backends store it with each article when indexing; a query whose text has the same key
puts the articles with that headline first.
"""
from __future__ import annotations

from .normalize import normalize
from .segmentation import RUN


def headline_key(text: str) -> str:
    """The key of a headline (or of a query's text): its runs of letters, digits and CJK
    characters, normalised and joined; "" when it has none."""
    return "".join(RUN.findall(normalize(text)))
