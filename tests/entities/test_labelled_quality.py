"""The entity facets on 100 hand-labelled real articles (tests/data/entities): places must
stay at precision 0.9 and recall 0.8 or better at every level, people and organisations
above their measured floors, so that a change of the rules that loses quality is caught.
Figures and their reading: bench/entities.py, docs/entities.md."""
from __future__ import annotations

from pathlib import Path

from indexer.entities.scoring import read_labels, score
from indexer.readers import read_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "entities"


def test_places_people_and_organisations_keep_their_precision_and_recall():
    articles = [a for a in read_paths([DATA / "articles.jsonl"]) if hasattr(a, "id")]
    labels = read_labels(DATA / "labels.tsv")
    assert len(articles) == len(labels) == 100
    scores = score(articles, labels)
    for facet in ("place", "place_province", "place_city"):
        assert scores[facet].precision >= 0.9 and scores[facet].recall >= 0.8, facet
    assert scores["place_county"].precision >= 0.9 and scores["place_county"].recall >= 0.75
    assert scores["person"].precision >= 0.9 and scores["person"].recall >= 0.55
    assert scores["org"].precision >= 0.8 and scores["org"].recall >= 0.55


def test_garbled_text_names_nobody_and_nowhere():
    garbled = [a for a in read_paths([DATA / "articles.jsonl"])
               if getattr(a, "id", "").startswith("sogoucs-")]
    labels = read_labels(DATA / "labels.tsv")
    scores = score(garbled, labels)
    assert len(garbled) == 3
    assert {name: s.found for name, s in scores.items()} == {
        "person": 0, "place": 0, "place_province": 0, "place_city": 0, "place_county": 0,
        "org": 0}
