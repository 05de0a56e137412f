"""Marking matched text and choosing a snippet of whole sentences around the match.

Matching happens on normalised text (the same normalisation as the index) and is mapped back
to the original characters through ``normalize_with_offsets``: no re-segmentation, so a mark
covers exactly what the bigram field matched.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from indexer.results import Snippet
from indexer.text.normalize import normalize_with_offsets

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』\"')）]*|\n|$)")


def find_marks(text: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Ranges of ``text`` where any of the normalised ``terms`` occurs, merged, in order."""
    terms = [t for t in set(terms) if t]
    if not terms or not text:
        return ()
    norm, origin = normalize_with_offsets(text)
    ranges = []
    for term in terms:
        start = norm.find(term)
        while start >= 0:
            end = start + len(term)
            ranges.append((origin[start], origin[end - 1] + 1))
            start = norm.find(term, start + 1)
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def highlight(text: str, terms: Iterable[str]) -> Snippet:
    """The whole of ``text`` with every match marked."""
    return Snippet(text, find_marks(text, terms))


@lru_cache(maxsize=2_048)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each sentence of ``text``; kept for the texts cut last."""
    return tuple((m.start(), m.end()) for m in _SENTENCE.finditer(text)
                 if m.end() > m.start() and text[m.start():m.end()].strip())


def make_snippet(text: str, terms: Iterable[str], max_chars: int = 160) -> Snippet:
    """Whole sentences of ``text`` around its best match (the sentence holding the most
    distinct terms), extended with the following sentences up to ``max_chars``; a sentence
    longer than that is cut around its first match, with "…". Without a match: the opening
    sentences."""
    marks = find_marks(text, terms)
    spans = _sentences(text)
    if not spans:
        return Snippet("")
    best = 0
    if marks:
        # Each mark's text, by the sentence it starts in (only those can be the best).
        span_starts = [s for s, _ in spans]
        held: dict[int, list[str]] = {}
        for s, e in marks:
            i = bisect_right(span_starts, s) - 1
            if i >= 0 and s < spans[i][1]:
                held.setdefault(i, []).append(text[s:e])
        if held:
            best = max(held, key=lambda i: (len(set(held[i])), len(held[i]), -i))
    start, end = spans[best]
    nxt = best + 1
    while nxt < len(spans) and spans[nxt][1] - start <= max_chars:
        end = spans[nxt][1]
        nxt += 1
    prefix = suffix = ""
    if end - start > max_chars:
        first = next((s for s, _ in marks if start <= s < end), start)
        cut_start = max(start, min(first - max_chars // 4, end - max_chars))
        if cut_start > start:
            prefix = "…"
        start, end = cut_start, cut_start + max_chars
        suffix = "…"
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    body = text[start:end]
    inside = tuple((max(s, start) - start + len(prefix), min(e, end) - start + len(prefix))
                   for s, e in marks if s < end and e > start)
    return Snippet(prefix + body + suffix, inside)
