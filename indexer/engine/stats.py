"""What an archive holds: article count, date range, papers."""
from __future__ import annotations

from indexer.results import ArchiveStats, SearchRequest

from .search import search
from .store import ArchiveIndex


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
