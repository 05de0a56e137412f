"""The timeline of matching articles per month, as plain geometry for an SVG the template
draws (no chart library).

The axis is to scale: every month from the first with matches to the last has a slot of the
same width, so a month without matches is an empty slot and years apart look apart. Each
January has a tick, and a year label where there is room for it; month numbers are written
when the slots are wide enough. Each bar links to the same search narrowed to its month. The
heights are proportional either to the counts (the month facet: ``timeline``) or to the
share of all articles of each month (``SearchBackend.timeline``: ``ratio_timeline``), the
view the ``timeline`` parameter asks for. Above a bar is its count (or share), where the
text does not run into a taller bar's; in the share view the count is also written inside
the bar where it fits, and every bar's tooltip says both.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from indexer.backend import SearchBackend
from indexer.results import Facet, SearchRequest
from indexer.searching.trend import PeriodCount

from .labels import date_label, percent_label
from .links import narrow_url
from .params import SearchState

TARGET = 640  # the width the slots share, when each can be between MIN_SLOT and MAX_SLOT
MIN_SLOT = 2
MAX_SLOT = 44
GAP = 4  # between bars whose slots are at least LABELLED_SLOT wide
LABELLED_SLOT = 12  # slots this wide have their month number written under them
TARGET_MIN = 10  # a bar's link is at least this wide, however thin the bar
YEAR_LABEL = 32  # width of a year label: a closer one is left out
DIGIT = 5.6  # the width of a character of the labels above the bars (10 px)
INSIDE = 12  # a bar this tall or more has room for its count inside (share view)
CHART = 90  # height of the tallest bar
TOP = 16  # room for the count above a bar
BOTTOM = 32  # room for the month and year labels
RIGHT = 24  # room for the last year label


@dataclass(frozen=True)
class Point:
    """What one bar shows: its height is proportional to ``value``, ``text`` is written
    above it and ``label`` is its tooltip."""

    month: str
    count: int
    value: float
    text: str
    label: str


@dataclass(frozen=True)
class Bar:
    month: str
    count: int
    x: int
    y: int
    width: int
    height: int
    url: str
    selected: bool
    text: str  # above the bar: the count, or the share as a percentage ("": no room)
    label: str  # the tooltip
    inside: str = ""  # written inside the bar: the count, in the share view
    target_x: int = 0  # the link's area, wider than a thin bar
    target_width: int = 0

    @property
    def center(self) -> float:
        return self.x + self.width / 2

    @property
    def month_number(self) -> str:
        """The month under the bar ("" when the slots are too narrow for it)."""
        return str(int(self.month[5:7])) if self.width + GAP >= LABELLED_SLOT else ""


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    ticks: tuple[int, ...]  # x of each January but the first slot's
    years: tuple[tuple[int, str], ...]  # (x, year) under the first slot of each year
    width: int
    height: int
    show: str = "count"  # or "ratio"
    baseline: int = TOP + CHART
    month_y: int = TOP + CHART + 13
    year_y: int = TOP + CHART + 28


def _index(month: str) -> int:
    """Months since year 0: consecutive months differ by one."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _label_room(bars: list[Bar], values: dict[str, float]) -> set[str]:
    """The months whose text fits above their bar: the taller bars first, each label kept
    where it does not overlap one already kept."""
    kept: list[tuple[float, float]] = []
    room = set()
    for bar in sorted(bars, key=lambda b: (-values[b.month], b.x)):
        half = (len(bar.text) * DIGIT + 2) / 2
        span = (bar.center - half, bar.center + half)
        if all(span[1] <= a or span[0] >= b for a, b in kept):
            kept.append(span)
            room.add(bar.month)
    return room


def timeline(facet: Facet | None, state: SearchState) -> Timeline | None:
    """The timeline of the month facet ``facet`` (articles a month); None when it has no
    month."""
    values = facet.values if facet else ()
    return _draw([Point(v.value, v.count, v.count, str(v.count),
                        f"{date_label(v.value)}：{v.count} 篇") for v in values], state, "count")


def ratio_timeline(periods: Iterable[PeriodCount], state: SearchState) -> Timeline | None:
    """The timeline of ``periods`` (months with their counts and all their articles) as the
    share of all articles of each month; None when no month has a match."""
    return _draw([Point(p.period, p.count, p.ratio, percent_label(p.ratio),
                        f"{date_label(p.period)}：占当月全部文章的 {percent_label(p.ratio)}"
                        f"（{p.count} / {p.articles} 篇）") for p in periods], state, "ratio")


def month_shares(archive: SearchBackend, request: SearchRequest) -> tuple[PeriodCount, ...]:
    """The months of ``request``'s matches with all the articles of each month (under the
    same filters and dates), from the library. As the month facet, a chosen month does not
    hide the others. Raises QuerySyntaxError, InvalidRequest."""
    others = tuple((f, values) for f, values in request.filters if f != "month")
    return archive.timeline(replace(request, filters=others), "month")


def _draw(points: list[Point], state: SearchState, show: str) -> Timeline | None:
    points = sorted((p for p in points if p.count > 0), key=lambda p: p.month)
    if not points:
        return None
    top = max(p.value for p in points)
    chosen = state.chosen("month")
    first, last = _index(points[0].month), _index(points[-1].month)
    slot = max(MIN_SLOT, min(MAX_SLOT, TARGET // (last - first + 1)))
    gap = GAP if slot >= LABELLED_SLOT else (1 if slot >= 4 else 0)
    target = max(slot, TARGET_MIN)
    bars = []
    for p in points:
        x = (_index(p.month) - first) * slot
        height = max(2, round(CHART * p.value / top))
        inside = str(p.count) if (show == "ratio" and height >= INSIDE
                                  and len(str(p.count)) * DIGIT + 2 <= slot - gap) else ""
        bars.append(Bar(p.month, p.count, x, TOP + CHART - height, slot - gap, height,
                        narrow_url(state, "month", p.month), p.month in chosen, p.text,
                        p.label, inside, x + (slot - gap) // 2 - target // 2, target))
    room = _label_room(bars, {p.month: p.value for p in points})
    bars = [b if b.month in room else replace(b, text="") for b in bars]
    ticks, years = [], []
    for i in range(first, last + 1):
        month = _month(i)
        if i != first and not month.endswith("-01"):
            continue
        x = (i - first) * slot
        if i != first:
            ticks.append(x)
        if not years or x - years[-1][0] >= YEAR_LABEL:
            years.append((x, month[:4]))
    width = (last - first + 1) * slot
    return Timeline(tuple(bars), tuple(ticks), tuple(years), width + RIGHT,
                    TOP + CHART + BOTTOM, show)
