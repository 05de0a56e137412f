"""Unpacking an uploaded issue (a zip of the issue folder) without trusting it.

The whole archive is checked before anything is written: an entry with an absolute path, a
drive letter, a ``..`` component, a backslash or a NUL in its name, a symbolic link, an
encrypted entry, more than ``max_entries`` entries or more than ``max_bytes`` declared
uncompressed bytes refuses the upload, naming the entry. While extracting, the bytes really
written are counted too (a zip can lie about its sizes), and every target path is checked to
lie inside the destination folder. A refused upload leaves nothing behind.
"""
from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from indexer.errors import UnsafeUpload

MAX_ENTRIES = 20_000
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


def _refuse(reason: str) -> UnsafeUpload:
    return UnsafeUpload(f"{reason}; nothing was unpacked or indexed")


def entry_path(name: str) -> PurePosixPath:
    """The relative path a zip entry may be written to. Raises UnsafeUpload."""
    if "\\" in name or "\0" in name or name.startswith("/") or _DRIVE.match(name):
        raise _refuse(f"the zip entry '{name}' has an absolute or non-portable path")
    path = PurePosixPath(name)
    if ".." in path.parts:
        raise _refuse(f"the zip entry '{name}' leaves the issue folder")
    if not path.parts or path.parts == (".",):
        raise _refuse(f"the zip entry '{name}' has no name")
    return path


def check_archive(archive: zipfile.ZipFile, max_bytes: int,
                  max_entries: int = MAX_ENTRIES) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The file entries of ``archive`` with their safe relative paths. Raises
    UnsafeUpload."""
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise _refuse(f"the zip holds {len(infos)} entries, more than {max_entries}")
    declared = 0
    files = []
    for info in infos:
        path = entry_path(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(f"the zip entry '{info.filename}' is a symbolic link")
        if info.flag_bits & 0x1:
            raise _refuse(f"the zip entry '{info.filename}' is encrypted")
        declared += info.file_size
        if declared > max_bytes:
            raise _refuse(f"the zip unpacks to more than {max_bytes // 2**20} MB")
        if not info.is_dir():
            files.append((info, path))
    return files


def unpack_issue(source: str | Path | IO[bytes], dest: Path, max_bytes: int) -> Path:
    """Unpack the zip ``source`` into the new folder ``dest`` (which must not exist).
    Returns ``dest``. Raises UnsafeUpload; on any error ``dest`` is removed."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(f"the upload is not a readable zip file ({exc})") from None
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
            raise _refuse(f"the zip entry '{info.filename}' leaves the issue folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise _refuse(f"the zip unpacks to more than {max_bytes // 2**20} MB")
                    out.write(chunk)
        except FileExistsError:
            raise _refuse(f"the zip holds '{info.filename}' twice") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
                zlib.error) as exc:
            raise _refuse(f"the zip entry '{info.filename}' is damaged ({exc})") from None
