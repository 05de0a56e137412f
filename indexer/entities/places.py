"""The places an article names, resolved to divisions and rolled up their hierarchy.

Every full name (南湖区) and short name (南湖) of the gazetteer is looked for in the text
(``WordScanner``). A mention is *sure* when it can mean one place only: a full name of one
division, three characters or longer, or a short name whose highest-level reading is one
province or city (吉林 -> 吉林省, 嘉兴 -> 嘉兴市). The sure places and their parents are the
article's context. A mention that is not sure is kept only when exactly one of its readings
lies under a place of the context:

- a full name several divisions share (鼓楼区: five cities have one) or of two characters
  (叶县 also occurs inside 千叶县): under a city of the context, else a province of it;
- the short name of a county (南湖, 丹阳): under its own city only, since such names are
  often parts of people's names or of other words (马丹阳, 汉白玉, 中华人民共和国);
- a short name that is a common word (``stoplist``): likewise.

Each place kept gives its province, its city and itself (南湖区 -> 浙江省, 嘉兴市, 南湖区):
filtering by a city finds the articles naming its districts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import CITY, COUNTY, LEVELS, PROVINCE, Gazetteer, Place, gazetteer
from .stoplist import COMMON_PLACE_WORDS, NOT_AFTER_PLACE, NOT_PLACE_PHRASES
from .wordscan import Found, WordScanner

_RANK = {PROVINCE: 0, CITY: 1, COUNTY: 2}


@dataclass(frozen=True)
class PlaceFacets:
    """An article's places by level (full names, in order of first mention)."""

    province: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    county: tuple[str, ...] = ()

    def by_level(self) -> dict[str, tuple[str, ...]]:
        return {PROVINCE: self.province, CITY: self.city, COUNTY: self.county}

    def all(self) -> tuple[str, ...]:
        """Every level's places: what a filter on ``place`` matches."""
        return tuple(dict.fromkeys(self.province + self.city + self.county))


@lru_cache(maxsize=1)
def _scanner() -> WordScanner:
    g = gazetteer()
    return WordScanner([*g.by_full_name, *g.by_short_name])


def scan(text: str) -> list[Found]:
    """The gazetteer names found in ``text``, in order (a short name directly followed by a
    character that makes it part of a street, river or similar name is skipped, and so are
    phrases such as 北京时间)."""
    full = gazetteer().by_full_name
    kept = []
    for match in _scanner().finditer(text):
        word = match.group()
        if word not in full and text[match.end():match.end() + 1] in NOT_AFTER_PLACE:
            continue
        if text[match.start():match.start() + 4] in NOT_PLACE_PHRASES:
            continue
        kept.append(match)
    return kept


def mentions(text: str) -> Counter[str]:
    """The gazetteer names found in ``text`` (``scan``) and how often."""
    return Counter(match.group() for match in scan(text))


def _readings(g: Gazetteer, word: str) -> tuple[tuple[Place, ...], bool]:
    """The places ``word`` may mean, and whether it is a full name."""
    if word in g.by_full_name:
        return g.by_full_name[word], True
    return g.by_short_name.get(word, ()), False


def _sure(readings: tuple[Place, ...], full: bool, word: str) -> Place | None:
    """The one place a mention can only mean, or None when the article must confirm it."""
    if full:
        # A unique full name of three characters or more (南湖区); 叶县 or 和县 also occur
        # inside other words (千叶县, 调和县…) and need a parent.
        return readings[0] if len(readings) == 1 and len(word) >= 3 else None
    if word in COMMON_PLACE_WORDS:
        return None
    top = min(_RANK[p.level] for p in readings)
    highest = [p for p in readings if _RANK[p.level] == top]
    if len(highest) == 1 and highest[0].level in (PROVINCE, CITY):
        return highest[0]
    return None


def _under(readings: tuple[Place, ...], context: set[str], full: bool) -> Place | None:
    """The one reading whose parent the context names: for a full name its city, else its
    province; for a short name its nearest parent only (a county's city, a city's
    province)."""
    def parent(place: Place, level: str) -> str | None:
        name = getattr(place, level)
        return name if name != place.name else None

    levels = (CITY, PROVINCE) if full else (None,)
    for level in levels:
        under = [p for p in readings
                 if (parent(p, level) if level else _nearest_parent(p)) in context]
        if len(under) == 1:
            return under[0]
        if under:
            return None
    return None


def _nearest_parent(place: Place) -> str | None:
    parents = place.ancestors()
    return parents[-1] if parents else None


def resolve(found: Counter[str], g: Gazetteer | None = None) -> list[Place]:
    """The places meant by the names ``found`` (name -> mentions), in order of mention."""
    g = g or gazetteer()
    chosen: dict[str, Place] = {}
    unsure: list[tuple[str, tuple[Place, ...], bool]] = []
    for word in found:
        readings, full = _readings(g, word)
        if not readings:
            continue
        place = _sure(readings, full, word)
        if place is not None:
            chosen[word] = place
        else:
            unsure.append((word, readings, full))
    context = {name for p in chosen.values() for name in (p.name, *p.ancestors())}
    for word, readings, full in unsure:
        place = _under(readings, context, full)
        if place is not None:
            chosen[word] = place
    order = list(found)
    return [chosen[w] for w in sorted(chosen, key=order.index)]


@dataclass(frozen=True)
class FoundPlaces:
    """The place names of a text (``scan``) and the places those that name one mean."""

    matches: tuple[Found, ...]
    places: dict[str, Place]  # name -> place, for the names that name one

    def facets(self) -> PlaceFacets:
        """Each level's full names, in order of first mention."""
        levels: dict[str, dict[str, None]] = {level: {} for level in LEVELS}
        for match in self.matches:
            place = self.places.get(match.group())
            if place is not None:
                for level, name in place.levels().items():
                    levels[level][name] = None
        return PlaceFacets(*(tuple(levels[level]) for level in LEVELS))


def find_places(text: str) -> FoundPlaces:
    """The places of ``text`` (normalised), with where they are named."""
    matches = scan(text)
    found = Counter(match.group() for match in matches)
    g = gazetteer()
    chosen = resolve(found, g)
    places = {word: place for word in found for place in chosen
              if place in _readings(g, word)[0]}
    return FoundPlaces(tuple(matches), places)


def place_facets(text: str) -> PlaceFacets:
    """The places of ``text`` (normalised), each level's names in order of first mention."""
    return find_places(text).facets()
