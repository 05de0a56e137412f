"""The timeline of matching articles per month, as plain geometry for an SVG the template
draws (no chart library).

One bar per month that has matches, in date order, equal widths; where months without
matches are skipped a break is drawn, so years apart do not squeeze the bars. Each bar links
to the same search narrowed to its month. The heights are proportional either to the counts
(the month facet: ``timeline``) or to the share of all articles of each month
(``SearchBackend.timeline``: ``ratio_timeline``), the view the ``timeline`` parameter asks
for.
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
    text: str  # above the bar: the count, or the share as a percentage
    label: str  # the tooltip

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
    show: str = "count"  # or "ratio"
    baseline: int = TOP + CHART
    month_y: int = TOP + CHART + 13
    year_y: int = TOP + CHART + 28


def _adjacent(a: str, b: str) -> bool:
    ya, ma = int(a[:4]), int(a[5:7])
    yb, mb = int(b[:4]), int(b[5:7])
    return yb * 12 + mb - (ya * 12 + ma) == 1


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
    points = [p for p in points if p.count > 0]
    if not points:
        return None
    top = max(p.value for p in points)
    chosen = state.chosen("month")
    bar = max(MIN_BAR, min(MAX_BAR, TARGET // len(points) - GAP))
    bars, breaks, years = [], [], []
    x, previous = 0, None
    for p in points:
        if previous is not None:
            if _adjacent(previous, p.month):
                x += GAP
            else:
                breaks.append(x + BREAK // 2)
                x += BREAK
        new_year = previous is None or previous[:4] != p.month[:4]
        if new_year and (not years or x - years[-1][0] >= YEAR_LABEL):
            years.append((x, p.month[:4]))
        height = max(2, round(CHART * p.value / top))
        bars.append(Bar(p.month, p.count, x, TOP + CHART - height, bar, height,
                        narrow_url(state, "month", p.month), p.month in chosen, p.text,
                        p.label))
        x += bar
        previous = p.month
    return Timeline(tuple(bars), tuple(breaks), tuple(years), x + RIGHT,
                    TOP + CHART + BOTTOM, show)
