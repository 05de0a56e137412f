"""The archive's index on the cluster: its settings, analyzers and fields, and the check that
an existing index has them.

Searched text is normalised by Baoku before it is sent (``indexer.text.normalize``) and held
three ways, as in the Whoosh index:

- ``heading`` / ``body``: character bigrams of the whole text (``ngram(2,2)`` over every
  character, punctuation and spaces included, one position each), so a run of two or more
  characters is a phrase of bigrams: ``match_phrase`` finds exactly the texts that contain
  it, never across punctuation (a run never contains punctuation, so a bigram with
  punctuation is never asked for);
- ``heading.chars`` / ``body.chars``: single characters (``ngram(1,1)``), for one-character
  runs;
- ``heading_words`` / ``body_words``: jieba words segmented by Baoku with the archive's user
  dictionary, joined by spaces (``whitespace`` analyzer), for ranking and "more like this".

``person``, ``org``, ``place`` and ``place_province`` / ``place_city`` / ``place_county``
hold the people, places and organisations an article names (``indexer.entities``).

``headline_key`` holds the headline's key (``indexer.text.headline``) as one keyword: the
articles whose headline a query names come first (``indexer.opensearch.searching``).

Headings are ranked with BM25 at b = 0.5 (short, of similar lengths), bodies at 0.75, as in
``indexer.engine.collector_ranking``. Filters, facets and sorting use keyword fields; the
article itself is kept whole, unindexed, for display. The normalised texts are left out of
``_source`` (they are rebuilt from the article whenever needed).

``_meta.baoku`` holds the mapping's version and the archive's synonyms and user dictionary
(their text), so that every client of the cluster searches the archive alike.
"""
from __future__ import annotations

from typing import Any

from indexer.entities import ENTITY_FIELDS

# 2: headline_key; 3: the people, places and organisations articles name (person, place,
# place_province, place_city, place_county, org). An archive of another version is refused
# with how to rebuild it.
MAPPING_VERSION = 3
SHARDS = 3
REPLICAS = 1
# Deep pages of a collapsed ranking are asked with from/size.
MAX_RESULT_WINDOW = 100_000

GRAMS = "baoku_grams"
CHARS = "baoku_chars"
HEADING_SIMILARITY = "baoku_heading"

# The searched fields of a part (heading or body) of an article.
PARTS = ("heading", "body")


def grams_field(part: str) -> str:
    return part


def chars_field(part: str) -> str:
    return f"{part}.chars"


def words_field(part: str) -> str:
    return f"{part}_words"


def _keyword() -> dict[str, Any]:
    return {"type": "keyword"}


def _text(part: str) -> dict[str, Any]:
    similarity = HEADING_SIMILARITY if part == "heading" else "BM25"
    return {"type": "text", "analyzer": GRAMS, "similarity": similarity,
            "fields": {"chars": {"type": "text", "analyzer": CHARS,
                                 "similarity": similarity, "index_options": "freqs"}}}


def _words(part: str) -> dict[str, Any]:
    similarity = HEADING_SIMILARITY if part == "heading" else "BM25"
    return {"type": "text", "analyzer": "whitespace", "similarity": similarity}


PROPERTIES: dict[str, Any] = {
    "id": _keyword(),
    "content_hash": _keyword(),
    "body_key": _keyword(),  # only when the body is long enough to collapse
    "group": _keyword(),  # body_key, or the id itself: what a hit collapses by
    "source": _keyword(),
    "date": _keyword(),  # YYYY-MM-DD, compared as text (as the Whoosh index does)
    "day": {"type": "date", "format": "yyyy-MM-dd", "ignore_malformed": True},  # histograms
    "year": _keyword(),
    "month": _keyword(),
    "page": _keyword(),
    "page_no": {"type": "integer"},
    "number": {"type": "integer"},
    "author": _keyword(),
    "headline_key": _keyword(),  # only when the headline has letters, digits or CJK
    # indexer.entities: names, and a place at every level it rolls up to
    **{name: _keyword() for name in ENTITY_FIELDS},
    "heading": _text("heading"),
    "body": _text("body"),
    "heading_words": _words("heading"),
    "body_words": _words("body"),
    "article": {"type": "object", "enabled": False},
}

# Fields left out of _source: the normalised text, rebuilt from ``article`` when needed.
UNSTORED = ["heading", "body", "heading_words", "body_words"]


def index_body(shards: int = SHARDS, replicas: int = REPLICAS,
               meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The body of the request creating the index."""
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas,
                      "max_result_window": MAX_RESULT_WINDOW},
            "similarity": {HEADING_SIMILARITY: {"type": "BM25", "k1": 1.2, "b": 0.5}},
            "analysis": {
                "tokenizer": {
                    "baoku_bigram": {"type": "ngram", "min_gram": 2, "max_gram": 2,
                                     "token_chars": []},
                    "baoku_char": {"type": "ngram", "min_gram": 1, "max_gram": 1,
                                   "token_chars": []},
                },
                "analyzer": {
                    GRAMS: {"type": "custom", "tokenizer": "baoku_bigram"},
                    CHARS: {"type": "custom", "tokenizer": "baoku_char"},
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_source": {"excludes": UNSTORED},
            "_meta": {"baoku": meta_of(None, None)} if meta is None else {"baoku": meta},
            "properties": PROPERTIES,
        },
    }


def meta_of(synonyms: str | None, userdict: str | None) -> dict[str, Any]:
    """The ``_meta.baoku`` of an archive with these synonyms and user dictionary texts."""
    return {"mapping_version": MAPPING_VERSION, "synonyms": synonyms, "userdict": userdict}


def _essentials(spec: dict[str, Any]) -> dict[str, Any]:
    """What matters of a field's mapping for searching as Baoku does."""
    keys = ("type", "analyzer", "similarity", "index_options", "enabled", "format",
            "ignore_malformed")
    out = {k: spec[k] for k in keys if k in spec}
    if "fields" in spec:
        out["fields"] = {name: _essentials(sub) for name, sub in spec["fields"].items()}
    return out


def mapping_problems(mapping: dict[str, Any]) -> list[str]:
    """How the index mapping ``mapping`` (as the cluster returns it) differs from Baoku's."""
    problems = []
    version = (mapping.get("_meta") or {}).get("baoku", {}).get("mapping_version")
    if version != MAPPING_VERSION:
        problems.append(f"the index has mapping version {version}, this Baoku uses "
                        f"{MAPPING_VERSION}")
    actual = mapping.get("properties") or {}
    for name, spec in PROPERTIES.items():
        if name not in actual:
            problems.append(f"the field '{name}' is missing")
            continue
        want, got = _essentials(spec), _essentials(actual[name])
        if want.get("type") == "object":
            want.pop("type")
            got.pop("type", None)
        if want != got:
            problems.append(f"the field '{name}' is {got}, Baoku's is {want}")
    extra = sorted(set(actual) - set(PROPERTIES))
    if extra:
        problems.append("fields Baoku does not write: " + ", ".join(extra))
    return problems
