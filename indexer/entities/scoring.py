"""Precision and recall of the entity facets against hand labels.

The labels (``tests/data/entities/labels.tsv``) give, per article, its people, its
organisations and its places as paths (浙江省>嘉兴市>南湖区, as deep as the text names the
place; the rules are in ``docs/entities.md``). A labelled path counts at each level it
names; a found place counts at each level its facet gives, except a city that is a
municipality's own name (北京市 as a city of 北京市), which the labels leave out. Counts are
over (article, value) pairs, summed over the articles (micro averages).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article

from .extract import Entities, entities_of

SCORED = ("person", "place", "place_province", "place_city", "place_county", "org")


@dataclass(frozen=True)
class Labels:
    """One article's hand labels, by scored facet."""

    values: Mapping[str, frozenset[str]]


@dataclass
class Score:
    found: int = 0  # values the facet gave
    right: int = 0  # of those, labelled
    labelled: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def labels_of(person: str, place: str, org: str) -> Labels:
    """The Labels of one row's cells (values separated by ``|``)."""
    levels: dict[str, set[str]] = {"place_province": set(), "place_city": set(),
                                   "place_county": set()}
    for path in _split(place):
        parts = path.split(">")
        for level, name in zip(("place_province", "place_city", "place_county"),
                               parts if len(parts) != 2 or not _is_county(parts[1])
                               else (parts[0], "", parts[1]), strict=False):
            if name:
                levels[level].add(name)
    return Labels({"person": frozenset(_split(person)), "org": frozenset(_split(org)),
                   "place": frozenset().union(*levels.values()),
                   **{k: frozenset(v) for k, v in levels.items()}})


def _is_county(name: str) -> bool:
    """A municipality's district written right under it (北京市>海淀区)."""
    return name.endswith(("区", "县")) and not name.endswith(("地区", "自治区"))


def read_labels(path: Path) -> dict[str, Labels]:
    """Article id -> its Labels, from a labels TSV (a ``#`` line, then a header row)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
        next(rows)
        return {row[0]: labels_of(*(row + ["", "", ""])[1:4]) for row in rows if row}


def found_values(entities: Entities) -> dict[str, frozenset[str]]:
    """What the facets give for an article, by scored facet (municipality cities left
    out, as in the labels)."""
    provinces = set(entities.places.province)
    cities = frozenset(c for c in entities.places.city if c not in provinces)
    levels = {"place_province": frozenset(provinces), "place_city": cities,
              "place_county": frozenset(entities.places.county)}
    return {"person": frozenset(entities.persons), "org": frozenset(entities.orgs),
            "place": frozenset().union(*levels.values()), **levels}


def score(articles: Iterable[Article], labels: Mapping[str, Labels]
          ) -> dict[str, Score]:
    """Facet -> its Score over the labelled ``articles``."""
    scores = {name: Score() for name in SCORED}
    for article in articles:
        wanted = labels[article.id].values
        got = found_values(entities_of(article))
        for name in SCORED:
            scores[name].found += len(got[name])
            scores[name].right += len(got[name] & wanted[name])
            scores[name].labelled += len(wanted[name])
    return scores


def misses(article: Article, labels: Labels) -> dict[str, tuple[set[str], set[str]]]:
    """Facet -> (found but not labelled, labelled but not found), for reading errors."""
    got = found_values(entities_of(article))
    return {name: (set(got[name] - labels.values[name]), set(labels.values[name] - got[name]))
            for name in SCORED}
