"""The data of a batch job's chart: the counts and shares per period (or per value of a
facet) of the queries with the most matches, read from the job's summary and counts
files."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.batch.output import period_key, read_rows

SHOWN = 8  # queries drawn at most: more lines could not be told apart
SHOWN_VALUES = 20  # a facet's values drawn at most, by a job counting by a facet


def chart_data(files: dict[str, Path], shown: int = SHOWN, by_values: bool = False
               ) -> dict[str, Any]:
    """``periods`` (in date order, ``undated`` last), ``series`` (the ``shown`` queries with
    the largest totals, in file order: id, query, total, and per period its count and
    share, or None where its own dates leave the period out), ``queries`` (how many
    queries ran) and ``kind``, "periods". A job counting by a facet's values
    (``by_values``): ``periods`` are the ``SHOWN_VALUES`` values those queries match most
    (their counts summed), most first, and ``kind`` is "values"."""
    ran = [(row["id"], row["query"], int(row["total"]))
           for row in read_rows(files["summary"]) if not row["error"]]
    top = sorted(ran, key=lambda r: -r[2])[:shown]
    chosen = {qid for qid, _, _ in top}
    cells: dict[str, dict[str, tuple[int, float]]] = {}
    for row in read_rows(files["counts"]):
        periods = cells.setdefault(row["period"], {})
        if row["id"] in chosen:
            periods[row["id"]] = (int(row["count"]), float(row["ratio"]))
    periods = sorted(cells, key=period_key)
    if by_values:
        matched = {p: sum(count for count, _ in cells[p].values()) for p in periods}
        periods = sorted((p for p in periods if matched[p]),
                         key=lambda p: -matched[p])[:SHOWN_VALUES]
    series = []
    for qid, query, total in (r for r in ran if r[0] in chosen):
        values = [cells[p].get(qid) for p in periods]
        series.append({"id": qid, "query": query, "total": total,
                       "counts": [v[0] if v else None for v in values],
                       "ratios": [v[1] if v else None for v in values]})
    return {"periods": periods, "series": series, "queries": len(ran),
            "kind": "values" if by_values else "periods"}
