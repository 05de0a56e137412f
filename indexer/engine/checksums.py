"""Checksums of segments: written once when a commit adds a segment, verified by ``check``.

Whoosh keeps no checksums: bytes overwritten in a segment go unnoticed until a search trips
over them, or returns wrong hits. Each segment's files never change once committed (its
deletions are kept in the table of contents), so a segment gets one manifest, written by
``seal_new_segments`` right after the commit that adds it: ``MAIN_<id>.sums``, JSON
``{"segment": id, "articles": n, "files": {name: {"size": bytes, "sha256": hex}}}``,
written to a temporary file and renamed (a reader sees all of it or none). Its name follows
Whoosh's segment files, so Whoosh deletes it with its segment (after a merge) and an
interrupted writer's leftovers include it.

``verify_segment`` compares the files with the manifest. A segment committed before Baoku
wrote checksums has no manifest: it is reported as unchecked, and gets one when it is
rewritten (a merge, or reindexing into a new folder).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.durable import written_whole

SUFFIX = ".sums"


def manifest_name(segment_id: str) -> str:
    return segment_id + SUFFIX


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def segment_files(folder: Path, segment_id: str) -> list[str]:
    """The files of the segment ``segment_id`` in ``folder`` (its manifest excluded)."""
    prefix = segment_id + "."
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(prefix) and not p.name.startswith(
                      manifest_name(segment_id)))


def write_manifest(folder: Path, segment_id: str, articles: int) -> None:
    """Write the manifest of the segment ``segment_id`` (its files as they are now,
    ``articles`` documents). Raises OSError; a failed write leaves no manifest."""
    files = {name: {"size": (folder / name).stat().st_size, "sha256": _digest(folder / name)}
             for name in segment_files(folder, segment_id)}
    with written_whole(folder / manifest_name(segment_id)) as out:
        json.dump({"segment": segment_id, "articles": articles, "files": files}, out, indent=1)


def seal_new_segments(folder: Path, segments: Iterable, before: set[str]) -> None:
    """Write the manifest of each of ``segments`` (Whoosh segments of the latest commit)
    whose id is not in ``before`` (the ids of the commit before) and that has none. Raises
    OSError."""
    for segment in segments:
        segment_id = segment.segment_id()
        if segment_id not in before and not (folder / manifest_name(segment_id)).exists():
            write_manifest(folder, segment_id, segment.doc_count_all())


@dataclass(frozen=True)
class Verdict:
    """What verifying one segment found: ``sealed`` (it has a manifest) and the damage,
    one line per damaged or missing file."""

    sealed: bool
    damage: tuple[str, ...] = ()


def verify_segment(folder: Path, segment_id: str) -> Verdict:
    """Compare the files of ``segment_id`` with its manifest."""
    try:
        manifest = json.loads((folder / manifest_name(segment_id)).read_text(encoding="utf-8"))
        files = manifest["files"]
    except FileNotFoundError:
        return Verdict(sealed=False)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Verdict(True, (f"its checksum manifest {manifest_name(segment_id)} is "
                              f"unreadable ({exc})",))
    damage = []
    for name, expected in sorted(files.items()):
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            damage.append(f"{name} is missing")
            continue
        if size != expected["size"]:
            damage.append(f"{name} has {size} bytes, {expected['size']} when written")
        elif _digest(path) != expected["sha256"]:
            damage.append(f"{name} has changed since it was written (its checksum differs)")
    return Verdict(True, tuple(damage))
