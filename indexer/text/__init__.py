"""Text as every part of Baoku reads it: one normalisation for articles and queries alike
(``normalize``: NFKC, traditional to simplified, lower case) and one segmentation
(``segmentation``: jieba words, runs of letters, digits and CJK characters, bigrams), and the
key a headline is looked up by (``headline``)."""
from __future__ import annotations

from .headline import headline_key
from .normalize import normalize, normalize_with_offsets
from .segmentation import RUN, grams_of, segment, segmenter

__all__ = ["RUN", "grams_of", "headline_key", "normalize", "normalize_with_offsets", "segment",
           "segmenter"]
