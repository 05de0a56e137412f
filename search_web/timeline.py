"""The timeline of matching articles per month, as plain geometry for an SVG the template
draws (no chart library).

It is drawn from the month facet: one bar per month that has matches, in date order, equal
widths, heights proportional to the counts; where months without matches are skipped a
break is drawn, so years apart do not squeeze the bars. Each bar links to the same search
narrowed to its month.
"""
from __future__ import annotations

from dataclasses import dataclass

from indexer.results import Facet

from .labels import date_label
from .links import narrow_url
from .params import SearchState

TARGET = 640  # the width the bars share, when each can be between MIN_BAR and MAX_BAR
MIN_BAR = 12
MAX_BAR = 40
GAP = 4
YEAR_LABEL = 32  # width of a year label: a closer one is left out
BREAK = 16
CHART = 90  # height of the tallest bar
TOP = 16  # room for the count above a bar
BOTTOM = 32  # room for the month and year labels
RIGHT = 24  # room for the last year label


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

    @property
    def label(self) -> str:
        return f"{date_label(self.month)}：{self.count} 篇"

    @property
    def center(self) -> float:
        return self.x + self.width / 2

    @property
    def month_number(self) -> str:
        return str(int(self.month[5:7]))


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    breaks: tuple[int, ...]  # x of each break between months that are not adjacent
    years: tuple[tuple[int, str], ...]  # (x, year) under the first bar of each year
    width: int
    height: int
    baseline: int = TOP + CHART
    month_y: int = TOP + CHART + 13
    year_y: int = TOP + CHART + 28


def _adjacent(a: str, b: str) -> bool:
    ya, ma = int(a[:4]), int(a[5:7])
    yb, mb = int(b[:4]), int(b[5:7])
    return yb * 12 + mb - (ya * 12 + ma) == 1


def timeline(facet: Facet | None, state: SearchState) -> Timeline | None:
    """The timeline of the month facet ``facet``; None when it has no month."""
    values = [v for v in (facet.values if facet else ()) if v.count > 0]
    if not values:
        return None
    top = max(v.count for v in values)
    bar = max(MIN_BAR, min(MAX_BAR, TARGET // len(values) - GAP))
    bars, breaks, years = [], [], []
    x, previous = 0, None
    for v in values:
        if previous is not None:
            if _adjacent(previous, v.value):
                x += GAP
            else:
                breaks.append(x + BREAK // 2)
                x += BREAK
        new_year = previous is None or previous[:4] != v.value[:4]
        if new_year and (not years or x - years[-1][0] >= YEAR_LABEL):
            years.append((x, v.value[:4]))
        height = max(2, round(CHART * v.count / top))
        bars.append(Bar(v.value, v.count, x, TOP + CHART - height, bar, height,
                        narrow_url(state, "month", v.value), v.selected))
        x += bar
        previous = v.value
    return Timeline(tuple(bars), tuple(breaks), tuple(years), x + RIGHT, TOP + CHART + BOTTOM)
