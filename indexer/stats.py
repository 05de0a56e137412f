"""What an archive holds: article count, date range, papers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .results import SearchRequest
from .search import search
from .store import ArchiveIndex


@dataclass(frozen=True)
class ArchiveStats:
    articles: int
    first_date: str | None
    last_date: str | None
    sources: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "first_date": self.first_date,
                "last_date": self.last_date, "sources": self.sources, "months": self.months}


def archive_stats(index: ArchiveIndex) -> ArchiveStats:
    """Counts from columns only (no stored documents)."""
    everything = search(index, SearchRequest(limit=0, facet_limit=0, snippets=False))
    dates = []
    with index.reading() as searcher:
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            values = index.facet_cache.values(reader, "date")
            dates.extend(values[d] for d in reader.all_doc_ids() if values[d])
    source = everything.facet("source")
    month = everything.facet("month")
    return ArchiveStats(
        articles=everything.total,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        sources=source.counts() if source else {},
        months=month.counts() if month else {},
    )
