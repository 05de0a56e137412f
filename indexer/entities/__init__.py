"""People, places and organisations an article names, as facet values.

``entity_values(article)`` gives the values both backends index (fields ``person``, ``org``,
``place`` and the place's levels ``place_province``, ``place_city``, ``place_county``);
``gazetteer`` holds the divisions, ``places`` resolves and rolls up place names,
``people`` and ``organisations`` find the others, ``stoplist`` keeps common words out.
How well, measured on hand-labelled articles: ``bench/entities.py``, ``docs/entities.md``.
"""
from __future__ import annotations

from .extract import (
    ENTITY_FACETS,
    ENTITY_FIELDS,
    PLACE_FIELD,
    PLACE_LEVEL_FIELDS,
    Entities,
    entities_of,
    entity_values,
)

__all__ = ["ENTITY_FACETS", "ENTITY_FIELDS", "PLACE_FIELD", "PLACE_LEVEL_FIELDS", "Entities",
           "entities_of", "entity_values"]
