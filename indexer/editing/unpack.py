"""Unpacking an uploaded issue (a zip of the issue folder) without trusting it.

The whole archive is checked before anything is written: an entry with an absolute path, a
drive letter, a ``..`` component, a backslash or a NUL in its name, a name part longer than a
file system allows (``NAME_MAX`` bytes), a symbolic link, an encrypted entry, a name given
twice or both as a file and as a folder (``a`` and ``a/b.txt``), more than ``max_entries``
entries or more than ``max_bytes`` declared uncompressed bytes refuses the upload, naming the
entry. While extracting, the bytes really written are counted too (a zip can lie about its
sizes), and every target path is checked to lie inside the destination folder. A refused
upload leaves nothing behind.

Each refusal is an ``UploadRefused`` with one of the ``REASONS`` as its ``reason``, for the
web edge to word in Chinese.
"""
from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from indexer.errors import UploadRefused

MAX_ENTRIES = 20_000
NAME_MAX = 255  # bytes of one part of a path, on Linux's file systems
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")

REASONS = ("not_zip", "unsafe_path", "leaves_folder", "no_name", "name_too_long", "link",
           "encrypted", "too_many", "too_big", "twice", "file_and_folder", "damaged")


def _refuse(message: str, reason: str, entry: str | None = None,
            limit: int | None = None) -> UploadRefused:
    return UploadRefused(f"{message}; nothing was unpacked or indexed", reason, entry, limit)


def _too_big(max_bytes: int) -> UploadRefused:
    mb = max_bytes // 2**20
    return _refuse(f"the zip unpacks to more than {mb} MB", "too_big", limit=mb)


def entry_path(name: str) -> PurePosixPath:
    """The relative path a zip entry may be written to. Raises UploadRefused."""
    if "\\" in name or "\0" in name or name.startswith("/") or _DRIVE.match(name):
        raise _refuse(f"the zip entry '{name}' has an absolute or non-portable path",
                      "unsafe_path", name)
    path = PurePosixPath(name)
    if ".." in path.parts:
        raise _refuse(f"the zip entry '{name}' leaves the issue folder", "leaves_folder", name)
    if not path.parts or path.parts == (".",):
        raise _refuse(f"the zip entry '{name}' has no name", "no_name", name)
    if any(len(part.encode("utf-8")) > NAME_MAX for part in path.parts):
        raise _refuse(f"the zip entry '{name}' has a name longer than {NAME_MAX} bytes",
                      "name_too_long", name, NAME_MAX)
    return path


def check_archive(archive: zipfile.ZipFile, max_bytes: int,
                  max_entries: int = MAX_ENTRIES) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The file entries of ``archive`` with their safe relative paths. Raises
    UploadRefused."""
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise _refuse(f"the zip holds {len(infos)} entries, more than {max_entries}",
                      "too_many", limit=max_entries)
    declared = 0
    files = []
    for info in infos:
        path = entry_path(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(f"the zip entry '{info.filename}' is a symbolic link", "link",
                          info.filename)
        if info.flag_bits & 0x1:
            raise _refuse(f"the zip entry '{info.filename}' is encrypted", "encrypted",
                          info.filename)
        declared += info.file_size
        if declared > max_bytes:
            raise _too_big(max_bytes)
        if not info.is_dir():
            files.append((info, path))
    _check_tree(files)
    return files


def _check_tree(files: list[tuple[zipfile.ZipInfo, PurePosixPath]]) -> None:
    """No two file entries with the same path, none a folder of another. Raises
    UploadRefused."""
    seen: set[PurePosixPath] = set()
    for info, path in files:
        if path in seen:
            raise _refuse(f"the zip holds '{info.filename}' twice", "twice", info.filename)
        seen.add(path)
    for _info, path in files:
        folder = next((p for p in path.parents if p in seen), None)
        if folder is not None:
            raise _refuse(f"the zip holds '{folder}' both as a file and as a folder",
                          "file_and_folder", str(folder))


def unpack_issue(source: str | Path | IO[bytes], dest: Path, max_bytes: int) -> Path:
    """Unpack the zip ``source`` into the new folder ``dest`` (which must not exist).
    Returns ``dest``. Raises UploadRefused, OSError (a full disk); on any error ``dest`` is
    removed."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(f"the upload is not a readable zip file ({exc})", "not_zip") from None
    dest.mkdir(parents=True)
    try:
        with archive:
            _extract(archive, check_archive(archive, max_bytes), dest, max_bytes)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return dest


def _extract(archive: zipfile.ZipFile, files: list[tuple[zipfile.ZipInfo, PurePosixPath]],
             dest: Path, max_bytes: int) -> None:
    root = dest.resolve()
    written = 0
    for info, path in files:
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            raise _refuse(f"the zip entry '{info.filename}' leaves the issue folder",
                          "leaves_folder", info.filename)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise _too_big(max_bytes)
                    out.write(chunk)
        except FileExistsError:
            raise _refuse(f"the zip holds '{info.filename}' twice", "twice",
                          info.filename) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
                zlib.error) as exc:
            raise _refuse(f"the zip entry '{info.filename}' is damaged ({exc})", "damaged",
                          info.filename) from None
