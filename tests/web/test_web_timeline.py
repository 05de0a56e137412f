"""The timeline's geometry: an axis to scale (a slot per month, empty months empty), a tick
and a year label at each January where there is room, each bar a link narrowing to its
month."""
from __future__ import annotations

from web_helpers import link

from indexer.results import Facet, FacetValue
from search_web.params import SearchState
from search_web.timeline import timeline


def test_bars_on_a_month_scale_with_years(app):
    months = Facet("month", (FacetValue("2019-11", 4), FacetValue("2019-12", 8),
                             FacetValue("2020-01", 2, selected=True),
                             FacetValue("2020-05", 1), FacetValue("2021-05", 0)))
    state = SearchState(q="疫情", filters=(("month", ("2020-01",)), ("source", ("人民日报",))))
    with app.test_request_context("/search"):
        line = timeline(months, state)
    assert line is not None
    # Seven months from 2019-11 to 2020-05, 44 px each: February to April are empty slots.
    assert [(b.month, b.count, b.x, b.width, b.height, b.selected, b.text, b.month_number)
            for b in line.bars] == [
        ("2019-11", 4, 0, 40, 45, False, "4", "11"), ("2019-12", 8, 44, 40, 90, False, "8", "12"),
        ("2020-01", 2, 88, 40, 22, True, "2", "1"), ("2020-05", 1, 264, 40, 11, False, "1", "5")]
    assert line.ticks == (88,)  # January 2020
    assert line.years == ((0, "2019"), (88, "2020"))
    assert [b.label for b in line.bars][:1] == ["2019年11月：4 篇"]
    assert link(line.bars[3].url) == ("/search", [("q", "疫情"), ("source", "人民日报"),
                                                  ("month", "2020-05")])
    assert line.width == 7 * 44 + 24


def test_year_labels_too_close_are_left_out(app):
    names = [f"{2019 + (11 + i) // 12}-{(11 + i) % 12 + 1:02d}" for i in range(40)]
    assert names[:2] == ["2019-12", "2020-01"]
    with app.test_request_context("/search"):
        line = timeline(Facet("month", tuple(FacetValue(m, 1) for m in names)), SearchState())
    assert line is not None and line.ticks == (16, 208, 400, 592)
    assert {b.width for b in line.bars} == {12}
    # 2020 starts one bar (16 px) after 2019: its label would overlap, so it is left out.
    assert line.years == ((0, "2019"), (208, "2021"), (400, "2022"), (592, "2023"))


def test_no_months_no_timeline(app):
    with app.test_request_context("/search"):
        assert timeline(Facet("month", ()), SearchState()) is None
        assert timeline(None, SearchState()) is None
