"""Each segment's facet codes in a file beside it, written once after the commit that adds
the segment, so that a server's start reads them instead of every value of the segment.

Reading a segment's coded fields (the facets, the body keys of collapsing, the dates) from
its terms and columns is most of a server's warm-up: some two seconds per 100,000 articles.
After a commit adds a segment, ``indexer.engine.writing`` writes the codes of its fields
(``facets.FILED``: the coded fields, and the ids) as ``MAIN_<id>.codes``: numpy's npz (no
pickle) with a CRC-32 of its arrays, written to a temporary file and renamed (a reader sees
all of it or none), before the segment's checksums, which then cover it too. Its name
follows Whoosh's segment files: Whoosh deletes it with its segment.

For each field: its values (``labels``, UTF-8, one after another, and the character where
each ends), each document's code (``codes``) and, for a multi-valued field, where each
document's codes start (``offsets``), as ``facets._Codes`` holds them. A file that is
missing (a failed write, or an index written before these files, until its next commit
writes them), unreadable, or at odds with its segment (another segment's, another number of
documents, a code beyond the values, offsets out of order) is not used: the codes are read
from the segment itself. A file is never misread.
"""
from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from indexer.durable import written_whole

SUFFIX = ".codes"
_CHECK = "crc32"
FORMAT = 1
# One field's tables: (values, each document's codes, offsets or None).
Tables = tuple[list[str], np.ndarray, np.ndarray | None]


def file_name(segment_id: str) -> str:
    return segment_id + SUFFIX


def write_codes(folder: Path, segment_id: str, documents: int,
                fields: Mapping[str, Tables]) -> None:
    """Write the file of ``segment_id`` (``documents`` documents, deleted ones included)
    with the tables of ``fields``. Raises OSError; a failed write leaves no file."""
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT), "documents": np.array(documents),
        "segment": np.frombuffer(segment_id.encode("utf-8"), dtype=np.uint8)}
    for field, (labels, codes, offsets) in fields.items():
        arrays[f"{field}/labels"] = np.frombuffer("".join(labels).encode("utf-8"),
                                                  dtype=np.uint8)
        arrays[f"{field}/ends"] = np.cumsum([len(label) for label in labels], dtype=np.int64)
        arrays[f"{field}/codes"] = codes.astype(np.int32, copy=False)
        if offsets is not None:
            arrays[f"{field}/offsets"] = offsets.astype(np.int64, copy=False)
    arrays[_CHECK] = np.array(_crc(arrays), dtype=np.uint32)
    with written_whole(folder / file_name(segment_id), "wb") as out:
        np.savez(out, **arrays)


def read_codes(folder: Path, segment_id: str, documents: int) -> dict[str, Tables]:
    """The tables in the file of ``segment_id``, by field; empty when there is no usable
    file (see the module)."""
    try:
        with np.load(folder / file_name(segment_id), allow_pickle=False) as npz:
            stored = {name: npz[name] for name in npz.files}
        if (int(stored.pop(_CHECK)) != _crc(stored) or int(stored["format"]) != FORMAT
                or int(stored["documents"]) != documents
                or stored["segment"].tobytes() != segment_id.encode("utf-8")):
            return {}  # changed since written, another format, another segment's file
        fields = {name.split("/")[0] for name in stored if "/" in name}
        return {field: _checked(stored, field, documents) for field in fields}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError):
        return {}


def _crc(arrays: Mapping[str, np.ndarray]) -> int:
    """The CRC-32 of the arrays' names and bytes, in name order: zip's own CRC is checked
    only when a member is read to its end, which numpy does not always do."""
    crc = 0
    for name in sorted(arrays):
        crc = zlib.crc32(name.encode("utf-8"), crc)
        crc = zlib.crc32(np.ascontiguousarray(arrays[name]).data, crc)
    return crc


def _checked(stored: Mapping[str, np.ndarray], field: str, documents: int) -> Tables:
    """One field's tables, checked against each other. Raises ValueError, KeyError."""
    text = stored[f"{field}/labels"].tobytes().decode("utf-8")
    ends = stored[f"{field}/ends"]
    starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
    if len(ends) and (ends[-1] != len(text) or np.any(ends < starts)):
        raise ValueError(f"the values of {field} are cut wrong")
    labels = list(map(text.__getitem__, map(slice, starts.tolist(), ends.tolist())))
    codes = stored[f"{field}/codes"]
    if codes.dtype != np.int32 or codes.ndim != 1:
        raise ValueError(f"the codes of {field} are not int32")
    if len(codes) and (codes.min() < 0 or codes.max() >= len(labels)):
        raise ValueError(f"a code of {field} beyond its values")
    offsets = stored.get(f"{field}/offsets")
    if offsets is None:
        if len(codes) != documents:
            raise ValueError(f"{field} has {len(codes)} codes for {documents} documents")
    elif (offsets.dtype != np.int64 or len(offsets) != documents + 1 or offsets[0] != 0
          or offsets[-1] != len(codes) or np.any(np.diff(offsets) < 0)):
        raise ValueError(f"the offsets of {field} are out of order")
    return labels, codes, offsets
