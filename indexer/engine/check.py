"""``check_index``: verify every segment of the latest commit against its checksums
(``checksums``), open it and verify that its counts match the ids it stores; report problems
(the index is damaged: which file, which segment, how many articles are lost) and notes (a
writer is running, a killed writer left a lock description or files that the next writer
clears, segments written before checksums existed).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from whoosh.reading import SegmentReader

from indexer.editing.check_report import CheckReport
from indexer.errors import BaokuError, IndexDamaged
from indexer.results import SearchRequest

from .checksums import manifest_name, verify_segment
from .locking import leftover_files, lock_state
from .search import search
from .store import open_index
from .whoosh_private import read_toc, segment_of_file


def check_index(path: str | os.PathLike[str]) -> CheckReport:
    """Verify the index at ``path``: its configuration opens, every segment of the latest
    commit opens, each segment's live document count equals the number of ids it stores and
    the ids of its id column, no id is live twice, each id finds its article, and a search
    runs."""
    report = CheckReport(str(path))
    try:
        index = open_index(path)
    except IndexDamaged as exc:
        report.problems.append(f"{exc.damage}; {_unreachable(Path(path))}")
        return report
    except BaokuError as exc:
        report.problems.append(str(exc))
        return report
    _note_writer(Path(path), report)
    toc = read_toc(index.whoosh)
    report.generation = toc.generation
    report.segments = len(toc.segments)
    ids: Counter[str] = Counter()
    unsealed = []
    for segment in toc.segments:
        if not _verify(Path(path), segment, report):
            unsealed.append(segment)
        ids.update(_check_segment(index.whoosh.storage, toc.schema, segment, report))
    report.articles = sum(ids.values())
    if unsealed:
        report.notes.append(
            f"{len(unsealed)} of {len(toc.segments)} segments "
            f"({sum(s.doc_count() for s in unsealed)} articles) have no checksums yet "
            "(written before Baoku kept them), so damage to them can go unnoticed; a "
            "segment gets checksums when it is rewritten: copy the archive into a new "
            "folder (baoku copy --from OLD --to NEW) and use that")
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        report.problems.append(f"{len(twice)} ids are live in more than one segment: "
                               + ", ".join(twice[:5]) + ("…" if len(twice) > 5 else ""))
    _check_lookup(index, ids, report)
    return report


def _check_lookup(index, ids: Counter[str], report: CheckReport) -> None:
    """The latest commit counts as many live articles as the segments store ids, each id
    finds its article through the id field, and a search runs."""
    try:
        with index.searcher() as searcher:
            if searcher.doc_count() != report.articles:
                report.problems.append(f"the index counts {searcher.doc_count()} live "
                                       f"articles, the segments store {report.articles} ids")
            lost = sorted(i for i in ids if searcher.document_number(id=i) is None)
        if lost:
            report.problems.append(f"{len(lost)} ids do not find their article: "
                                   + ", ".join(lost[:5]) + ("…" if len(lost) > 5 else ""))
        search(index, SearchRequest(query="中国", limit=1))
    except Exception as exc:  # noqa: BLE001 - any failure to search is the finding
        report.problems.append(f"searching fails: {type(exc).__name__}: {exc}")


def _verify(folder: Path, segment, report: CheckReport) -> bool:
    """Add each file of ``segment`` that differs from its checksums to ``report``, naming
    the articles lost; False when the segment has no checksums."""
    verdict = verify_segment(folder, segment.segment_id())
    for damage in verdict.damage:
        report.problems.append(f"segment {segment.segment_id()} is damaged, with the "
                               f"{segment.doc_count()} articles it holds: {damage}")
    return verdict.sealed


def _unreachable(folder: Path) -> str:
    """What a damaged table of contents loses: the segments in ``folder``, with their
    articles as their checksum manifests count them."""
    segments = sorted({s for p in folder.iterdir() if (s := segment_of_file(p.name))})
    counted = 0
    for segment in segments:
        try:
            counted += json.loads((folder / manifest_name(segment)).read_text(
                encoding="utf-8"))["articles"]
        except (OSError, ValueError, KeyError):
            pass
    return (f"every article is lost until it is restored: the folder holds {len(segments)} "
            f"segment{'s' if len(segments) != 1 else ''} ({counted} articles by their "
            "checksums), which only the table of contents lists; restore the folder from a "
            "backup, or reindex the sources into a new folder")


def _check_segment(storage, schema, segment, report: CheckReport) -> list[str]:
    """The live ids of one segment, adding what is wrong with it to ``report``."""
    name = segment.segment_id()
    try:
        reader = SegmentReader(storage, schema, segment)
    except Exception as exc:  # noqa: BLE001 - a segment that does not open is the finding
        report.problems.append(f"segment {name} cannot be opened: {type(exc).__name__}: "
                               f"{exc}")
        return []
    try:
        live = list(reader.all_doc_ids())
        count = reader.doc_count()
        stored, column = [], []
        ids = reader.column_reader("id") if reader.has_column("id") else None
        for docnum in live:
            stored.append(reader.stored_fields(docnum).get("id"))
            column.append(ids[docnum] if ids is not None else None)
    except Exception as exc:  # noqa: BLE001
        report.problems.append(f"segment {name} cannot be read: {type(exc).__name__}: {exc}")
        return []
    finally:
        reader.close()
    if count != len(live) or None in stored:
        report.problems.append(f"segment {name} counts {count} live articles "
                               f"but stores {sum(1 for i in stored if i)} ids")
    if stored != column:
        wrong = sum(1 for a, b in zip(stored, column, strict=True) if a != b)
        report.problems.append(f"segment {name}: {wrong} stored ids differ from its id "
                               "column")
    return [i for i in stored if i]


def _note_writer(folder: Path, report: CheckReport) -> None:
    state, holder = lock_state(folder)
    if state == "held":
        report.notes.append("being written by " + (holder.describe() if holder
                                                    else "another process"))
    elif state == "stale" and holder is not None:
        report.notes.append(f"a stale lock description left by {holder.describe()}, a "
                            "process that is gone; the next writer clears it")
    leftovers = leftover_files(folder)
    if leftovers and state != "held":
        report.notes.append(f"{len(leftovers)} files left by an interrupted write "
                            f"({', '.join(leftovers[:3])}{'…' if len(leftovers) > 3 else ''});"
                            " the next writer removes them")
