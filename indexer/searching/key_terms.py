"""An article's key terms, the same way for every backend: the words frequent in the
article and rare in the archive, by the Bo1 model of divergence from randomness (the model
of Whoosh's ``Expander``: a word's weight in the text against its frequency in the whole
collection).

Each backend gives, for each searched field of the article (heading, body), the words of its
text with their counts and the archive's total count of each word in that field; ``best_terms``
scores one field, ``combine`` adds up the fields and keeps the best words of two characters
or more.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

KEY_TERMS = 10
# Words kept from each field before the fields are added up.
PER_FIELD = 3 * KEY_TERMS


def bo1(weight: float, collection: float, n: int) -> float:
    """The Bo1 score of a word counted ``weight`` times in the text and ``collection`` times
    in an archive of ``n`` documents."""
    f = collection / n
    return weight * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2)


def _normalizer(best: float, n: int) -> float:
    if not best:
        return best
    f = best / n
    return (best * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)


def best_terms(counts: Mapping[str, float], collection: Callable[[str], float], n: int,
               number: int = PER_FIELD) -> list[tuple[str, float]]:
    """The ``number`` best words of one field's text, best first, with their weights
    normalised as Whoosh's ``Expander`` does. ``counts``: word -> its weight in the text
    (its count, times the field's boost where the backend weighs words so);
    ``collection(word)``: the word's weight over the archive's field (0 for a word the
    archive lacks, which is left out); ``n``: the archive's documents."""
    if not n:
        return []
    scores = []
    for word, weight in counts.items():
        total = collection(word)
        if total:
            scores.append((bo1(weight, total, n), word))
    if not scores:
        return []
    norm = _normalizer(max(s for s, _ in scores), n) or 1.0
    scores.sort(key=lambda sw: (-sw[0], sw[1]))
    return [(word, score / norm) for score, word in scores[:number]]


def combine(fields: Iterable[list[tuple[str, float]]],
            count: int = KEY_TERMS) -> tuple[str, ...]:
    """The ``count`` words of two characters or more with the highest summed weight over
    ``fields`` (each a ``best_terms`` list), best first, ties by the word."""
    scored: dict[str, float] = {}
    for terms in fields:
        for word, weight in terms:
            if len(word) > 1:
                scored[word] = scored.get(word, 0.0) + weight
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(word for word, _ in ranked[:count])
