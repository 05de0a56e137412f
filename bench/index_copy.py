"""A private, writable copy of a large Baoku index for a benchmark, made in a second.

Whoosh never rewrites a file of a committed segment: a commit writes new segments under new
random names, writes the new table of contents under a temporary name and renames it to the
next generation's name (refusing to overwrite), keeps deletions inside that table of
contents, and then deletes the files no generation uses. So the files of the latest
commit's segments can be shared by hard links: the copy's commits add and delete links in
the copy's folder only. Everything else is really copied, because it is written in place:
``write.lock`` (Baoku writes its holder into it, and ``flock`` on a shared inode would lock
the original too), Whoosh's ``MAIN_WRITELOCK`` (same), the user dictionary and synonyms
(replaced with ``shutil.copyfile``) and the table of contents (small). Files no commit uses
(what an interrupted writer left) and folders are not copied.

``fingerprint`` lists name, inode, size and modification time of every file of a folder, so
a benchmark can show the original was left as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from indexer.engine.locking import LOCK_NAME, WHOOSH_NAME, lock_state
from indexer.engine.whoosh_private import latest_toc

LOCK_FILES = (LOCK_NAME, f"{WHOOSH_NAME}_WRITELOCK")


def segment_files(folder: Path) -> tuple[str, set[str]]:
    """The latest table of contents' file name and the names of its segments' files."""
    storage = FileStorage(str(folder))
    found = latest_toc(storage)
    if found is None:
        raise SystemExit(f"no Whoosh index in {folder}")
    toc, toc_name = found
    names = set()
    for segment in toc.segments:
        names.update(segment.list_files(storage))
    return toc_name, names


def copy_index(src: Path, dest: Path) -> tuple[int, int]:
    """Replace ``dest`` with a copy of the index at ``src`` (see the module's docstring).
    Returns (files linked, files copied). Exits when a writer holds ``src``'s lock (a build
    in progress)."""
    state, holder = lock_state(src)
    if state == "held":
        raise SystemExit(f"{src} is being written ({holder.describe() if holder else ''}); "
                         "wait until that has finished")
    toc_name, linked = segment_files(src)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copied = 0
    for path in sorted(src.iterdir()):
        name = path.name
        if not path.is_file() or name in LOCK_FILES:
            continue
        if name in linked:
            os.link(path, dest / name)
        elif name == toc_name or not name.startswith((f"{WHOOSH_NAME}_", f"_{WHOOSH_NAME}_")):
            shutil.copy2(path, dest / name)
            copied += 1
    return len(linked), copied


def fingerprint(folder: Path) -> dict[str, tuple[int, int, int]]:
    """name -> (inode, size, modification time in ns) of every file in ``folder``."""
    out = {}
    for path in folder.iterdir():
        st = path.stat()
        out[path.name] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out
