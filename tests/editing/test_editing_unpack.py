"""Unpacking an uploaded issue zip: refused whole, naming the entry, when an entry would
leave the folder, is a link, or the archive unpacks to too much; nothing left behind."""
from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from editing_helpers import make_zip

from indexer.editing.unpack import unpack_issue
from indexer.errors import UnsafeUpload

MB = 2**20


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_an_issue_folder_is_unpacked(tmp_path) -> None:
    archive = make_zip([("20191005/20191005-01-01.txt", "标题".encode()),
                        ("20191005/sub/", b""), ("20191005/sub/a.txt", b"x")])
    dest = unpack_issue(archive, tmp_path / "dest", MB)
    assert listing(dest) == ["20191005", "20191005/20191005-01-01.txt", "20191005/sub",
                             "20191005/sub/a.txt"]
    assert (dest / "20191005" / "20191005-01-01.txt").read_text("utf-8") == "标题"


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize("entry, reason", [
    ("../../x", "the zip entry '../../x' leaves the issue folder"),
    ("20191005/../../x", "the zip entry '20191005/../../x' leaves the issue folder"),
    ("/etc/x", "the zip entry '/etc/x' has an absolute or non-portable path"),
    ("C:/x", "the zip entry 'C:/x' has an absolute or non-portable path"),
    ("..\\x", "the zip entry '..\\x' has an absolute or non-portable path"),
    (symlink("20191005/link"), "the zip entry '20191005/link' is a symbolic link"),
])
def test_unsafe_entries_refuse_the_whole_upload(tmp_path, entry, reason) -> None:
    archive = make_zip([("20191005/20191005-01-01.txt", b"ok"), (entry, b"/etc/passwd")])
    with pytest.raises(UnsafeUpload) as caught:
        unpack_issue(archive, tmp_path / "dest", MB)
    assert str(caught.value) == f"{reason}; nothing was unpacked or indexed"
    assert listing(tmp_path) == []


def test_a_zip_bomb_is_refused(tmp_path) -> None:
    archive = make_zip([(f"bomb/{i}.txt", b"\0" * MB) for i in range(3)])
    assert len(archive.getvalue()) < 20_000
    with pytest.raises(UnsafeUpload) as caught:
        unpack_issue(archive, tmp_path / "dest", 2 * MB + 1)
    assert str(caught.value) == ("the zip unpacks to more than 2 MB; nothing was unpacked or "
                                 "indexed")
    assert listing(tmp_path) == []


def test_a_zip_that_lies_about_its_sizes_is_refused(tmp_path) -> None:
    archive = make_zip([("big.txt", b"a" * (3 * MB))])
    data = bytearray(archive.getvalue())
    # Declare 10 bytes in the central directory (uncompressed size at offset 24): only the
    # declared bytes are read, and their checksum is wrong.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UnsafeUpload) as caught:
        unpack_issue(io.BytesIO(bytes(data)), tmp_path / "dest", 2 * MB)
    assert str(caught.value) == ("the zip entry 'big.txt' is damaged (Bad CRC-32 for file "
                                 "'big.txt'); nothing was unpacked or indexed")
    assert listing(tmp_path) == []


def test_not_a_zip(tmp_path) -> None:
    with pytest.raises(UnsafeUpload) as caught:
        unpack_issue(io.BytesIO(b"not a zip"), tmp_path / "dest", MB)
    assert str(caught.value) == ("the upload is not a readable zip file (File is not a zip "
                                 "file); nothing was unpacked or indexed")
    assert listing(tmp_path) == []
