"""The indexes ``bench/quality.py`` queries, built once and kept under ``bench/out/``.

Each index folder is named by a hash of what decides its content: for Baoku's own index, the
indexing modules of ``indexer/`` (``INDEXING``) and the data files; for the baseline, its
module, jieba's version and the data files. A changed indexer gives a new folder, so a stale
index is never queried; an index is built into a temporary folder and renamed when
complete, so an interrupted build is never used either.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import jieba

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

# What decides the documents of an index: the readers, the article record, normalisation,
# analysis, the schema and what is written. Other modules only read an index; the segment
# writer and its worker processes (engine/segment_builder.py, engine/parallel.py) write the
# same postings as Whoosh's own writer (tests/perf checks it), so speeding them up keeps the
# index.
INDEXING = ("readers", "article.py", "text", "engine/analyzers.py", "engine/schema.py",
            "engine/writing.py")

def _digest(files: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode("utf-8"))
    for path in sorted(files):
        h.update(str(path.relative_to(REPO) if path.is_relative_to(REPO) else path.name)
                 .encode("utf-8"))
        stat = path.stat()
        if path.suffix == ".py":
            h.update(path.read_bytes())
        else:  # data files: size and modification time are enough
            h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def indexer_version(data_files: list[Path]) -> str:
    """A hash of the indexing code and of the data files."""
    code = [p for name in INDEXING for p in sorted((REPO / "indexer").glob(name))]
    code = [f for p in code for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
    return _digest(code + data_files)


def baseline_version(data_files: list[Path]) -> str:
    return _digest([REPO / "bench" / "quality_baseline.py",
                    REPO / "indexer" / "readers" / "jsonl.py"] + data_files,
                   extra=jieba.__version__)


def cached(name: str, version: str, build: Callable[[Path], None],
           log: Callable[[str], None]) -> Path:
    """The folder ``bench/out/<name>-<version>``, calling ``build(folder)`` into a temporary
    folder first when it does not exist yet. Older folders of ``name`` are removed."""
    folder = OUT / f"{name}-{version}"
    if folder.is_dir():
        log(f"{name}: cached index {folder.relative_to(REPO)}")
        return folder
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{name}-*"):
        shutil.rmtree(old, ignore_errors=True)
    tmp = OUT / f".{name}-{version}.{os.getpid()}"
    log(f"{name}: building {folder.relative_to(REPO)} …")
    started = time.perf_counter()
    build(tmp)
    try:
        os.replace(tmp, folder)
    except OSError:
        if not (folder / "baoku.json").exists() and not any(folder.glob("*.toc")):
            raise
        # Another run built the same version first: it is the same index, keep that one.
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"{name}: built in {time.perf_counter() - started:.0f} s")
    return folder
