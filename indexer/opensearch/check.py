"""``check``: verify an archive on the cluster and report, never raise: the cluster answers
and is healthy, the index exists with Baoku's mapping, its shards are assigned, no article
id is held twice, its count is what a search counts, and a search runs."""
from __future__ import annotations

from indexer.editing.check_report import CheckReport
from indexer.errors import BaokuError
from indexer.results import SearchRequest

from .mapping import mapping_problems
from .searching import search
from .store import Archive


def check_archive(archive: Archive) -> CheckReport:
    report = CheckReport(archive.address.text)
    cluster = archive.cluster
    try:
        health = cluster.call(cluster.client.cluster.health)
        report.notes.append(f"cluster '{health.get('cluster_name')}': {health.get('status')}, "
                            f"{health.get('number_of_nodes')} nodes")
        if not archive.exists():
            report.problems.append(str(cluster.not_found()))
            return report
        answer = cluster.call(cluster.client.indices.get_mapping, index=archive.index)
        mapping = next(iter(answer.values()))["mappings"]
        report.problems.extend(mapping_problems(mapping))
        own = cluster.call(cluster.client.cluster.health, index=archive.index)
        status = own.get("status")
        if status == "red":
            report.problems.append(f"some shards of the archive are not assigned "
                                   f"({own.get('unassigned_shards')} unassigned): part of "
                                   "it cannot be searched")
        elif status == "yellow":
            report.notes.append(f"{own.get('unassigned_shards')} replica shards are not "
                                "assigned: the archive has no copy on another node")
        report.segments = own.get("active_primary_shards", 0)
        counted = cluster.call(cluster.client.count, index=archive.index)["count"]
        report.articles = counted
        twice = cluster.search({"size": 0, "track_total_hits": False, "aggs": {"ids": {
            "terms": {"field": "id", "min_doc_count": 2, "size": 10}}}})
        doubled = [b["key"] for b in twice["aggregations"]["ids"]["buckets"]]
        if doubled:
            report.problems.append("ids held by more than one document: "
                                   + ", ".join(doubled[:5]))
        if not report.problems:
            found = search(archive, SearchRequest(limit=1, facets=False, collapse=False))
            if found.total != counted:
                report.problems.append(f"the index counts {counted} articles, a search "
                                       f"finds {found.total}")
            search(archive, SearchRequest(query="中国", limit=1))
        report.notes.append(f"{counted} articles in {report.segments} shards")
    except BaokuError as exc:
        report.problems.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        report.problems.append(f"checking fails: {type(exc).__name__}: {exc}")
    return report
