"""An article's people, places and organisations, and the facet values they become."""
from __future__ import annotations

from dataclasses import dataclass

from indexer.article import Article
from indexer.text.normalize import normalize

from .organisations import organisations
from .people import people
from .places import PlaceFacets, find_places

# The facet fields, as users name them: counted and listed on the search page.
PLACE_LEVEL_FIELDS = ("place_province", "place_city", "place_county")
ENTITY_FACETS = ("person", *PLACE_LEVEL_FIELDS, "org")
# A filter only: a place at any level (place=嘉兴市 finds the articles naming 南湖区).
PLACE_FIELD = "place"
ENTITY_FIELDS = (*ENTITY_FACETS, PLACE_FIELD)


@dataclass(frozen=True)
class Entities:
    persons: tuple[str, ...] = ()
    places: PlaceFacets = PlaceFacets()
    orgs: tuple[str, ...] = ()

    def values(self) -> dict[str, tuple[str, ...]]:
        """Field -> values, only the fields with some."""
        values = {"person": self.persons, "org": self.orgs, PLACE_FIELD: self.places.all(),
                  **dict(zip(PLACE_LEVEL_FIELDS,
                             (self.places.province, self.places.city, self.places.county),
                             strict=True))}
        return {name: found for name, found in values.items() if found}


def entities_of(article: Article, userdict: str | None = None,
                text: str | None = None) -> Entities:
    """The people (byline first), places and organisations of ``article``'s heading and
    text, normalised as they are indexed (``text``: that text, when the caller has it)."""
    if text is None:
        text = normalize(article.heading) + "\n" + normalize(article.searchable_body())
    places = find_places(text)
    return Entities(people(article.authors, text, userdict), places.facets(),
                    organisations(text, places))


def entity_values(article: Article, userdict: str | None = None, text: str | None = None
                  ) -> dict[str, tuple[str, ...]]:
    """The entity facet values of ``article``, field -> values (fields without any left
    out), as both backends index them."""
    return entities_of(article, userdict, text).values()
