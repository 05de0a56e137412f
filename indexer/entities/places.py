"""The places an article names, resolved to divisions and rolled up their hierarchy.

Every full name (南湖区) and short name (南湖) of the gazetteer is looked for in the text
(``WordScanner``). A mention is *sure* when it can mean one place only: a full name of one
division, or a short name whose highest-level reading is one province or city (吉林 -> 吉林省,
嘉兴 -> 嘉兴市). The sure places and their parents are the article's context. A mention that
is not sure (鼓楼区: five cities have one; the short name of a county; a name that is also a
common word) is kept only when exactly one of its readings lies under a place of the context
(鼓楼区 in an article naming 南京); a county's short name found once with nothing to confirm
it is dropped. Each place kept gives its province, its city and itself (南湖区 -> 浙江省,
嘉兴市, 南湖区): filtering by a city finds the articles naming its districts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import CITY, COUNTY, LEVELS, PROVINCE, Gazetteer, Place, gazetteer
from .stoplist import NOT_AFTER_PLACE, is_common_word
from .wordscan import WordScanner

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


def mentions(text: str) -> Counter[str]:
    """The gazetteer names found in ``text`` and how often (a short name directly followed
    by a character that makes it part of a street, river or similar name is skipped)."""
    found: Counter[str] = Counter()
    full = gazetteer().by_full_name
    for match in _scanner().finditer(text):
        word = match.group()
        if word not in full and text[match.end():match.end() + 1] in NOT_AFTER_PLACE:
            continue
        found[word] += 1
    return found


def _readings(g: Gazetteer, word: str) -> tuple[tuple[Place, ...], bool]:
    """The places ``word`` may mean, and whether it is a full name."""
    if word in g.by_full_name:
        return g.by_full_name[word], True
    return g.by_short_name.get(word, ()), False


def _sure(readings: tuple[Place, ...], full: bool, word: str) -> Place | None:
    if full:
        return readings[0] if len(readings) == 1 else None
    if is_common_word(word):
        return None
    top = min(_RANK[p.level] for p in readings)
    highest = [p for p in readings if _RANK[p.level] == top]
    if len(highest) == 1 and highest[0].level in (PROVINCE, CITY):
        return highest[0]
    return None


def _under(readings: tuple[Place, ...], context: set[str], common: bool) -> Place | None:
    """The one reading under a city of the context, else (unless the name is a common
    word: 复兴 under 河北 is not enough) the one under a province of it."""
    for level in (CITY,) if common else (CITY, PROVINCE):
        under = [p for p in readings
                 if getattr(p, level) in context and p.name != getattr(p, level)]
        if len(under) == 1:
            return under[0]
        if under:
            return None
    return None


def resolve(found: Counter[str], g: Gazetteer | None = None) -> list[Place]:
    """The places meant by the names ``found`` (name -> mentions), in order of mention."""
    g = g or gazetteer()
    chosen: dict[str, Place] = {}
    unsure: list[tuple[str, tuple[Place, ...]]] = []
    for word in found:
        readings, full = _readings(g, word)
        if not readings:
            continue
        place = _sure(readings, full, word)
        if place is not None:
            chosen[word] = place
        else:
            unsure.append((word, readings))
    context = {name for p in chosen.values() for name in (p.name, *p.ancestors())}
    for word, readings in unsure:
        place = _under(readings, context, word not in g.by_full_name and is_common_word(word))
        if place is not None:
            chosen[word] = place
        elif (len(readings) == 1 and readings[0].level == COUNTY and found[word] >= 2
              and not is_common_word(word)):
            chosen[word] = readings[0]  # a county's own short name, said twice
    order = list(found)
    return [chosen[w] for w in sorted(chosen, key=order.index)]


def place_facets(text: str) -> PlaceFacets:
    """The places of ``text`` (normalised), each level's names in order of first mention."""
    levels: dict[str, dict[str, None]] = {level: {} for level in LEVELS}
    for place in resolve(mentions(text)):
        for level, name in place.levels().items():
            levels[level][name] = None
    return PlaceFacets(*(tuple(levels[level]) for level in LEVELS))
